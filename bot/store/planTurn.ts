import { canonicalJson, GENESIS_HASH } from "../audit/hashEvent.js";
import { sealEvent } from "../audit/sealedPayload.js";
import { encodeCaseReason } from "../cases/encodeCaseReason.js";
import type { ChatMessage } from "../engine/chatMessage.js";
import { TriageError } from "../errors.js";
import type { CommittedTurn, SessionVersion, TurnCommit } from "../engine/ports.js";

/*
 * The rows one turn writes, computed in memory from the turn and the version of the session it was
 * computed from (TurnCommit.base). Both drivers' writers (sqliteTurnWriter, postgresTurnWriter)
 * insert exactly these rows, and only if the session is still at that version.
 */

/** A session that does not exist yet: no event, no message. */
export const NEW_SESSION: SessionVersion = { seq: 0, hash: GENESIS_HASH, lastMessageSeq: 0 };

export interface SessionRow {
  id: string;
  flowSlug: string;
  flowVersion: number;
  state: string;
  locale: string;
  status: string;
  channel: string;
  urgency: string | null;
  resumeTokenHash: string | null;
  lastSeq: number;
  createdAt: string;
  updatedAt: string;
}

/** The sessions table's columns a new session is inserted with, in the order of newSessionValues (both writers). */
export const NEW_SESSION_COLUMNS = "id, flow_slug, flow_version, state, locale, status, channel, urgency, resume_token_hash, last_seq, created_at, updated_at";

/** Given a new session's row and the writer's time format, returns its values in the order of NEW_SESSION_COLUMNS. */
export function newSessionValues(s: SessionRow, time: (iso: string) => string = (iso) => iso): unknown[] {
  return [
    s.id,
    s.flowSlug,
    s.flowVersion,
    s.state,
    s.locale,
    s.status,
    s.channel,
    s.urgency,
    s.resumeTokenHash,
    s.lastSeq,
    time(s.createdAt),
    time(s.updatedAt),
  ];
}

export interface MessageRow {
  sessionId: string;
  seq: number;
  author: string;
  authorId: string | null;
  body: string;
  locale: string;
  at: string;
}

export interface AuditRow {
  stream: string;
  seq: number;
  at: string;
  type: string;
  payload: string;
  prevHash: string;
  hash: string;
}

export interface HandoffRow {
  id: string;
  sessionId: string;
  urgency: string;
  slaDeadline: string;
  cause: string;
  firstReason: string | null;
  /** The outcome's routing, stored with the case (not recomputed). */
  routing: string | null;
  at: string;
}

/** The `turns` row: the idempotency key and where the reply is (its messages are stored once, in `messages`). */
export interface TurnRow {
  sessionId: string;
  clientMessageId: string;
  /** The session's last message seq before the turn. */
  afterSeq: number;
  messageCount: number;
  /** The session's status after the turn. */
  status: string;
  at: string;
}

export interface TurnPlan {
  /** `sessionId NUL clientMessageId`: the idempotency key. */
  key: string;
  isNew: boolean;
  /** The version the plan continues from: the stored session must still be there (compare-and-set). */
  before: SessionVersion;
  after: SessionVersion;
  session: SessionRow;
  messages: MessageRow[];
  audit: AuditRow[];
  handoff?: HandoffRow;
  turn: TurnRow;
  committed: CommittedTurn;
}

/** Given a session id and a client message id, returns the idempotency key. */
export function turnKey(sessionId: string, clientMessageId: string): string {
  return `${sessionId}\u0000${clientMessageId}`;
}

const ISO_UTC_MS = /^\d{4}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-5]\d\.\d{3}Z$/;

/** Given a timestamp, returns it as ISO 8601 UTC with milliseconds (what every table stores). */
export function isoTime(value: string): string {
  if (ISO_UTC_MS.test(value)) return value;
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new TypeError("invalid timestamp in turn");
  return time.toISOString();
}

/**
 * Checks what the types cannot: the turn names its session and client message, continues a
 * version it read (unless it creates the session), and appends to the audit chain, whose head is
 * the session's version: a write without an event would go unseen by the compare-and-set.
 */
export function checkTurn(turn: TurnCommit): void {
  if (!turn.session.id) throw new TypeError("turn without a session id");
  if (!turn.clientMessageId || turn.clientMessageId.length > 200) throw new TypeError("turn without a valid client message id");
  if (!turn.isNew && !turn.base) throw new TriageError("TRIAGE_INTERNAL", "a turn on an existing session must carry the version it read");
  if (turn.audit.length === 0) throw new TriageError("TRIAGE_INTERNAL", "a turn must append at least one audit event");
}

/** Given a turn, returns the version it continues from. */
export function baseOf(turn: TurnCommit): SessionVersion {
  return turn.isNew ? NEW_SESSION : turn.base!;
}

/** Given a turn and the session's last message seq before it, returns the turn's transcript messages as committed. */
export function chatMessagesOf(turn: TurnCommit, lastSeqBefore: number): ChatMessage[] {
  const { session } = turn;
  const at = isoTime(session.updatedAt);
  return turn.messages.map((draft, i) => {
    const message: ChatMessage = { sessionId: session.id, seq: lastSeqBefore + i + 1, at, locale: session.locale, author: draft.author, body: draft.body };
    if (draft.authorId !== undefined) message.authorId = draft.authorId;
    return message;
  });
}

/** Given a turn and the session's last message seq before it, returns the reply the turn commits to. */
export function committedTurnOf(turn: TurnCommit, lastSeqBefore: number): CommittedTurn {
  return { sessionId: turn.session.id, clientMessageId: turn.clientMessageId, messages: chatMessagesOf(turn, lastSeqBefore), status: turn.session.status };
}

/** Given a turn, returns the rows to write on top of its base and the reply (pure, but for `newId`). */
export function planTurn(turn: TurnCommit, newId: () => string): TurnPlan {
  checkTurn(turn);
  const before = baseOf(turn);
  const { session } = turn;
  const at = isoTime(session.updatedAt);
  const chat = chatMessagesOf(turn, before.lastMessageSeq);
  const seq = before.lastMessageSeq + chat.length;
  const messages: MessageRow[] = chat.map((m) => ({
    sessionId: m.sessionId,
    seq: m.seq,
    author: m.author,
    authorId: m.authorId ?? null,
    body: JSON.stringify(m.body),
    locale: m.locale,
    at,
  }));

  let headSeq = before.seq;
  let headHash = before.hash;
  const audit: AuditRow[] = turn.audit.map((draft) => {
    headSeq += 1;
    const fields = { stream: session.id, seq: headSeq, at, type: draft.type, prevHash: headHash };
    // Sealed: the hash covers a digest of the payload, so erasure can remove it (bot/audit/sealedPayload.ts).
    const { stored, hash } = sealEvent(fields, canonicalJson(draft.payload));
    const row: AuditRow = { ...fields, payload: stored, hash };
    headHash = hash;
    return row;
  });

  const after: SessionVersion = { seq: headSeq, hash: headHash, lastMessageSeq: seq };
  const committed: CommittedTurn = { sessionId: session.id, clientMessageId: turn.clientMessageId, messages: chat, status: session.status };
  const plan: TurnPlan = {
    key: turnKey(session.id, turn.clientMessageId),
    isNew: turn.isNew,
    before,
    after,
    session: {
      id: session.id,
      flowSlug: session.flowSlug,
      flowVersion: session.flowVersion,
      state: JSON.stringify(session.state),
      locale: session.locale,
      status: session.status,
      channel: session.channel,
      urgency: session.urgency ?? null,
      resumeTokenHash: turn.resumeTokenHash ?? null,
      lastSeq: seq,
      createdAt: isoTime(session.createdAt),
      updatedAt: at,
    },
    messages,
    audit,
    turn: {
      sessionId: session.id,
      clientMessageId: turn.clientMessageId,
      afterSeq: before.lastMessageSeq,
      messageCount: chat.length,
      status: session.status,
      at,
    },
    committed,
  };
  if (turn.handoff) {
    plan.handoff = {
      id: newId(),
      sessionId: session.id,
      urgency: turn.handoff.urgency,
      slaDeadline: isoTime(turn.handoff.slaDeadline),
      cause: turn.handoff.cause,
      // Every language the flow has (clinicians read it in theirs); a bare string when that is all the turn has.
      firstReason: turn.handoff.firstReasonText ? encodeCaseReason(turn.handoff.firstReasonText) : (turn.handoff.firstReason ?? null),
      routing: turn.handoff.routing ?? null,
      at,
    };
  }
  return plan;
}
