import { flowSchema, type Flow, type FlowInput } from "../../flows/index.js";
import { TriageError } from "../errors.js";
import type { ChatMessage } from "./chatMessage.js";
import type {
  CommittedTurn,
  FlowVersionRecord,
  HandoffDraft,
  Json,
  SessionRecord,
  SessionVersion,
  Store,
  StoredSession,
  TurnCommit,
  TurnRead,
} from "./ports.js";

/** An audit event as stored: its stream (the session id), its place in the stream and the turn's time. */
export interface StoredAuditEvent {
  stream: string;
  seq: number;
  type: string;
  payload: Json;
  at: string;
}

/** A hand-off case opened by a committed turn. */
export interface StoredHandoff extends HandoffDraft {
  id: string;
  sessionId: string;
  state: "open";
  openedAt: string;
}

/** Plain JSON copies: what goes in and out of the store shares nothing with the caller (as a database would). */
const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Lets other work run between awaits, as a database round-trip would. */
const roundTrip = () => new Promise<void>((resolve) => setImmediate(resolve));

const turnKey = (sessionId: string, clientMessageId: string) => `${sessionId}\u0000${clientMessageId}`;

/**
 * The Store port in memory: a real adapter with the database store's semantics (per-session
 * message seq from 1, contiguous; one reply per client message id; a commit refused with
 * TRIAGE_SESSION_CONFLICT unless the session is still at the version the turn read; every write
 * of a turn or none; messages and audit events stamped with the turn's time). Versions count the
 * audit events but chain no hash. For the engine's tests, the admin simulator and benchmarks;
 * nothing survives the process.
 */
export class MemoryStore implements Store {
  readonly #sessions = new Map<string, SessionRecord>();
  readonly #versions = new Map<string, SessionVersion>();
  readonly #tokens = new Map<string, string>();
  readonly #turns = new Map<string, CommittedTurn>();
  readonly #messages = new Map<string, ChatMessage[]>();
  readonly #audit = new Map<string, StoredAuditEvent[]>();
  readonly #handoffs: StoredHandoff[] = [];
  readonly #flows = new Map<string, FlowVersionRecord[]>();
  #commits = 0;

  /** Publishes a flow version (immutable once published); returns the stored record. */
  publishFlow(flow: Flow | FlowInput, publishedAt = new Date(0).toISOString()): FlowVersionRecord {
    const definition = flowSchema.parse(flow);
    const versions = this.#flows.get(definition.slug) ?? [];
    if (versions.some((v) => v.version === definition.version)) {
      throw new TriageError("TRIAGE_INTERNAL", `flow ${definition.slug}@${definition.version} is already published`);
    }
    const record: FlowVersionRecord = { slug: definition.slug, version: definition.version, definition, publishedAt };
    this.#flows.set(
      definition.slug,
      [...versions, record].sort((a, b) => a.version - b.version),
    );
    return copy(record);
  }

  async getSession(id: string): Promise<SessionRecord | undefined> {
    await roundTrip();
    const session = this.#sessions.get(id);
    return session && copy(session);
  }

  async findSessionByResumeTokenHash(hash: string): Promise<SessionRecord | undefined> {
    await roundTrip();
    const id = this.#tokens.get(hash);
    return id === undefined ? undefined : this.getSession(id);
  }

  async readTurn(sessionId: string, clientMessageId: string): Promise<TurnRead | undefined> {
    await roundTrip();
    const found = this.#sessions.get(sessionId);
    if (!found) return undefined;
    const session: StoredSession = { ...copy(found), version: { ...this.#versions.get(sessionId)! } };
    const earlier = this.#turns.get(turnKey(sessionId, clientMessageId));
    return earlier ? { session, earlier: copy(earlier) } : { session };
  }

  async commitTurn(turn: TurnCommit): Promise<CommittedTurn> {
    await roundTrip();
    const { version: _read, ...session } = turn.session as StoredSession;
    const key = turnKey(session.id, turn.clientMessageId);
    // Checks first, writes after: a failed turn writes nothing.
    if (!turn.clientMessageId) throw new TypeError("turn without a client message id");
    if (turn.audit.length === 0) throw new TriageError("TRIAGE_INTERNAL", "a turn must append at least one audit event");
    const current = this.#versions.get(session.id);
    const conflict = new TriageError("TRIAGE_SESSION_CONFLICT", "the session changed after the turn was computed", { sessionId: session.id });
    if (turn.isNew && (current || (turn.resumeTokenHash !== undefined && this.#tokens.has(turn.resumeTokenHash)))) throw conflict;
    if (!turn.isNew) {
      if (!turn.base) throw new TriageError("TRIAGE_INTERNAL", "a turn on an existing session must carry the version it read");
      if (!current || current.seq !== turn.base.seq) throw conflict;
    }
    if (this.#turns.has(key)) throw new TriageError("TRIAGE_INTERNAL", "client message id committed twice", { sessionId: session.id });

    const at = new Date(session.updatedAt).toISOString();
    const transcript = this.#messages.get(session.id) ?? [];
    let seq = transcript.at(-1)?.seq ?? 0;
    const messages: ChatMessage[] = turn.messages.map((draft) => {
      const message: ChatMessage = { sessionId: session.id, seq: ++seq, at, locale: session.locale, author: draft.author, body: copy(draft.body) };
      if (draft.authorId !== undefined) message.authorId = draft.authorId;
      return message;
    });
    const stream = this.#audit.get(session.id) ?? [];
    let auditSeq = stream.at(-1)?.seq ?? 0;
    const events = turn.audit.map((draft): StoredAuditEvent => ({ stream: session.id, seq: ++auditSeq, type: draft.type, payload: copy(draft.payload), at }));
    const committed: CommittedTurn = { sessionId: session.id, clientMessageId: turn.clientMessageId, messages, status: session.status };
    const version: SessionVersion = { seq: auditSeq, hash: "", lastMessageSeq: seq };

    this.#sessions.set(session.id, copy(session));
    this.#versions.set(session.id, version);
    if (turn.resumeTokenHash) this.#tokens.set(turn.resumeTokenHash, session.id);
    this.#messages.set(session.id, [...transcript, ...messages]);
    this.#audit.set(session.id, [...stream, ...events]);
    if (turn.handoff) {
      this.#handoffs.push({ ...copy(turn.handoff), id: `case-${this.#handoffs.length + 1}`, sessionId: session.id, state: "open", openedAt: at });
    }
    this.#turns.set(key, copy(committed));
    this.#commits += 1;
    return { ...copy(committed), version: { ...version } };
  }

  async messagesAfter(sessionId: string, afterSeq: number): Promise<ChatMessage[]> {
    await roundTrip();
    return copy((this.#messages.get(sessionId) ?? []).filter((m) => m.seq > afterSeq));
  }

  async latestFlowVersion(slug: string): Promise<FlowVersionRecord | undefined> {
    await roundTrip();
    const latest = this.#flows.get(slug)?.at(-1);
    return latest && copy(latest);
  }

  async flowVersion(slug: string, version: number): Promise<FlowVersionRecord | undefined> {
    await roundTrip();
    const found = this.#flows.get(slug)?.find((v) => v.version === version);
    return found && copy(found);
  }

  /** The audit events of a stream (a session id), in order. */
  async auditEventsOf(stream: string): Promise<StoredAuditEvent[]> {
    await roundTrip();
    return copy(this.#audit.get(stream) ?? []);
  }

  /** The hand-off cases opened for a session, in order. */
  handoffsOf(sessionId: string): StoredHandoff[] {
    return copy(this.#handoffs.filter((h) => h.sessionId === sessionId));
  }

  /** How many turns were committed (a repeated client message id commits nothing). */
  get commitCount(): number {
    return this.#commits;
  }
}
