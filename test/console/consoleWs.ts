import { randomUUID } from "node:crypto";
import WebSocket from "ws";
import { CONSOLE_COOKIE } from "../../bot/auth/sessionCookie.js";
import { consoleServerSchema, type ConsoleServerMessage } from "../../bot/channels/web/consoleProtocol.js";

type Of<T extends ConsoleServerMessage["type"]> = Extract<ConsoleServerMessage, { type: T }>;

/**
 * A console page's live socket (/ws?console=1) over a real `ws` client, signed in by the session
 * cookie: every server frame is validated with the console protocol's schema and kept, in order.
 */
export class ConsoleWsClient {
  /** Every message received, in order (for "and nothing else" assertions after a ping). */
  readonly received: ConsoleServerMessage[] = [];
  private waiters: { match: (m: ConsoleServerMessage) => boolean; resolve: (m: ConsoleServerMessage) => void }[] = [];
  private readonly taken = new Set<ConsoleServerMessage>();

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data) => {
      const message = consoleServerSchema.parse(JSON.parse(String(data)));
      this.received.push(message);
      const waiter = this.waiters.find((w) => w.match(message));
      if (waiter) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    });
  }

  /** Opens the socket with a console session token (as the browser sends its cookie) and waits for the queue; `lang` as a console page passes its language. */
  static async connect(wsBase: string, token: string, options: { lang?: "fr" | "en"; acceptLanguage?: string } = {}): Promise<ConsoleWsClient> {
    const url = `${wsBase}?console=1${options.lang ? `&lang=${options.lang}` : ""}`;
    const headers: Record<string, string> = { cookie: `${CONSOLE_COOKIE}=${token}` };
    if (options.acceptLanguage) headers["accept-language"] = options.acceptLanguage;
    const socket = new WebSocket(url, { headers });
    const client = new ConsoleWsClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    await client.next("queue");
    return client;
  }

  send(message: Record<string, unknown>): string {
    const id = randomUUID();
    this.socket.send(JSON.stringify({ v: 1, id, ...message }));
    return id;
  }

  /** Opens a case page's stream and waits for its transcript backlog. */
  async watch(caseId: string): Promise<void> {
    this.send({ type: "watch", caseId, afterSeq: 0 });
    await this.next("transcript", (m) => m.caseId === caseId);
  }

  /** Resolves with the first message of `type` matching `match` not taken yet (already received or yet to come). */
  next<T extends ConsoleServerMessage["type"]>(type: T, match: (m: Of<T>) => boolean = () => true, ms = 5_000): Promise<Of<T>> {
    const test = (m: ConsoleServerMessage) => m.type === type && !this.taken.has(m) && match(m as Of<T>);
    const found = this.received.find(test);
    if (found) {
      this.taken.add(found);
      return Promise.resolve(found as Of<T>);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`console: no ${type} within ${ms} ms`)), ms);
      this.waiters.push({
        match: test,
        resolve: (m) => {
          clearTimeout(timer);
          this.taken.add(m);
          resolve(m as Of<T>);
        },
      });
    });
  }

  /** A round trip: whatever the server sent this socket before the pong has been received. */
  async ping(): Promise<void> {
    const id = this.send({ type: "ping" });
    await this.next("pong", (m) => m.replyTo === id);
  }

  /** The messages of `type` received so far. */
  all<T extends ConsoleServerMessage["type"]>(type: T): Of<T>[] {
    return this.received.filter((m) => m.type === type) as Of<T>[];
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once("close", () => resolve());
      this.socket.close();
    });
  }
}
