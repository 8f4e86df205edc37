import WebSocket from "ws";
import { serverMessageSchema, type ServerMessage } from "../../bot/channels/web/protocol.js";

/**
 * A test client over a real `ws` socket: every server frame is validated with the protocol's
 * schema (a frame that does not parse fails the test) and queued until a test takes it.
 */
export class WsClient {
  private readonly inbox: ServerMessage[] = [];
  private waiters: { match: (m: ServerMessage) => boolean; resolve: (m: ServerMessage) => void }[] = [];
  closeCode: number | undefined;

  private constructor(readonly socket: WebSocket) {
    socket.on("message", (data) => {
      const message = serverMessageSchema.parse(JSON.parse(String(data)));
      const waiter = this.waiters.find((w) => w.match(message));
      if (waiter) {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        waiter.resolve(message);
      } else this.inbox.push(message);
    });
    socket.on("close", (code) => (this.closeCode = code));
  }

  static async connect(url: string, headers: Record<string, string> = {}): Promise<WsClient> {
    const socket = new WebSocket(url, { headers });
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    return new WsClient(socket);
  }

  send(message: unknown): void {
    this.socket.send(typeof message === "string" ? message : JSON.stringify(message));
  }

  /** Resolves with the next message matching `match` (queued or yet to come), or fails after `ms`. */
  next<T extends ServerMessage["type"]>(
    type: T,
    match: (m: Extract<ServerMessage, { type: T }>) => boolean = () => true,
    ms = 5_000,
  ): Promise<Extract<ServerMessage, { type: T }>> {
    const test = (m: ServerMessage) => m.type === type && match(m as Extract<ServerMessage, { type: T }>);
    return this.nextWhere(test, ms) as Promise<Extract<ServerMessage, { type: T }>>;
  }

  /** Resolves with the next message of any type matching `match`. */
  nextWhere(match: (m: ServerMessage) => boolean, ms = 5_000): Promise<ServerMessage> {
    const index = this.inbox.findIndex(match);
    if (index >= 0) return Promise.resolve(this.inbox.splice(index, 1)[0]!);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no matching message within ${ms} ms`)), ms);
      this.waiters.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }

  /** Sends a client message and collects everything up to its ack (or error): the whole reply. */
  async turn(message: { id: string } & Record<string, unknown>): Promise<{ messages: Extract<ServerMessage, { type: "message" }>[]; end: ServerMessage }> {
    this.send({ v: 1, ...message });
    const end = await this.nextWhere((m) => (m.type === "ack" || m.type === "error") && m.replyTo === message.id);
    const messages = this.drain("message");
    return { messages, end };
  }

  /** Takes every queued message of a type. */
  drain<T extends ServerMessage["type"]>(type: T): Extract<ServerMessage, { type: T }>[] {
    const taken = this.inbox.filter((m) => m.type === type) as Extract<ServerMessage, { type: T }>[];
    for (const m of taken) this.inbox.splice(this.inbox.indexOf(m), 1);
    return taken;
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once("close", () => resolve());
      this.socket.close();
    });
  }
}
