import type { WebSocket } from "ws";
import type { Locale } from "../../../flows/index.js";
import type { HandoffView, PatientCasePort } from "../../cases/patientCases.js";
import { compareQueue, type QueuePlace } from "../../cases/queueOrder.js";
import type { ChatMessage } from "../../engine/chatMessage.js";
import type { CommittedTurn, InboundEvent } from "../../engine/ports.js";
import { TriageError, asTriageError, type ErrorCode } from "../../errors.js";
import type { Logger } from "../../logger.js";
import type { TurnKind } from "../../metrics/metrics.js";
import type { Conversations } from "../index.js";
import { decodeFrame } from "./decodeFrame.js";
import { errorText } from "../../errorTexts.js";
import type { FloodGuard } from "./floodGuard.js";
import { activeTracer, traced } from "../../telemetry/tracing.js";
import { ThrottledLog } from "./throttledLog.js";
import { CLOSE_CODES, PROTOCOL_VERSION, type ClientMessage, type ServerMessage } from "./protocol.js";

export interface ConnectionDeps {
  conversations: Conversations;
  /** The patient's own hand-off case (waiting screen, call-back number, leaving); absent without the console. */
  cases?: PatientCasePort;
  flood: FloodGuard;
  logger: Logger;
  maxFrameBytes: number;
  /** Called when the connection binds to (or leaves) a session, so bus events can find it. */
  onBind(connection: PatientConnection, previous: string | undefined): void;
  /** The patient of `sessionId` is typing (`on`) or stopped: relayed, never stored. */
  onTyping(sessionId: string, on: boolean): void;
  /** Whether the session's clinician has its case open, as this instance last heard. */
  clinicianPresent(sessionId: string): boolean;
  /** Asks the other instances whether the session's clinician has its case open (they answer on the bus). */
  askPresence(sessionId: string): void;
  /** A start, turn or resume took `seconds` from its frame's arrival to its reply. */
  observeTurn(kind: TurnKind, seconds: number): void;
  /** Per-frame log lines (bad frame, refused turn, flood) are written at most once per this interval per connection (default 10 s). */
  logIntervalMs?: number;
}

/** The TCP socket under the WebSocket: corked while a turn's frames are written, so they leave in one write. */
export interface Corkable {
  cork(): void;
  uncork(): void;
}

type TurnMessage = Extract<ClientMessage, { type: "answer" | "text" | "ask_human" | "back" | "set_locale" }>;
type CaseMessage = Extract<ClientMessage, { type: "leave" | "contact" }>;

/**
 * One patient's WebSocket: decodes frames, guards against floods, runs turns in order and
 * writes replies. A connection is bound to at most one session (after start or resume).
 */
export class PatientConnection {
  sessionId: string | undefined;
  /** Highest transcript seq written to this socket: bus events only push what is newer. */
  private lastSentSeq = 0;
  private queue: Promise<void> = Promise.resolve();
  /**
   * While this connection's own turn is in flight, bus events (published right after the commit,
   * before the reply reaches us) are held here, so the turn's messages go out once, in its reply.
   */
  private held: ChatMessage[] | undefined;
  /** The presence this socket was told last; undefined until the bound session's state was sent. */
  private presenceSent: boolean | undefined;
  /** True once this socket was sent a hand-off case, or its turn opened one: queue moves then reach it (webChannel). */
  followsCase = false;
  /** The last waiting screen sent (null: no case; undefined: none sent yet), to skip sending the same again. */
  private lastView: HandoffView | null | undefined;
  /** Set once the flood guard asked to close: frames still arriving before the close completes are dropped unread. */
  private closing = false;
  private readonly log: ThrottledLog;

  constructor(
    readonly id: string,
    private readonly socket: WebSocket,
    private readonly wire: Corkable,
    private readonly ip: string,
    private locale: Locale,
    private readonly deps: ConnectionDeps,
  ) {
    this.log = new ThrottledLog(deps.logger, deps.logIntervalMs);
  }

  /** The socket closed: writes the counts of log lines held back. */
  closed(): void {
    this.log.flush();
  }

  /** Handles one inbound frame; never throws (every problem becomes an error message). */
  async receive(data: Buffer, isBinary: boolean): Promise<void> {
    if (this.closing) return;
    const arrived = performance.now();
    const decoded = decodeFrame(data, isBinary, this.deps.maxFrameBytes);
    const replyTo = decoded.ok ? decoded.message.id : decoded.problem.replyTo;

    // Typing is ephemeral: on its own allowance, relayed at once (not queued behind turns), never answered, never stored.
    if (decoded.ok && decoded.message.type === "typing") {
      const typingVerdict = await this.deps.flood.checkTyping(this.id);
      if (typingVerdict === "close") return this.closeFlooding();
      if (typingVerdict === "allow") this.typing(decoded.message);
      return;
    }

    const verdict = await this.deps.flood.check(this.id, this.ip);
    if (verdict === "close") return this.closeFlooding();
    if (verdict === "limit") return this.sendError("TRIAGE_RATE_LIMITED", replyTo);

    if (!decoded.ok) {
      this.log.info({ connection: this.id, code: decoded.problem.code, reason: decoded.problem.reason }, "web: bad frame");
      return this.sendError(decoded.problem.code, replyTo);
    }
    const message = decoded.message;
    if (message.type === "ping") return this.send({ v: PROTOCOL_VERSION, type: "pong", replyTo: message.id });
    if (message.type === "typing") return; // handled above (this narrows the type for TypeScript)

    // Turns of one connection run in arrival order; the service serialises turns per session.
    const run = this.queue.then(() => (activeTracer() ? this.tracedHandle(message, arrived) : this.handle(message)));
    this.queue = run.catch(() => undefined);
    await run;
    // Waiting behind this connection's earlier turns counts: the patient waited too.
    this.deps.observeTurn(message.type === "start" || message.type === "resume" ? message.type : "turn", (performance.now() - arrived) / 1000);
  }

  /** The turn as a trace from its frame's arrival (bot/telemetry): the kind of message only, never what it says. */
  private tracedHandle(message: Exclude<ClientMessage, { type: "ping" | "typing" }>, arrived: number): Promise<void> {
    return traced(
      "triage.turn",
      { "triage.channel": "web", "triage.message.type": message.type },
      () => this.handle(message),
      performance.timeOrigin + arrived,
    );
  }

  private closeFlooding(): void {
    if (this.closing) return;
    this.closing = true;
    this.log.warn({ connection: this.id }, "web: closing a flooding connection");
    this.socket.close(CLOSE_CODES.policyViolation, "rate limited");
  }

  /** Writes transcript messages published by someone else (a clinician, another tab), skipping what this socket already has. */
  pushMessages(messages: ChatMessage[]): void {
    if (this.held) this.held.push(...messages);
    else for (const message of messages) if (message.seq > this.lastSentSeq) this.sendMessage(message);
  }

  /** Writes where the session's hand-off case stands (null: none open). */
  pushHandoff(view: HandoffView | null): void {
    this.followsCase = view !== null;
    this.lastView = view;
    this.send({ v: PROTOCOL_VERSION, type: "handoff", view });
  }

  /**
   * Whether a case opening at `place` may change this page's waiting screen: it follows a case
   * whose screen it has not been sent yet, or waits behind that place (its count of patients ahead grows).
   */
  movedBy(place: QueuePlace): boolean {
    if (!this.followsCase) return false;
    if (this.lastView === undefined) return true;
    return this.lastView?.stage === "waiting" && compareQueue(this.lastView, place) > 0;
  }

  /** Sends the waiting screen only if it changed since the last one sent (the server time aside). */
  refreshHandoff(view: HandoffView | null): void {
    if (this.lastView === undefined || handoffKey(view) !== handoffKey(this.lastView)) this.pushHandoff(view);
  }

  /** Writes that the clinician is typing (or stopped). */
  pushTyping(on: boolean): void {
    this.send({ v: PROTOCOL_VERSION, type: "typing", who: "clinician", on });
  }

  /** Writes whether the clinician has the case open, when that differs from what this socket was told. */
  pushPresence(clinician: boolean): void {
    if (this.presenceSent === undefined || this.presenceSent === clinician) return;
    this.presenceSent = clinician;
    this.send({ v: PROTOCOL_VERSION, type: "presence", clinician });
  }

  private typing(message: Extract<ClientMessage, { type: "typing" }>): void {
    if (!this.sessionId || (message.sessionId !== undefined && message.sessionId !== this.sessionId)) return;
    this.deps.onTyping(this.sessionId, message.on);
  }

  private async handle(message: Exclude<ClientMessage, { type: "ping" | "typing" }>): Promise<void> {
    this.held = [];
    try {
      switch (message.type) {
        case "start":
          return await this.start(message);
        case "resume":
          return await this.resume(message);
        case "leave":
        case "contact":
          return await this.caseAction(message);
        default:
          return await this.turn(message);
      }
    } catch (error) {
      const coded = asTriageError(error);
      if (coded.code === "TRIAGE_INTERNAL") this.deps.logger.error({ connection: this.id, err: error }, "web: turn failed");
      else this.log.info({ connection: this.id, code: coded.code }, "web: turn refused");
      this.sendError(coded.code, message.id);
    } finally {
      const held = this.held;
      this.held = undefined;
      if (held && this.sessionId) this.pushMessages(held.filter((m) => m.sessionId === this.sessionId));
    }
  }

  private async start(message: Extract<ClientMessage, { type: "start" }>): Promise<void> {
    const started = await this.deps.conversations.start({
      flow: message.flow,
      locale: message.locale,
      channel: "web",
      clientMessageId: message.id,
      ...(message.client ? { clientKey: message.client } : {}),
    });
    this.bind(started.sessionId);
    this.locale = message.locale;
    this.send({
      v: PROTOCOL_VERSION,
      type: "session",
      sessionId: started.sessionId,
      resumeToken: started.resumeToken,
      flow: message.flow,
      locale: message.locale,
      status: started.turn.status,
    });
    // A new session has no clinician yet; the page starts from "absent" too.
    this.presenceSent = false;
    this.sendTurn(started.turn, message.id);
  }

  private async resume(message: Extract<ClientMessage, { type: "resume" }>): Promise<void> {
    let resumed;
    try {
      resumed = await this.deps.conversations.resume(message.resumeToken, message.afterSeq);
    } catch (error) {
      const coded = asTriageError(error);
      // An unknown or expired token is a failed resume, whatever the store called it.
      throw coded.code === "TRIAGE_SESSION_NOT_FOUND" ? new TriageError("TRIAGE_RESUME_FAILED", "resume token unknown") : coded;
    }
    const { session } = resumed;
    this.bind(session.id);
    this.locale = session.locale;
    this.lastSentSeq = message.afterSeq;
    this.send({ v: PROTOCOL_VERSION, type: "session", sessionId: session.id, flow: session.flowSlug, locale: session.locale, status: session.status });
    for (const m of resumed.messages) this.sendMessage(m);
    this.send({ v: PROTOCOL_VERSION, type: "question", sessionId: session.id, question: resumed.question ?? null });
    // The patient comes back: tell them whether their clinician is with them, and ask every instance in case this one missed it.
    this.presenceSent = this.deps.clinicianPresent(session.id);
    this.send({ v: PROTOCOL_VERSION, type: "presence", clinician: this.presenceSent });
    this.deps.askPresence(session.id);
    await this.sendHandoff(session.id);
  }

  /** Leaving (restart after confirming) and giving a call-back number: the case's business, not the flow's. */
  private async caseAction(message: CaseMessage): Promise<void> {
    if (!this.sessionId) throw new TriageError("TRIAGE_SESSION_NOT_FOUND", "no session on this connection yet");
    if (message.sessionId !== undefined && message.sessionId !== this.sessionId) throw new TriageError("TRIAGE_WRONG_SESSION", "frame for another session");
    const cases = this.deps.cases;
    if (message.type === "contact") {
      if (!cases) throw new TriageError("TRIAGE_NO_OPEN_CASE", "no hand-off on this server");
      const view = await cases.giveContact(this.sessionId, message.phone, message.id);
      this.pushHandoff(view);
      this.send({ v: PROTOCOL_VERSION, type: "ack", replyTo: message.id, status: "handoff" });
      return;
    }
    const turn = await cases?.leave(this.sessionId, message.id);
    if (turn) {
      this.sendTurn(turn, message.id);
      await this.sendHandoff(this.sessionId);
    } else this.send({ v: PROTOCOL_VERSION, type: "ack", replyTo: message.id, status: "closed" });
  }

  /** Sends the session's hand-off case as the waiting screen shows it. */
  private async sendHandoff(sessionId: string): Promise<void> {
    const view = (await this.deps.cases?.views([sessionId]))?.get(sessionId);
    if (view !== undefined && sessionId === this.sessionId) this.pushHandoff(view);
  }

  private async turn(message: TurnMessage): Promise<void> {
    if (!this.sessionId) throw new TriageError("TRIAGE_SESSION_NOT_FOUND", "no session on this connection yet");
    if (message.sessionId !== undefined && message.sessionId !== this.sessionId) {
      throw new TriageError("TRIAGE_WRONG_SESSION", "frame for another session");
    }
    // Whether this page showed a case before the turn: the queue refresh may send one while the turn is committed.
    const following = this.followsCase;
    const turn = await this.deps.conversations.send(this.sessionId, message.id, toEvent(message));
    if (message.type === "set_locale") this.locale = message.locale;
    this.sendTurn(turn, message.id);
    if (following) await this.sendHandoff(this.sessionId);
    // A turn that opened a case (outcome, asking for a clinician): its waiting screen comes with the
    // refresh of the queue's screens that the opening triggers (webChannel.ts), at once when none ran
    // in the last second. One ranking then serves every case opened meanwhile: a count of the queue
    // per opening made a burst of hand-offs quadratic in the queue's length.
    else if (turn.status === "handoff") this.followsCase = true;
  }

  private bind(sessionId: string): void {
    const previous = this.sessionId;
    if (previous !== sessionId) this.lastSentSeq = 0;
    this.presenceSent = undefined;
    this.sessionId = sessionId;
    this.deps.onBind(this, previous);
  }

  /** A repeated client id gets the same turn again (same seqs): the client dedupes by seq. */
  private sendTurn(turn: CommittedTurn, replyTo: string): void {
    // One write (and one TCP segment) for the whole reply instead of one per frame: fewer
    // syscalls here, and the patient's device wakes once per turn.
    this.wire.cork();
    try {
      for (const m of turn.messages) this.sendMessage(m);
      this.send({ v: PROTOCOL_VERSION, type: "ack", replyTo, status: turn.status });
    } finally {
      this.wire.uncork();
    }
  }

  private sendMessage(message: ChatMessage): void {
    if (message.seq > this.lastSentSeq) this.lastSentSeq = message.seq;
    this.send({ v: PROTOCOL_VERSION, type: "message", seq: message.seq, message });
  }

  private sendError(code: ErrorCode, replyTo: string | undefined): void {
    const error: ServerMessage = { v: PROTOCOL_VERSION, type: "error", code, text: errorText(code, this.locale) };
    this.send(replyTo === undefined ? error : { ...error, replyTo });
  }

  private send(message: ServerMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }
}

function toEvent(message: TurnMessage): InboundEvent {
  switch (message.type) {
    case "answer":
      return message.questionId === undefined
        ? { type: "answer", value: message.value }
        : { type: "answer", value: message.value, questionId: message.questionId };
    case "text":
      return { type: "text", text: message.text };
    case "ask_human":
      return { type: "ask_human" };
    case "back":
      return { type: "back" };
    case "set_locale":
      return { type: "set_locale", locale: message.locale };
  }
}

/** A waiting screen without its send time: two equal keys show the patient the same thing. */
function handoffKey(view: HandoffView | null): string {
  if (view === null) return "null";
  const { serverTime: _sent, expectedWaitMinutes: _minutes, ...shown } = view;
  return JSON.stringify(shown);
}
