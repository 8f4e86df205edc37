import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket, { WebSocketServer } from "ws";
import { backoffDelay } from "../../console/lib/socket/backoffDelay.js";
import {
  ReconnectingSocket,
  type ReconnectingSocketOptions,
  type SocketLike,
  type SocketState,
  type StateDetail,
} from "../../console/lib/socket/reconnectingSocket.js";

/*
 * The client socket shared by the chat page and the console, driven in Node by the `ws` package's
 * WebSocket against a real `ws` server on 127.0.0.1. Waits are on conditions, never on the clock.
 */

interface Frame {
  id: string;
  type: string;
}

/** A real server that records, per connection, the frames it received. */
class TestServer {
  readonly connections: { socket: WebSocket; frames: Frame[] }[] = [];
  private constructor(
    readonly wss: WebSocketServer,
    readonly answerPings: boolean,
  ) {
    wss.on("connection", (socket) => {
      const connection = { socket, frames: [] as Frame[] };
      this.connections.push(connection);
      socket.on("message", (data) => {
        const frame = JSON.parse(String(data)) as Frame;
        connection.frames.push(frame);
        if (frame.type === "ping" && this.answerPings) socket.send(JSON.stringify({ type: "pong", replyTo: frame.id }));
      });
    });
  }

  static async start(options: { port?: number; answerPings?: boolean } = {}): Promise<TestServer> {
    const wss = new WebSocketServer({ host: "127.0.0.1", port: options.port ?? 0 });
    await new Promise<void>((resolve) => wss.once("listening", () => resolve()));
    const server = new TestServer(wss, options.answerPings ?? true);
    servers.push(server);
    return server;
  }

  get port(): number {
    return (this.wss.address() as AddressInfo).port;
  }

  get last(): { socket: WebSocket; frames: Frame[] } {
    return this.connections.at(-1)!;
  }

  /** Frames of connection `n` (0-based) other than pings. */
  framesOf(n: number): Frame[] {
    return this.connections[n]!.frames.filter((f) => f.type !== "ping");
  }

  /** The server drops the newest connection abruptly (as a crash or a proxy would). */
  drop(): void {
    this.last.socket.terminate();
  }

  async stop(): Promise<void> {
    for (const { socket } of this.connections) socket.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

const servers: TestServer[] = [];
const sockets: ReconnectingSocket<Frame>[] = [];

afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});

/** A client with fast test delays; records its state changes. */
function client(port: number, options: Partial<ReconnectingSocketOptions<Frame>> = {}) {
  const states: { state: SocketState; detail: StateDetail }[] = [];
  const received: string[] = [];
  const socket: ReconnectingSocket<Frame> = new ReconnectingSocket<Frame>({
    url: () => `ws://127.0.0.1:${port}/`,
    open: (url) => new WebSocket(url) as unknown as SocketLike,
    backoff: { firstMs: 20, maxMs: 160 },
    random: () => 1,
    onMessage: (data) => received.push(data),
    onState: (state, detail) => states.push({ state, detail }),
    ...options,
  });
  sockets.push(socket);
  return { socket, states, received };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  await expect.poll(condition, { timeout: 10_000, message: what }).toBe(true);
}

let nextId = 0;
const frame = (type: string): Frame => ({ id: `m${++nextId}`, type });

describe("the back-off", () => {
  it("doubles from the first delay up to the cap, half of it random", () => {
    const backoff = { firstMs: 500, maxMs: 15_000 };
    expect([0, 1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, backoff, () => 1))).toEqual([500, 1000, 2000, 4000, 8000, 15_000, 15_000]);
    expect([0, 1, 6].map((n) => backoffDelay(n, backoff, () => 0))).toEqual([250, 500, 7500]);
  });
});

describe("a reconnecting socket", () => {
  it("connects, says it is open, and passes on what the server sends", async () => {
    const server = await TestServer.start();
    const { socket, states, received } = client(server.port);
    socket.connect();
    await until(() => server.connections.length === 1, "the server sees the connection");
    await until(() => states.at(-1)?.state === "open", "the socket says it is open");
    server.last.socket.send("hello");
    await until(() => received.includes("hello"), "the frame is passed on");
    expect(states.map((s) => s.state)).toEqual(["connecting", "open"]);
  });

  it("reconnects after the server drops the connection", async () => {
    const server = await TestServer.start();
    const { socket, states } = client(server.port);
    socket.connect();
    await until(() => states.at(-1)?.state === "open", "open");
    server.drop();
    await until(() => server.connections.length === 2 && states.at(-1)?.state === "open", "a second connection is open");
    expect(states.map((s) => s.state)).toEqual(["connecting", "open", "reconnecting", "open"]);
  });

  it("waits longer after each failed attempt, up to the cap, and from the start again once connected", async () => {
    const server = await TestServer.start();
    const port = server.port;
    const { socket, states } = client(port);
    socket.connect();
    await until(() => states.at(-1)?.state === "open", "open");
    await server.stop();
    servers.splice(servers.indexOf(server), 1);
    const delays = () => states.filter((s) => s.state === "reconnecting").map((s) => s.detail.retryInMs);
    await until(() => delays().length >= 6, "six attempts failed");
    expect(delays().slice(0, 6)).toEqual([20, 40, 80, 160, 160, 160]);

    const back = await TestServer.start({ port });
    await until(() => states.at(-1)?.state === "open", "open again");
    const before = delays().length;
    back.drop();
    await until(() => delays().length === before + 1, "the drop is noticed");
    expect(delays().at(-1)).toBe(20);
  });

  it("sends what was queued while offline once, in order, after reconnecting, with the same ids", async () => {
    const server = await TestServer.start();
    // A back-off long enough for the messages to be sent while offline.
    const { socket, states } = client(server.port, { backoff: { firstMs: 1000, maxMs: 1000 } });
    socket.connect();
    await until(() => states.at(-1)?.state === "open", "open");
    server.drop();
    await until(() => states.at(-1)?.state === "reconnecting", "offline");
    expect(socket.ready).toBe(false);
    const queued = [frame("answer"), frame("answer"), frame("text")];
    for (const message of queued) socket.send(message);
    await until(() => server.connections.length === 2 && server.framesOf(1).length === 3, "the queue arrives");
    expect(server.framesOf(1)).toEqual(queued);

    // Acknowledged, they leave the queue: the next connection gets only what is new.
    for (const message of queued) socket.settle(message.id);
    server.drop();
    await until(() => server.connections.length === 3 && states.at(-1)?.state === "open", "a third connection");
    const later = frame("answer");
    socket.send(later);
    await until(() => server.framesOf(2).length === 1, "the new message arrives");
    expect(server.framesOf(2)).toEqual([later]);
  });

  it("sends an unacknowledged message again after a reconnect, with its id, so the server can apply it once", async () => {
    const server = await TestServer.start();
    const { socket, states } = client(server.port);
    socket.connect();
    await until(() => states.at(-1)?.state === "open", "open");
    const turn = frame("answer");
    socket.send(turn);
    await until(() => server.framesOf(0).length === 1, "written once");
    server.drop();
    await until(() => server.connections.length === 2 && server.framesOf(1).length === 1, "written again");
    expect(server.framesOf(1)).toEqual([turn]);
    expect(socket.pending).toEqual([turn]);
  });

  it("holds the queue back while the owner resumes, then sends it on release", async () => {
    const server = await TestServer.start();
    const { socket, states } = client(server.port, { onOpen: () => "hold" });
    socket.send(frame("answer"));
    socket.connect();
    await until(() => states.at(-1)?.state === "open", "open");
    const resume = frame("resume");
    expect(socket.post(resume)).toBe(true);
    await until(() => server.framesOf(0).length === 1, "the resume arrives");
    expect(server.framesOf(0)).toEqual([resume]);
    socket.release();
    await until(() => server.framesOf(0).length === 2, "the queue follows");
    expect(server.framesOf(0).map((f) => f.type)).toEqual(["resume", "answer"]);
  });

  it("gives up on a connection that answers nothing to its pings and opens a new one", async () => {
    const server = await TestServer.start({ answerPings: false });
    const { socket, states } = client(server.port, { heartbeat: { everyMs: 20, timeoutMs: 40, ping: () => frame("ping") } });
    socket.connect();
    await until(() => server.connections.length === 2, "a second connection");
    // The server never closed the first connection: only the missing pong could tell it was dead.
    expect(states.find((s) => s.state === "reconnecting")?.detail.code).toBe(1006);
  });

  it("keeps a connection whose server answers its pings", async () => {
    const server = await TestServer.start({ answerPings: true });
    const { socket, states } = client(server.port, { heartbeat: { everyMs: 20, timeoutMs: 40, ping: () => frame("ping") } });
    socket.connect();
    await until(() => (server.connections[0]?.frames.length ?? 0) >= 8, "eight pings answered");
    expect(server.connections).toHaveLength(1);
    expect(states.map((s) => s.state)).toEqual(["connecting", "open"]);
  });

  it("stops after close(): no reconnect, while a socket left open comes back", async () => {
    const server = await TestServer.start();
    const port = server.port;
    const closed = client(port);
    const control = client(port);
    closed.socket.connect();
    control.socket.connect();
    await until(() => closed.states.at(-1)?.state === "open" && control.states.at(-1)?.state === "open", "both open");
    await server.stop();
    servers.splice(servers.indexOf(server), 1);
    await until(() => closed.states.at(-1)?.state === "reconnecting" && control.states.at(-1)?.state === "reconnecting", "both offline");
    closed.socket.close();
    const back = await TestServer.start({ port });
    // Both kept the same back-off: by the time the control is back and heard, the closed one would have been too.
    control.socket.send(frame("answer"));
    await until(() => back.connections.length >= 1 && back.framesOf(back.connections.length - 1).length === 1, "the control came back");
    expect(back.connections).toHaveLength(1);
    expect(closed.states.at(-1)?.state).toBe("closed");
  });

  it("stops on a close code that says coming back is pointless", async () => {
    const server = await TestServer.start();
    const { socket, states } = client(server.port, { finalCodes: [4401] });
    socket.connect();
    await until(() => states.at(-1)?.state === "open", "open");
    server.last.socket.close(4401);
    await until(() => states.at(-1)?.state === "closed", "closed");
    expect(states.at(-1)?.detail.code).toBe(4401);
    expect(server.connections).toHaveLength(1);
  });
});
