import Database from "better-sqlite3";
import { TriageError } from "../errors.js";
import type { CommittedTurn, TurnCommit } from "../engine/ports.js";
import { ChainCursors, type ChainCursor } from "./chainCursors.js";
import type { TurnWriter } from "./groupCommit.js";
import { EMPTY_CURSOR, committedTurnOf, planTurn, turnKey } from "./planTurn.js";

/*
 * The hot path on SQLite: prepared better-sqlite3 statements, one IMMEDIATE transaction per batch.
 * Prisma is not used here: its per-query overhead (query compiler, adapter round trip, promise per
 * query) costs more than the whole SQLite write of a turn; see prisma/README.md.
 */

/** What the Prisma SQLite adapter stores for a DateTime (so Prisma reads our rows and compares them alike). */
export function sqliteTime(iso: string): string {
  return iso.replace(/Z$/, "+00:00");
}

/**
 * Opens the hot-path connection: WAL, synchronous=FULL (an acknowledged turn survives power loss),
 * busy timeout, and the automatic checkpoint threshold (SQLite's 1,000 pages unless a checkpointer
 * thread does most of that work: sqliteCheckpointer.ts).
 */
export function openSqlite(file: string, busyTimeoutMs = 5_000, autocheckpointPages?: number): Database.Database {
  const db = new Database(file, { timeout: busyTimeoutMs });
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("foreign_keys = ON");
  if (autocheckpointPages !== undefined) db.pragma(`wal_autocheckpoint = ${Math.floor(autocheckpointPages)}`);
  return db;
}

interface CursorRow {
  lastSeq: number;
  headSeq: number | null;
  headHash: string | null;
}

/**
 * What a committed turn's reply is made of, without the reply itself: where its messages start
 * (the caller holds the turn, so it rebuilds the reply with committedTurnOf), or the stored reply
 * of an earlier delivery. The writer thread sends this back instead of copying whole replies.
 */
export type TurnReceipt = { lastSeqBefore: number } | { replyText: string };

/** Given a turn and its receipt, returns the reply. */
export function replyOf(turn: TurnCommit, receipt: TurnReceipt): CommittedTurn {
  return "replyText" in receipt ? parseReply(receipt.replyText)! : committedTurnOf(turn, receipt.lastSeqBefore);
}

export class SqliteTurnWriter implements TurnWriter {
  readonly #cursors = new ChainCursors();
  readonly #write: (turns: TurnCommit[]) => { receipts: TurnReceipt[]; cursors: Map<string, ChainCursor> };

  constructor(
    private readonly db: Database.Database,
    private readonly newId: () => string,
  ) {
    const selectReply = db.prepare<[string, string], { reply: string }>("SELECT reply FROM turns WHERE session_id = ? AND client_message_id = ?");
    const selectCursor = db.prepare<[string], CursorRow>(
      `SELECT s.last_seq AS lastSeq, a.head_seq AS headSeq, a.head_hash AS headHash
       FROM sessions s LEFT JOIN audit_streams a ON a.stream = s.id WHERE s.id = ?`,
    );
    const insertSession = db.prepare(
      `INSERT INTO sessions (id, flow_slug, flow_version, state, locale, status, channel, urgency, resume_token_hash, last_seq, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // Compare-and-set on last_seq: a stale cursor updates nothing and fails the batch. Only what a
    // turn can change is set: the flow version, channel and resume token are written once, at the
    // start, and setting an indexed column rewrites its index pages even when the value is the same.
    const updateSession = db.prepare(
      "UPDATE sessions SET state = ?, locale = ?, status = ?, urgency = ?, last_seq = ?, updated_at = ? WHERE id = ? AND last_seq = ?",
    );
    const insertMessage = db.prepare("INSERT INTO messages (session_id, seq, author, author_id, body, locale, at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    const insertTurn = db.prepare("INSERT INTO turns (session_id, client_message_id, reply, at) VALUES (?, ?, ?, ?)");
    const insertAudit = db.prepare("INSERT INTO audit_events (stream, seq, at, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)");
    const upsertStream = db.prepare(
      `INSERT INTO audit_streams (stream, head_seq, head_hash) VALUES (?, ?, ?)
       ON CONFLICT (stream) DO UPDATE SET head_seq = excluded.head_seq, head_hash = excluded.head_hash WHERE audit_streams.head_seq = ?`,
    );
    const insertHandoff = db.prepare(
      `INSERT INTO handoff_cases (id, session_id, urgency, sla_deadline, state, cause, first_reason, opened_at, updated_at)
       VALUES (?, ?, ?, ?, 'open', ?, ?, ?, ?)`,
    );

    const cursorOf = (turn: TurnCommit, batch: Map<string, ChainCursor>): ChainCursor => {
      const id = turn.session.id;
      const inBatch = batch.get(id);
      if (turn.isNew) {
        if (inBatch) throw new TriageError("TRIAGE_INTERNAL", "session created twice");
        return EMPTY_CURSOR;
      }
      const known = inBatch ?? this.#cursors.get(id);
      if (known) return known;
      const row = selectCursor.get(id);
      if (!row) throw new TriageError("TRIAGE_SESSION_NOT_FOUND", "no such session", { sessionId: id });
      return { lastSeq: row.lastSeq, headSeq: row.headSeq ?? 0, headHash: row.headHash ?? EMPTY_CURSOR.headHash };
    };

    const write = (turns: TurnCommit[]) => {
      const cursors = new Map<string, ChainCursor>();
      const seen = new Map<string, TurnReceipt>();
      const receipts = turns.map((turn): TurnReceipt => {
        const key = turnKey(turn.session.id, turn.clientMessageId);
        const inBatch = seen.get(key);
        if (inBatch) return inBatch;
        const stored = selectReply.get(turn.session.id, turn.clientMessageId)?.reply;
        if (stored !== undefined) return { replyText: stored };
        const plan = planTurn(turn, cursorOf(turn, cursors), this.newId);
        const s = plan.session;
        const updatedAt = sqliteTime(s.updatedAt);
        if (plan.isNew) {
          insertSession.run(s.id, s.flowSlug, s.flowVersion, s.state, s.locale, s.status, s.channel, s.urgency, s.resumeTokenHash, s.lastSeq, sqliteTime(s.createdAt), updatedAt);
        } else {
          const changed = updateSession.run(s.state, s.locale, s.status, s.urgency, s.lastSeq, updatedAt, s.id, plan.before.lastSeq);
          if (changed.changes !== 1) throw new StaleCursorError(s.id);
        }
        for (const m of plan.messages) insertMessage.run(m.sessionId, m.seq, m.author, m.authorId, m.body, m.locale, updatedAt);
        insertTurn.run(s.id, turn.clientMessageId, plan.replyText, updatedAt);
        for (const a of plan.audit) insertAudit.run(a.stream, a.seq, a.at, a.type, a.payload, a.prevHash, a.hash);
        if (plan.audit.length > 0) {
          const moved = upsertStream.run(s.id, plan.after.headSeq, plan.after.headHash, plan.before.headSeq);
          if (moved.changes !== 1) throw new StaleCursorError(s.id);
        }
        const h = plan.handoff;
        if (h) insertHandoff.run(h.id, h.sessionId, h.urgency, sqliteTime(h.slaDeadline), h.cause, h.firstReason, updatedAt, updatedAt);
        cursors.set(s.id, plan.after);
        const receipt = { lastSeqBefore: plan.before.lastSeq };
        seen.set(key, receipt);
        return receipt;
      });
      return { receipts, cursors };
    };
    const transaction = db.transaction(write);
    this.#write = (turns) => transaction.immediate(turns);
  }

  commitBatch(turns: TurnCommit[]): Promise<CommittedTurn[]> {
    try {
      const receipts = this.commitReceipts(turns);
      return Promise.resolve(turns.map((turn, i) => replyOf(turn, receipts[i]!)));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Commits the turns in one transaction (synchronously: returns after COMMIT and its fsync) and returns their receipts. */
  commitReceipts(turns: TurnCommit[]): TurnReceipt[] {
    const { receipts, cursors } = this.#write(turns);
    for (const [id, cursor] of cursors) this.#cursors.set(id, cursor);
    return receipts;
  }

  forget(sessionIds: Iterable<string>): void {
    for (const id of sessionIds) this.#cursors.delete(id);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** The session moved on without this process (its cached cursor was stale): the turn is retried from the database. */
export class StaleCursorError extends Error {
  readonly code = "TRIAGE_STALE_CURSOR";
  constructor(sessionId: string) {
    super(`session ${sessionId} changed under the cached cursor`);
  }
}

export function parseReply(text: string | undefined): CommittedTurn | undefined {
  return text === undefined ? undefined : (JSON.parse(text) as CommittedTurn);
}
