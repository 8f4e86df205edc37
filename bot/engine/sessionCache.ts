import type { SessionRecord, SessionVersion, StoredSession } from "./ports.js";

/** Sessions kept at most (least recently written dropped first): bounded memory whatever the traffic. */
export const SESSION_CACHE_MAX = 5_000;
/**
 * How long an entry is used after its last write. Short: a patient answers within a minute or so,
 * and a session idle longer is read again. Far below anything that changes a session without a
 * turn (retention closes sessions idle for days), so the entry never outlives such a change.
 */
export const SESSION_CACHE_TTL_MS = 60_000;

interface Entry {
  /** The session as the store returns it, as JSON: every use parses its own copy, as a read would. */
  json: string;
  version: SessionVersion;
  /** Client message ids this process committed on the session: a repeat goes to the store for its stored reply. */
  committed: Set<string>;
  writtenAt: number;
}

/**
 * What this process last committed of each session, so the next turn of the session skips the
 * store's read (issue 23). Only an optimisation: the commit still carries the version the turn was
 * computed from, so when another instance wrote the session meanwhile the store refuses the commit
 * (TRIAGE_SESSION_CONFLICT), the caller drops the entry and computes the turn again on a fresh read.
 */
export class SessionCache {
  readonly #entries = new Map<string, Entry>();

  constructor(
    private readonly max = SESSION_CACHE_MAX,
    private readonly ttlMs = SESSION_CACHE_TTL_MS,
  ) {}

  get size(): number {
    return this.#entries.size;
  }

  /**
   * Given a session and the client message id of the turn about to be taken, returns the session
   * with its version as last committed here, or undefined: none kept, too old, or a message id this
   * process committed already (a retry, answered by the store's read with the stored reply).
   */
  get(sessionId: string, clientMessageId: string, now: number): StoredSession | undefined {
    const entry = this.#entries.get(sessionId);
    if (!entry) return undefined;
    if (now - entry.writtenAt > this.ttlMs) {
      this.#entries.delete(sessionId);
      return undefined;
    }
    if (entry.committed.has(clientMessageId)) return undefined;
    return { ...(JSON.parse(entry.json) as SessionRecord), version: { ...entry.version } };
  }

  /**
   * Keeps a session as a commit left it: `base` is the session the turn was computed from (absent
   * for a new one), `next` the turn's session. The columns a turn never writes (flow, channel,
   * creation time) come from the base, the others from the turn, as the stored row has them.
   *
   * An entry is created only for a session this process started, and kept only while each commit
   * continues the version the entry had: then it knows every client message id committed on the
   * session (those of other instances would have moved the version). A session read from the
   * store after a miss, or that moved elsewhere, is not kept again: a read checks only its own
   * message id. A closed session is not kept either: its next message is refused, and a read says so.
   */
  set(base: StoredSession | undefined, next: SessionRecord, version: SessionVersion, clientMessageId: string, now: number): void {
    const id = next.id;
    const previous = this.#entries.get(id);
    this.#entries.delete(id);
    if (next.status === "closed") return;
    if (base && !(previous && sameVersion(previous.version, base.version))) return;
    const fixed = base ?? next;
    const session: SessionRecord = {
      id,
      flowSlug: fixed.flowSlug,
      flowVersion: fixed.flowVersion,
      locale: next.locale,
      status: next.status,
      channel: fixed.channel,
      state: next.state,
      createdAt: isoOf(fixed.createdAt),
      updatedAt: isoOf(next.updatedAt),
    };
    if (next.urgency) session.urgency = next.urgency;
    const committed = previous?.committed ?? new Set<string>();
    committed.add(clientMessageId);
    this.#entries.set(id, { json: JSON.stringify(session), version: { ...version }, committed, writtenAt: now });
    this.#evict(now);
  }

  /** Forgets a session (its commit was refused or failed: the next turn reads it). */
  drop(sessionId: string): void {
    this.#entries.delete(sessionId);
  }

  /** Drops the entries written longest ago while too many are kept or they are too old (the map keeps write order). */
  #evict(now: number): void {
    for (const [id, entry] of this.#entries) {
      if (this.#entries.size <= this.max && now - entry.writtenAt <= this.ttlMs) return;
      this.#entries.delete(id);
    }
  }
}

const isoOf = (value: string) => new Date(value).toISOString();
const sameVersion = (a: SessionVersion, b: SessionVersion) => a.seq === b.seq && a.hash === b.hash && a.lastMessageSeq === b.lastMessageSeq;
