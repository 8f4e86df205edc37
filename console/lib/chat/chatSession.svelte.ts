import type { ClientMessage, ServerMessage, WireChatMessage, WireHandoffView, WireQuestion } from "$wire/chat";
import { ReconnectingSocket, type SocketState } from "../socket/reconnectingSocket";
import { TypingIndicator } from "../typing/typingIndicator.svelte";
import { TypingSignal } from "../typing/typingSignal";
import { isAboutTyping, outgoing, pingFrame, readServerFrame, resumeFrame, typingFrame, type OutgoingInput } from "./chatProtocol";
import { alertClinicianJoined } from "./clinicianJoinedAlert";
import type { Locale } from "./guessLocale";
import { mergeTranscript } from "./mergeTranscript";
import { randomKey } from "./randomKey";
import { ResumeStorage } from "./resumeStorage";
import { sameQuestion } from "./sameQuestion";
import { hideEmergency, showEmergency } from "./showEmergency";
import { TEXTS } from "./texts";

export type SessionStatus = "active" | "completed" | "handoff" | "closed";
export type ConnectionState = "connecting" | "open" | "reconnecting";
type AnswerValue = string | number | boolean | string[];

/** An answer to the page's own rendering of the first question, given before the session existed, and that rendering (in the page's language). */
export interface HeldAnswer {
  value: AnswerValue;
  expected: Readonly<{ locale: Locale; question: WireQuestion }>;
}

const PING_MS = 25_000;
const PONG_TIMEOUT_MS = 10_000;
/** A turn refused as too fast is sent again after this pause (the server's window is 10 s). */
const RATE_LIMIT_RETRY_MS = 2_500;

/**
 * The state the chat page reads, kept by the patient protocol: one reconnecting socket (shared with
 * the console, ../socket) that resumes the same session (ResumeStorage) before the outbox of
 * unacknowledged messages goes again with the same ids (the server dedupes), and a transcript
 * ordered and deduped by seq. Typing goes both ways (throttled, never queued: a lost signal is
 * simply lost), and the server says whether the clinician has the case open.
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
  /** Messages not yet acknowledged (the page says "sending" and waits). */
  outbox = $state<readonly ClientMessage[]>([]);
  /** An answer to the first question given before the session existed: it waits for the session's own first question. */
  held = $state<HeldAnswer | null>(null);
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
  /** A resume was sent and its replay is not finished: the outbox waits for it. */
  private resuming = false;
  private resumeId: string | undefined;
  /** The patient asked to leave: a new conversation starts once the server confirmed. */
  private afterLeave = false;

  private readonly storage: ResumeStorage;
  private readonly socket: ReconnectingSocket<ClientMessage>;
  private readonly typingSignal = new TypingSignal((on) => this.sendTyping(on));
  /**
   * This page's key, sent with every start: the server identifies a start by it and the start's id,
   * so a start re-sent after a lost acknowledgement gets this page's session back, and no other page can.
   */
  private readonly clientKey = randomKey(16);

  constructor(
    private readonly flow: string,
    locale: Locale,
    wsUrl: string,
  ) {
    this.locale = locale;
    this.storage = new ResumeStorage(flow);
    this.socket = new ReconnectingSocket<ClientMessage>({
      url: () => `${wsUrl}?lang=${this.locale}`,
      onOpen: () => this.opened(),
      onMessage: (data) => {
        const message = readServerFrame(data);
        if (message) this.apply(message);
      },
      onState: (state) => this.connectionChanged(state),
      onOutbox: (pending) => (this.outbox = pending),
      heartbeat: { everyMs: PING_MS, timeoutMs: PONG_TIMEOUT_MS, ping: pingFrame },
    });
  }

  /** True when this browser holds a session of this flow (so the privacy notice was accepted). */
  get hasSession(): boolean {
    return this.storage.load() !== undefined;
  }

  get lastSeq(): number {
    return this.messages.at(-1)?.seq ?? 0;
  }

  connect(): void {
    this.socket.connect();
  }

  /** Stops for good (page unload); no reconnect. */
  dispose(): void {
    this.typingSignal.stop();
    this.clinicianTyping.clear();
    this.socket.close();
  }

  /** Reconnects now (the browser says it is online again). */
  retryNow(): void {
    this.socket.retryNow();
  }

  start(): void {
    this.send({ type: "start", flow: this.flow, locale: this.locale, client: this.clientKey });
  }

  answer(value: AnswerValue, questionId?: string): void {
    this.send(questionId ? { type: "answer", value, questionId } : { type: "answer", value });
  }

  /**
   * An answer to the first question as the page rendered it on the server (issue 24, 4b): it waits
   * (settleHeld) for the session's own first question: the engine decides what the first question
   * is, never the page.
   */
  answerFirst(value: AnswerValue, expected: HeldAnswer["expected"]): void {
    this.error = null;
    this.errorCode = null;
    this.held = { value, expected };
    if (this.question) this.settleHeld();
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
    if (!this.hasSession || this.status === null) return this.restart();
    this.afterLeave = true;
    this.send({ type: "leave" });
  }

  setLocale(locale: Locale): void {
    if (locale === this.locale) return;
    this.locale = locale;
    if (this.hasSession && this.status !== null) this.send({ type: "set_locale", locale });
  }

  /** Forgets this browser's session and starts a new one. */
  restart(): void {
    this.storage.forget();
    this.resumeRefused = null;
    this.messages = [];
    this.question = null;
    this.status = null;
    this.socket.retain(() => false);
    this.clinicianPresent = false;
    this.handoff = null;
    this.afterLeave = false;
    this.held = null;
    this.clinicianTyping.clear();
    hideEmergency();
    this.start();
  }

  private send(input: OutgoingInput): void {
    // Whatever the patient sends, they are not typing any more.
    this.typingSignal.stop();
    this.error = null;
    this.errorCode = null;
    this.socket.send(outgoing(input));
  }

  /** Ephemeral: written now if the session is live, otherwise dropped (never in the outbox). */
  private sendTyping(on: boolean): void {
    if (this.socket.ready && this.status !== null) this.socket.post(typingFrame(on));
  }

  /** On every connection: a saved session is resumed first, and the outbox waits for its replay. */
  private opened(): "flush" | "hold" {
    const saved = this.storage.load();
    if (!saved) return "flush";
    const resume = resumeFrame(saved.resumeToken, this.lastSeq);
    this.resuming = true;
    this.resumeId = resume.id;
    this.live = false;
    this.socket.post(resume);
    return "hold";
  }

  private connectionChanged(state: SocketState): void {
    if (state === "closed") return;
    if (state === "reconnecting") {
      this.resuming = false;
      this.clinicianTyping.clear();
    }
    this.connection = state;
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
          this.storage.save({ sessionId: message.sessionId, resumeToken: message.resumeToken, lastSeq: this.lastSeq });
          // The session exists now: a start re-sent after a drop would open a second one.
          this.socket.retain((m) => m.type !== "start");
        }
        break;
      case "message":
        this.addMessage(message.message);
        break;
      case "question":
        this.question = message.question;
        if (this.resuming) {
          this.resuming = false;
          this.socket.release();
        }
        this.settleHeld();
        // What a resume replays is history: from here on, a clinician joining is news.
        this.live = true;
        break;
      case "handoff":
        this.handoff = message.view;
        if (message.view) this.serverSkewMs = Date.now() - Date.parse(message.view.serverTime);
        break;
      case "ack": {
        const left = this.leaving(message.replyTo);
        this.status = message.status;
        this.socket.settle(message.replyTo);
        this.error = null;
        if (left) this.restart();
        else this.settleHeld();
        break;
      }
      case "error":
        this.failed(message.code, message.text, message.replyTo);
        break;
      case "typing":
        if (message.who === "clinician") this.clinicianTyping.signal(message.on);
        break;
      case "presence":
        this.clinicianPresent = message.clinician;
        break;
      case "pong":
        break;
    }
  }

  /**
   * The session's first turn is in (the start acknowledged, or a resume replayed it): an answer
   * held for the first question goes if the engine asks what the page showed, in the session's
   * language; otherwise (a version published in between) it is dropped, the page shows the
   * engine's question and says why: nothing the patient did not see is ever recorded.
   */
  private settleHeld(): void {
    const held = this.held;
    if (!held || this.status === null || (!this.question && this.messages.length === 0)) return;
    this.held = null;
    // Compared in the language it was shown in: after a switch of language meanwhile, the patient answers the session's own question again.
    const expected = held.expected.locale === this.locale ? held.expected.question : undefined;
    if (this.question && expected && sameQuestion(this.question, expected)) return this.answer(held.value, this.question.questionId);
    this.error = TEXTS[this.locale].firstQuestionChanged;
  }

  /** Whether `replyTo` answers the patient's request to leave. */
  private leaving(replyTo: string | undefined): boolean {
    return this.afterLeave && this.socket.pending.some((m) => m.id === replyTo && m.type === "leave");
  }

  private failed(code: string, text: string, replyTo: string | undefined): void {
    if (isAboutTyping(replyTo)) return;
    if (replyTo !== undefined && replyTo === this.resumeId) {
      // The session cannot be reopened (token expired, case closed, unknown): forget it; the page offers a new start.
      this.resuming = false;
      this.resumeRefused = { code, text };
      this.storage.forget();
      this.messages = [];
      this.question = null;
      this.status = null;
      this.socket.retain((m) => m.type === "start");
      this.socket.release();
      return;
    }
    // Leaving failed (the session had ended meanwhile): the patient asked for a new start, they get it.
    if (this.leaving(replyTo)) return this.restart();
    if (code === "TRIAGE_RATE_LIMITED" && replyTo !== undefined && this.socket.pending.some((m) => m.id === replyTo)) {
      // Too fast: the answer stays in the outbox and goes again after a pause (same id, so the
      // server applies it once); the patient sees why it takes a moment and retypes nothing.
      this.error = text || code;
      setTimeout(() => this.socket.resend(replyTo), RATE_LIMIT_RETRY_MS);
      return;
    }
    if (replyTo !== undefined) this.socket.settle(replyTo);
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
    const merged = mergeTranscript(this.messages, [message]);
    if (!merged) return;
    if (message.author === "clinician") this.clinicianTyping.clear();
    if (body.kind === "handoff" && body.status === "joined" && this.live) alertClinicianJoined(TEXTS[message.locale].joinedNotification, body.text);
    // The clinician closed the case: the server says so in the transcript only (no session frame follows).
    // Leaving (here or in another tab) ends it the same way.
    if (body.kind === "handoff" && (body.status === "closed" || body.status === "left")) this.status = "closed";
    this.messages = merged;
    // Only the newest message moves the current question (a late, older one does not).
    if (merged.at(-1)?.seq === message.seq) {
      if (body.kind === "question") this.question = body.question;
      if (body.kind === "outcome" || body.kind === "emergency") this.question = null;
    }
    this.storage.seen(message.seq);
  }
}
