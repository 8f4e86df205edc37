import {
  PROTOCOL_VERSION, serverMessageSchema,
  type ClientMessage, type ServerMessage, type WireChatMessage, type WireHandoffView, type WireQuestion,
} from "$wire/chat";
import { alertClinicianJoined } from "./clinicianJoinedAlert";
import type { Locale } from "./guessLocale";
import { TypingIndicator } from "../typing/typingIndicator.svelte";
import { TypingSignal } from "../typing/typingSignal";
import { hideEmergency, showEmergency } from "./showEmergency";
import { TEXTS } from "./texts";
import { randomKey } from "./randomKey";

export type SessionStatus = "active" | "completed" | "handoff" | "closed";
export type ConnectionState = "connecting" | "open" | "reconnecting";

/** What survives a reload: the resume token and the last seq seen (never the transcript itself). */
interface Saved {
  sessionId: string;
  resumeToken: string;
  lastSeq: number;
}

type Outgoing = Exclude<ClientMessage, { type: "resume" | "ping" | "typing" }>;
type OutgoingInput = Outgoing extends infer M ? (M extends Outgoing ? Omit<M, "v" | "id"> : never) : never;

const BACKOFF_MS = { first: 500, max: 15_000 };
const PING_MS = 25_000;
/** Typing frames' ids start with this: an error about one (rate limit) is not the patient's business. */
const TYPING_ID_PREFIX = "typing-";
/** A turn refused as too fast is sent again after this pause (the server's window is 10 s). */
const RATE_LIMIT_RETRY_MS = 2_500;
const PONG_TIMEOUT_MS = 10_000;

/** A message id: unique per session; the server identifies a start by it and the page's client key. */
const newId = (): string => randomKey(16);

/**
 * The patient's side of the web protocol: one WebSocket that reconnects by itself (exponential
 * back-off) and resumes the same session (token and last seq in localStorage), an outbox of
 * messages not yet acknowledged (re-sent with the same id: the server dedupes), and a transcript
 * rendered by seq and deduped by seq. Typing goes both ways (throttled, never queued: a lost
 * signal is simply lost), and the server says whether the clinician has the case open.
 */
export class ChatSession {
  messages = $state<WireChatMessage[]>([]);
  question = $state<WireQuestion | null>(null);
  status = $state<SessionStatus | null>(null);
  connection = $state<ConnectionState>("connecting");
  locale = $state<Locale>("fr");
  error = $state<string | null>(null);
  /** The code of `error` (the phone field shows TRIAGE_INVALID_PHONE next to itself). */
  errorCode = $state<string | null>(null);
  outbox = $state<{ id: string; message: Outgoing }[]>([]);
  resuming = $state(false);
  /** Set when the saved session could not be reopened (expired, closed, unknown): the page offers a new start. */
  resumeRefused = $state<{ code: string; text: string } | null>(null);
  /** Whether the clinician is typing to the patient (it clears itself after a few seconds without news). */
  readonly clinicianTyping = new TypingIndicator();
  /** Whether the clinician who took the case has it open now. */
  clinicianPresent = $state(false);
  /** The session's hand-off case as the waiting screen shows it (null: none open). */
  handoff = $state<WireHandoffView | null>(null);
  /** The page's clock minus the server's, from the last hand-off view: elapsed times use the server's. */
  serverSkewMs = 0;
  /** Whether a "clinician joined" heard live (not replayed by a resume) should ring and notify. */
  private live = false;

  private socket: WebSocket | undefined;
  private attempt = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private pongDeadline: ReturnType<typeof setTimeout> | undefined;
  private resumeId: string | undefined;
  private closed = false;
  private readonly storageKey: string;
  private readonly typingSignal = new TypingSignal((on) => this.sendTyping(on));
  /**
   * This page's key, sent with every start: the server identifies a start by it and the start's id,
   * so a start re-sent after a lost acknowledgement gets this page's session back, and no other page can.
   */
  private readonly clientKey = randomKey(16);

  constructor(private readonly flow: string, locale: Locale, private readonly wsUrl: string) {
    this.locale = locale;
    this.storageKey = `triage.chat.${flow}`;
  }

  /** True when this browser holds a session of this flow (so the privacy notice was accepted). */
  get hasSession(): boolean {
    return this.saved() !== undefined;
  }

  get lastSeq(): number {
    return this.messages.at(-1)?.seq ?? 0;
  }

  connect(): void {
    this.closed = false;
    clearTimeout(this.reconnectTimer);
    const socket = new WebSocket(`${this.wsUrl}?lang=${this.locale}`);
    this.socket = socket;
    socket.onopen = () => this.opened(socket);
    socket.onmessage = (event) => this.received(event.data);
    socket.onclose = () => this.lost(socket);
    socket.onerror = () => socket.close();
  }

  /** Stops for good (page unload); no reconnect. */
  dispose(): void {
    this.typingSignal.stop();
    this.clinicianTyping.clear();
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    clearInterval(this.pingTimer);
    clearTimeout(this.pongDeadline);
    this.socket?.close(1000);
  }

  /** Reconnects now (the browser says it is online again). */
  retryNow(): void {
    if (this.connection === "reconnecting") {
      this.attempt = 0;
      this.connect();
    }
  }

  start(): void {
    this.send({ type: "start", flow: this.flow, locale: this.locale, client: this.clientKey });
  }

  answer(value: string | number | boolean | string[], questionId?: string): void {
    this.send(questionId ? { type: "answer", value, questionId } : { type: "answer", value });
  }

  /** Free text to the clinician who joined (or, during the questions, a typed reply). */
  say(text: string): void {
    this.send({ type: "text", text });
  }

  /** The patient typed a key in a text or number field (throttled into typing signals). */
  typing(): void {
    this.typingSignal.keystroke();
  }

  /** The patient left the field without sending. */
  stopTyping(): void {
    this.typingSignal.stop();
  }

  back(): void {
    this.send({ type: "back" });
  }

  askHuman(): void {
    this.send({ type: "ask_human" });
  }

  /** A phone number for the clinician to call back (checked by the server). */
  giveContact(phone: string): void {
    this.send({ type: "contact", phone });
  }

  /**
   * Ends this conversation: an open case shows the clinician the patient left (issue 24, item 1),
   * then a new one starts once the server confirmed.
   */
  leaveAndRestart(): void {
    if (!this.saved() || this.status === null) return this.restart();
    this.afterLeave = true;
    this.send({ type: "leave" });
  }
  private afterLeave = false;

  setLocale(locale: Locale): void {
    if (locale === this.locale) return;
    this.locale = locale;
    if (this.saved() && this.status !== null) this.send({ type: "set_locale", locale });
  }

  /** Forgets this browser's session and starts a new one. */
  restart(): void {
    localStorage.removeItem(this.storageKey);
    this.resumeRefused = null;
    this.messages = [];
    this.question = null;
    this.status = null;
    this.outbox = [];
    this.clinicianPresent = false;
    this.handoff = null;
    this.afterLeave = false;
    this.clinicianTyping.clear();
    hideEmergency();
    this.start();
  }

  private send(input: OutgoingInput): void {
    // Whatever the patient sends, they are not typing any more.
    this.typingSignal.stop();
    const id = newId();
    const message = { v: PROTOCOL_VERSION, id, ...input } as Outgoing;
    this.error = null;
    this.errorCode = null;
    this.outbox = [...this.outbox, { id, message }];
    if (this.ready()) this.write(message);
  }

  private ready(): boolean {
    return this.socket?.readyState === WebSocket.OPEN && !this.resuming;
  }

  /** Ephemeral: written now if the session is live, otherwise dropped (never in the outbox). */
  private sendTyping(on: boolean): void {
    if (this.ready() && this.status !== null) this.write({ v: PROTOCOL_VERSION, type: "typing", id: `${TYPING_ID_PREFIX}${newId()}`, on });
  }

  private write(message: ClientMessage): void {
    this.socket?.send(JSON.stringify(message));
  }

  private opened(socket: WebSocket): void {
    if (socket !== this.socket) return;
    this.connection = "open";
    this.attempt = 0;
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => this.ping(), PING_MS);
    const saved = this.saved();
    if (saved) {
      this.resuming = true;
      this.resumeId = newId();
      this.live = false;
      this.write({ v: PROTOCOL_VERSION, type: "resume", id: this.resumeId, resumeToken: saved.resumeToken, afterSeq: this.lastSeq });
    } else this.flush();
  }

  /** Re-sends every unacknowledged message with its original id, in order. */
  private flush(): void {
    for (const { message } of this.outbox) this.write(message);
  }

  private ping(): void {
    if (this.socket?.readyState !== WebSocket.OPEN) return;
    this.write({ v: PROTOCOL_VERSION, type: "ping", id: newId() });
    clearTimeout(this.pongDeadline);
    // A silent network (no FIN, no RST) is only noticed by a missing pong.
    this.pongDeadline = setTimeout(() => this.socket?.close(), PONG_TIMEOUT_MS);
  }

  private lost(socket: WebSocket): void {
    if (socket !== this.socket) return;
    clearInterval(this.pingTimer);
    clearTimeout(this.pongDeadline);
    this.resuming = false;
    this.clinicianTyping.clear();
    if (this.closed) return;
    this.connection = "reconnecting";
    const delay = Math.min(BACKOFF_MS.max, BACKOFF_MS.first * 2 ** this.attempt);
    this.attempt++;
    this.reconnectTimer = setTimeout(() => this.connect(), delay / 2 + Math.random() * (delay / 2));
  }

  private received(data: unknown): void {
    let parsed;
    try {
      parsed = serverMessageSchema.safeParse(JSON.parse(String(data)));
    } catch {
      return;
    }
    if (parsed.success) this.apply(parsed.data);
  }

  private apply(message: ServerMessage): void {
    switch (message.type) {
      case "session":
        this.status = message.status;
        this.locale = message.locale;
        if (message.resumeToken) {
          // A new session: nobody has its case yet (after a resume, the server says where things stand).
          this.clinicianPresent = false;
          this.live = true;
          this.save({ sessionId: message.sessionId, resumeToken: message.resumeToken, lastSeq: this.lastSeq });
          // The session exists now: a start re-sent after a drop would open a second one.
          this.outbox = this.outbox.filter((o) => o.message.type !== "start");
        }
        break;
      case "message":
        this.addMessage(message.message);
        break;
      case "question":
        this.question = message.question;
        if (this.resuming) {
          this.resuming = false;
          this.flush();
        }
        // What a resume replays is history: from here on, a clinician joining is news.
        this.live = true;
        break;
      case "handoff":
        this.handoff = message.view;
        if (message.view) this.serverSkewMs = Date.now() - Date.parse(message.view.serverTime);
        break;
      case "ack": {
        const left = this.afterLeave && this.outbox.some((o) => o.id === message.replyTo && o.message.type === "leave");
        this.status = message.status;
        this.outbox = this.outbox.filter((o) => o.id !== message.replyTo);
        this.error = null;
        if (left) this.restart();
        break;
      }
      case "error":
        this.failed(message.code, message.text, message.replyTo);
        break;
      case "pong":
        clearTimeout(this.pongDeadline);
        break;
      case "typing":
        if (message.who === "clinician") this.clinicianTyping.signal(message.on);
        break;
      case "presence":
        this.clinicianPresent = message.clinician;
        break;
    }
  }

  private failed(code: string, text: string, replyTo: string | undefined): void {
    if (replyTo?.startsWith(TYPING_ID_PREFIX)) return;
    if (replyTo !== undefined && replyTo === this.resumeId) {
      // The session cannot be reopened (token expired, case closed, unknown): forget it; the page offers a new start.
      this.resuming = false;
      this.resumeRefused = { code, text };
      localStorage.removeItem(this.storageKey);
      this.messages = [];
      this.question = null;
      this.status = null;
      this.outbox = this.outbox.filter((o) => o.message.type === "start");
      this.flush();
      return;
    }
    // Leaving failed (the session had ended meanwhile): the patient asked for a new start, they get it.
    if (this.afterLeave && this.outbox.some((o) => o.id === replyTo && o.message.type === "leave")) return this.restart();
    const limited = code === "TRIAGE_RATE_LIMITED" ? this.outbox.find((o) => o.id === replyTo) : undefined;
    if (limited) {
      // Too fast: the answer stays in the outbox and goes again after a pause (same id, so the
      // server applies it once); the patient sees why it takes a moment and retypes nothing.
      this.error = text || code;
      setTimeout(() => {
        if (this.ready() && this.outbox.some((o) => o.id === limited.id)) this.write(limited.message);
      }, RATE_LIMIT_RETRY_MS);
      return;
    }
    this.outbox = this.outbox.filter((o) => o.id !== replyTo);
    this.error = text || code;
    this.errorCode = code;
  }

  private addMessage(message: WireChatMessage): void {
    const body = message.body;
    // Safety first: the emergency numbers go on screen before any other rendering work.
    if (body.kind === "emergency") showEmergency(body.numbers, TEXTS[message.locale].emergencyFirst, body.text);
    if (body.kind === "outcome" && body.outcome.urgency === "EMERGENCY" && body.outcome.emergencyNumbers) {
      showEmergency(body.outcome.emergencyNumbers, TEXTS[message.locale].emergencyFirst, body.outcome.title);
    }
    if (this.messages.some((m) => m.seq === message.seq)) return;
    if (message.author === "clinician") this.clinicianTyping.clear();
    if (body.kind === "handoff" && body.status === "joined" && this.live) alertClinicianJoined(TEXTS[message.locale].joinedNotification, body.text);
    // The clinician closed the case: the server says so in the transcript only (no session frame follows).
    // Leaving (here or in another tab) ends it the same way.
    if (body.kind === "handoff" && (body.status === "closed" || body.status === "left")) this.status = "closed";
    const last = this.messages.at(-1);
    this.messages = !last || last.seq < message.seq ? [...this.messages, message] : [...this.messages, message].sort((a, b) => a.seq - b.seq);
    // Only the newest message moves the current question (a late, older one does not).
    if (this.messages.at(-1)?.seq === message.seq) {
      if (body.kind === "question") this.question = body.question;
      if (body.kind === "outcome" || body.kind === "emergency") this.question = null;
    }
    const saved = this.saved();
    if (saved && message.seq > saved.lastSeq) this.save({ ...saved, lastSeq: message.seq });
  }

  private saved(): Saved | undefined {
    try {
      const raw = localStorage.getItem(this.storageKey);
      return raw ? (JSON.parse(raw) as Saved) : undefined;
    } catch {
      return undefined;
    }
  }

  private save(saved: Saved): void {
    try {
      localStorage.setItem(this.storageKey, JSON.stringify(saved));
    } catch {
      // Private browsing may refuse storage: the session still works, it just cannot survive a reload.
    }
  }
}
