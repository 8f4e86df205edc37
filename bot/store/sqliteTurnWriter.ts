import Database from "better-sqlite3";
import type { SessionVersion, TurnCommit } from "../engine/ports.js";
import { TriageError } from "../errors.js";
import type { TurnResult, TurnWriter } from "./groupCommit.js";
import { baseOf, committedTurnOf, NEW_SESSION_COLUMNS, newSessionValues, planTurn } from "./planTurn.js";
import { sessionConflict } from "./sessionConflict.js";

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

/**
 * What the writer reports for each turn, without the reply itself (the caller holds the turn, so it
 * rebuilds the reply with committedTurnOf): the new head hash of a committed turn, or that the
 * session was no longer at the turn's base. The writer thread sends this back instead of whole replies.
 */
export type TurnReceipt = { headHash: string } | { conflict: true };

/** Given a turn and its receipt, returns the reply, or the conflict to reject it with. */
export function replyOf(turn: TurnCommit, receipt: TurnReceipt): TurnResult {
  if ("conflict" in receipt) return sessionConflict(turn.session.id);
  const before = baseOf(turn);
  const version: SessionVersion = { seq: before.seq + turn.audit.length, hash: receipt.headHash, lastMessageSeq: before.lastMessageSeq + turn.messages.length };
  return { ...committedTurnOf(turn, before.lastMessageSeq), version };
}

/**
 * Writes turns with prepared statements, each only if its session is still at the version the turn
 * was computed from: the first statement of a turn moves the audit chain's head from the base to
 * the turn's last event (compare-and-set), and a turn whose session moved on writes nothing more
 * and gets a conflict receipt, while the rest of the batch commits. A new session is inserted only
 * if no session has its id or resume token hash. No cache, no read: the base comes with the turn.
 */
export class SqliteTurnWriter implements TurnWriter {
  readonly #write: (turns: TurnCommit[]) => TurnReceipt[];

  constructor(
    private readonly db: Database.Database,
    private readonly newId: () => string,
  ) {
    // ON CONFLICT DO NOTHING covers the id and the unique resume token hash: a start computed
    // twice (two instances, one client) inserts once, the other gets a conflict.
    const insertSession = db.prepare(`INSERT INTO sessions (${NEW_SESSION_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`);
    // Only what a turn can change is set: the flow version, channel and resume token are written
    // once, at the start, and setting an indexed column rewrites its index pages even when the
    // value is the same. Unconditional: the stream head's compare-and-set came first.
    const updateSession = db.prepare("UPDATE sessions SET state = ?, locale = ?, status = ?, urgency = ?, last_seq = ?, updated_at = ? WHERE id = ?");
    const insertMessage = db.prepare("INSERT INTO messages (session_id, seq, author, author_id, body, locale, at) VALUES (?, ?, ?, ?, ?, ?, ?)");
    const insertTurn = db.prepare("INSERT INTO turns (session_id, client_message_id, after_seq, message_count, status, at) VALUES (?, ?, ?, ?, ?, ?)");
    const insertAudit = db.prepare("INSERT INTO audit_events (stream, seq, at, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)");
    const moveHead = db.prepare("UPDATE audit_streams SET head_seq = ?, head_hash = ? WHERE stream = ? AND head_seq = ?");
    // A stream's first events (a new session, or one stored before it had any): inserted only if absent.
    const insertHead = db.prepare("INSERT INTO audit_streams (stream, head_seq, head_hash) VALUES (?, ?, ?) ON CONFLICT (stream) DO NOTHING");
    const insertHandoff = db.prepare(
      // flow_urgency: the questionnaire's level, kept when a clinician changes urgency.
      `INSERT INTO handoff_cases (id, session_id, urgency, flow_urgency, sla_deadline, state, cause, first_reason, routing, opened_at, updated_at)
       VALUES (?, ?, ?, ?, ?, 'open', ?, ?, ?, ?, ?)`,
    );

    const write = (turns: TurnCommit[]) =>
      turns.map((turn): TurnReceipt => {
        const plan = planTurn(turn, this.newId);
        const s = plan.session;
        const updatedAt = sqliteTime(s.updatedAt);
        // The compare-and-set, first: nothing of a conflicting turn is written.
        if (plan.isNew) {
          const inserted = insertSession.run(...newSessionValues(s, sqliteTime));
          if (inserted.changes !== 1) return { conflict: true };
          if (insertHead.run(s.id, plan.after.seq, plan.after.hash).changes !== 1)
            throw new TriageError("TRIAGE_INTERNAL", "a new session's audit stream exists already");
        } else {
          const moved =
            plan.before.seq === 0
              ? insertHead.run(s.id, plan.after.seq, plan.after.hash)
              : moveHead.run(plan.after.seq, plan.after.hash, s.id, plan.before.seq);
          if (moved.changes !== 1) return { conflict: true };
          updateSession.run(s.state, s.locale, s.status, s.urgency, s.lastSeq, updatedAt, s.id);
        }
        for (const m of plan.messages) insertMessage.run(m.sessionId, m.seq, m.author, m.authorId, m.body, m.locale, updatedAt);
        insertTurn.run(s.id, turn.clientMessageId, plan.turn.afterSeq, plan.turn.messageCount, plan.turn.status, updatedAt);
        for (const a of plan.audit) insertAudit.run(a.stream, a.seq, a.at, a.type, a.payload, a.prevHash, a.hash);
        const h = plan.handoff;
        if (h) insertHandoff.run(h.id, h.sessionId, h.urgency, h.urgency, sqliteTime(h.slaDeadline), h.cause, h.firstReason, h.routing, updatedAt, updatedAt);
        return { headHash: plan.after.hash };
      });
    const transaction = db.transaction(write);
    this.#write = (turns) => transaction.immediate(turns);
  }

  commitBatch(turns: TurnCommit[]): Promise<TurnResult[]> {
    try {
      const receipts = this.commitReceipts(turns);
      return Promise.resolve(turns.map((turn, i) => replyOf(turn, receipts[i]!)));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Commits the turns in one transaction (synchronously: returns after COMMIT and its fsync) and returns their receipts. */
  commitReceipts(turns: TurnCommit[]): TurnReceipt[] {
    return this.#write(turns);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
