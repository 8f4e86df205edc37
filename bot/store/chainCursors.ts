/** Where a session's transcript and audit chain stand: the next turn continues from here. */
export interface ChainCursor {
  lastSeq: number;
  headSeq: number;
  headHash: string;
}

/**
 * A bounded in-memory cache of session cursors (last message seq, audit stream head). Safe because
 * one process drives a session at a time (DESIGN.md); a stale entry can still never fork a chain:
 * the primary keys on (session, seq) and (stream, seq) and the compare-and-set on sessions.last_seq
 * reject the batch, the entries are dropped, and the turns are retried from the database.
 */
export class ChainCursors {
  readonly #entries = new Map<string, ChainCursor>();

  constructor(private readonly capacity = 100_000) {}

  get(sessionId: string): ChainCursor | undefined {
    const cursor = this.#entries.get(sessionId);
    if (cursor) {
      // Map keeps insertion order: re-inserting makes this the most recently used entry.
      this.#entries.delete(sessionId);
      this.#entries.set(sessionId, cursor);
    }
    return cursor;
  }

  set(sessionId: string, cursor: ChainCursor): void {
    this.#entries.delete(sessionId);
    this.#entries.set(sessionId, cursor);
    if (this.#entries.size > this.capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
  }

  delete(sessionId: string): void {
    this.#entries.delete(sessionId);
  }
}
