import { backoffDelay, type Backoff } from "./backoffDelay";
import { Outbox } from "./outbox";

/** The parts of a WebSocket used here: the browser's has them, and so has the `ws` package's (Node tests). */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number }) => void) | null;
  onerror: ((event: never) => void) | null;
  send(data: string): void;
  close(code?: number): void;
}

export type SocketState = "connecting" | "open" | "reconnecting" | "closed";

/** What comes with a state change: the close code that caused it, the wait before the next attempt. */
export interface StateDetail {
  code?: number;
  retryInMs?: number;
}

export interface ReconnectingSocketOptions<Out extends { id: string }> {
  /** The address, read at every attempt (the chat's carries the page's current language). */
  url: () => string;
  onMessage: (data: string) => void;
  onState?: (state: SocketState, detail: StateDetail) => void;
  /** Called on every open: "hold" keeps the outbox back until release() (the chat resumes its session first). */
  onOpen?: () => "flush" | "hold";
  /** Called whenever the outbox changes (the chat page shows "sending" while it is not empty). */
  onOutbox?: (pending: readonly Out[]) => void;
  /** Close codes after which coming back is pointless (the console's "signed out"): the socket stops. */
  finalCodes?: readonly number[];
  backoff?: Backoff;
  random?: () => number;
  /** A ping frame every `everyMs`; no frame at all within `timeoutMs` after it means the connection is dead. */
  heartbeat?: { everyMs: number; timeoutMs: number; ping: () => Out };
  /** Opens a socket (the browser's WebSocket unless given, e.g. the `ws` package's in Node). */
  open?: (url: string) => SocketLike;
}

const OPEN = 1;
const DEFAULT_BACKOFF: Backoff = { firstMs: 500, maxMs: 15_000 };

/**
 * One WebSocket that comes back by itself: exponential back-off with jitter and a cap, a heartbeat
 * that notices a silent dead network (no FIN, no RST), and an outbox of messages kept until the
 * server acknowledges them (settle), written once per connection, in order, with their own ids.
 * The chat page and the console's live views both use it; the protocols live with them.
 */
export class ReconnectingSocket<Out extends { id: string }> {
  private socket: SocketLike | undefined;
  private attempt = 0;
  private state: SocketState = "connecting";
  private held = false;
  private closedForGood = false;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private deadline: ReturnType<typeof setTimeout> | undefined;
  private readonly outbox: Outbox<Out>;

  constructor(private readonly options: ReconnectingSocketOptions<Out>) {
    this.outbox = new Outbox(options.onOutbox);
  }

  /** Whether frames can be written now (open, and the outbox not held back). */
  get ready(): boolean {
    return this.socket?.readyState === OPEN && !this.held;
  }

  get pending(): readonly Out[] {
    return this.outbox.pending;
  }

  connect(): void {
    this.closedForGood = false;
    clearTimeout(this.reconnectTimer);
    if (this.state !== "reconnecting") this.setState("connecting", {});
    const open = this.options.open ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
    const socket = open(this.options.url());
    this.socket = socket;
    socket.onopen = () => this.opened(socket);
    socket.onmessage = (event) => this.received(socket, event.data);
    socket.onclose = (event) => this.lost(socket, event.code);
    socket.onerror = () => socket.close();
  }

  /** Queues a message until the server acknowledges it; written now if the connection is ready. */
  send(message: Out): void {
    this.outbox.add(message);
    if (this.ready) this.write(message);
  }

  /** Writes a frame now if the socket is open (even while the outbox is held); dropped otherwise. */
  post(message: Out): boolean {
    if (this.socket?.readyState !== OPEN) return false;
    this.write(message);
    return true;
  }

  /** The server acknowledged (or refused) message `id`: it leaves the outbox. */
  settle(id: string): void {
    this.outbox.retain((m) => m.id !== id);
  }

  /** Keeps only the queued messages `keep` accepts. */
  retain(keep: (message: Out) => boolean): void {
    this.outbox.retain(keep);
  }

  /** Writes queued message `id` again (same id: the server applies it once), if it is still waiting. */
  resend(id: string): void {
    const message = this.outbox.find(id);
    if (message && this.ready) this.write(message);
  }

  /** Ends the hold of onOpen: the outbox goes out, in order. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    this.flush();
  }

  /** Tries at once, from the first delay again (the browser says it is online again). */
  retryNow(): void {
    if (this.state !== "reconnecting") return;
    this.attempt = 0;
    this.connect();
  }

  /** Stops for good: no reconnect, no timer left. */
  close(): void {
    this.closedForGood = true;
    clearTimeout(this.reconnectTimer);
    this.stopHeartbeat();
    const socket = this.socket;
    this.socket = undefined;
    socket?.close(1000);
    this.setState("closed", {});
  }

  private write(message: Out): void {
    this.socket?.send(JSON.stringify(message));
  }

  private flush(): void {
    for (const message of this.outbox.pending) this.write(message);
  }

  private opened(socket: SocketLike): void {
    if (socket !== this.socket) return;
    this.attempt = 0;
    this.held = this.options.onOpen?.() === "hold";
    this.setState("open", {});
    this.startHeartbeat(socket);
    if (!this.held) this.flush();
  }

  private received(socket: SocketLike, data: unknown): void {
    if (socket !== this.socket) return;
    // Any frame proves the connection alive, not only the pong.
    this.clearDeadline();
    this.options.onMessage(String(data));
  }

  private startHeartbeat(socket: SocketLike): void {
    const heartbeat = this.options.heartbeat;
    this.stopHeartbeat();
    if (!heartbeat) return;
    this.pingTimer = setInterval(() => {
      this.post(heartbeat.ping());
      // A dead network may take minutes to report a close: without a frame by the deadline, give up on this socket.
      this.deadline ??= setTimeout(() => this.abandon(socket), heartbeat.timeoutMs);
    }, heartbeat.everyMs);
  }

  private stopHeartbeat(): void {
    clearInterval(this.pingTimer);
    this.clearDeadline();
  }

  private clearDeadline(): void {
    clearTimeout(this.deadline);
    this.deadline = undefined;
  }

  private abandon(socket: SocketLike): void {
    if (socket !== this.socket) return;
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = null;
    socket.close();
    this.lost(socket, 1006);
  }

  private lost(socket: SocketLike, code: number): void {
    if (socket !== this.socket || this.closedForGood) return;
    this.stopHeartbeat();
    this.held = false;
    if (this.options.finalCodes?.includes(code)) {
      this.closedForGood = true;
      this.socket = undefined;
      return this.setState("closed", { code });
    }
    const retryInMs = backoffDelay(this.attempt, this.options.backoff ?? DEFAULT_BACKOFF, this.options.random);
    this.attempt++;
    // Scheduled before the owner hears of it: an owner may close() from its callback.
    this.reconnectTimer = setTimeout(() => this.connect(), retryInMs);
    this.setState("reconnecting", { code, retryInMs });
  }

  private setState(state: SocketState, detail: StateDetail): void {
    this.state = state;
    this.options.onState?.(state, detail);
  }
}
