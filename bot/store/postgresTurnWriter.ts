import type pg from "pg";
import { TriageError } from "../errors.js";
import type { CommittedTurn, TurnCommit } from "../engine/ports.js";
import { ChainCursors, type ChainCursor } from "./chainCursors.js";
import type { TurnWriter } from "./groupCommit.js";
import { EMPTY_CURSOR, planTurn, turnKey, type SessionRow, type TurnPlan } from "./planTurn.js";
import { StaleCursorError, parseReply } from "./sqliteTurnWriter.js";

/*
 * The hot path on PostgreSQL: one transaction per batch on the `pg` driver, each table written with
 * one multi-row statement over UNNEST'ed arrays (about ten round trips per batch, whatever its
 * size). Prisma is not used here, for speed: see prisma/README.md.
 */

interface SessionWrite {
  row: SessionRow;
  isNew: boolean;
  /** last_seq the stored row must still have (compare-and-set), for updates. */
  beforeLastSeq: number;
}

export class PostgresTurnWriter implements TurnWriter {
  readonly #cursors = new ChainCursors();

  constructor(
    private readonly pool: pg.Pool,
    private readonly newId: () => string,
  ) {}

  async commitBatch(turns: TurnCommit[]): Promise<CommittedTurn[]> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query("BEGIN");
      try {
        const { replies, cursors } = await this.#write(client, turns);
        await client.query("COMMIT");
        for (const [id, cursor] of cursors) this.#cursors.set(id, cursor);
        return replies;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => (broken = true));
        throw error;
      }
    } finally {
      client.release(broken);
    }
  }

  async #write(client: pg.PoolClient, turns: TurnCommit[]): Promise<{ replies: CommittedTurn[]; cursors: Map<string, ChainCursor> }> {
    const stored = await client.query<{ session_id: string; client_message_id: string; reply: string }>(
      `SELECT session_id, client_message_id, reply FROM turns
       WHERE (session_id, client_message_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
      [turns.map((t) => t.session.id), turns.map((t) => t.clientMessageId)],
    );
    const seen = new Map<string, CommittedTurn>();
    for (const row of stored.rows) seen.set(turnKey(row.session_id, row.client_message_id), parseReply(row.reply)!);

    const cursors = new Map<string, ChainCursor>();
    const missing = [...new Set(turns.filter((t) => !t.isNew && !this.#cursors.get(t.session.id)).map((t) => t.session.id))];
    if (missing.length > 0) {
      const rows = await client.query<{ id: string; last_seq: number; head_seq: number | null; head_hash: string | null }>(
        `SELECT s.id, s.last_seq, a.head_seq, a.head_hash FROM sessions s LEFT JOIN audit_streams a ON a.stream = s.id WHERE s.id = ANY($1::text[])`,
        [missing],
      );
      for (const row of rows.rows) this.#cursors.set(row.id, { lastSeq: row.last_seq, headSeq: row.head_seq ?? 0, headHash: row.head_hash ?? EMPTY_CURSOR.headHash });
    }

    const plans: TurnPlan[] = [];
    const replies = turns.map((turn): CommittedTurn => {
      const key = turnKey(turn.session.id, turn.clientMessageId);
      const earlier = seen.get(key);
      if (earlier) return earlier;
      const plan = planTurn(turn, this.#cursorOf(turn, cursors), this.newId);
      cursors.set(turn.session.id, plan.after);
      seen.set(key, plan.committed);
      plans.push(plan);
      return plan.committed;
    });
    if (plans.length > 0) await writePlans(client, plans);
    return { replies, cursors };
  }

  #cursorOf(turn: TurnCommit, batch: Map<string, ChainCursor>): ChainCursor {
    const id = turn.session.id;
    const inBatch = batch.get(id);
    if (turn.isNew) {
      if (inBatch) throw new TriageError("TRIAGE_INTERNAL", "session created twice");
      return EMPTY_CURSOR;
    }
    const known = inBatch ?? this.#cursors.get(id);
    if (!known) throw new TriageError("TRIAGE_SESSION_NOT_FOUND", "no such session", { sessionId: id });
    return known;
  }

  forget(sessionIds: Iterable<string>): void {
    for (const id of sessionIds) this.#cursors.delete(id);
  }

  async close(): Promise<void> {
    // The pool belongs to the store, which ends it.
  }
}

/** Writes the planned rows: one statement per table over arrays. */
async function writePlans(client: pg.PoolClient, plans: TurnPlan[]): Promise<void> {
  const sessions = new Map<string, SessionWrite>();
  const heads = new Map<string, ChainCursor>();
  for (const plan of plans) {
    const previous = sessions.get(plan.session.id);
    sessions.set(plan.session.id, previous ? { ...previous, row: plan.session } : { row: plan.session, isNew: plan.isNew, beforeLastSeq: plan.before.lastSeq });
    if (plan.audit.length > 0) heads.set(plan.session.id, plan.after);
  }
  const all = [...sessions.values()];
  const inserts = all.filter((s) => s.isNew).map((s) => s.row);
  const updates = all.filter((s) => !s.isNew);

  if (inserts.length > 0) {
    await client.query(
      `INSERT INTO sessions (id, flow_slug, flow_version, state, locale, status, channel, urgency, resume_token_hash, last_seq, created_at, updated_at)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int[], $11::timestamptz[], $12::timestamptz[])`,
      columns(inserts, (s) => [s.id, s.flowSlug, s.flowVersion, s.state, s.locale, s.status, s.channel, s.urgency, s.resumeTokenHash, s.lastSeq, s.createdAt, s.updatedAt]),
    );
  }
  if (updates.length > 0) {
    // Only what a turn can change: the flow version, channel and resume token are set once, at the start.
    const result = await client.query(
      `UPDATE sessions AS s SET state = u.state, locale = u.locale, status = u.status, urgency = u.urgency, last_seq = u.last_seq, updated_at = u.updated_at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::timestamptz[], $8::int[])
         AS u(id, state, locale, status, urgency, last_seq, updated_at, before_seq)
       WHERE s.id = u.id AND s.last_seq = u.before_seq`,
      columns(updates, ({ row: s, beforeLastSeq }) => [s.id, s.state, s.locale, s.status, s.urgency, s.lastSeq, s.updatedAt, beforeLastSeq]),
    );
    if (result.rowCount !== updates.length) throw new StaleCursorError(updates.map((u) => u.row.id).join(","));
  }

  const messages = plans.flatMap((p) => p.messages);
  if (messages.length > 0) {
    await client.query(
      `INSERT INTO messages (session_id, seq, author, author_id, body, locale, at)
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])`,
      columns(messages, (m) => [m.sessionId, m.seq, m.author, m.authorId, m.body, m.locale, m.at]),
    );
  }
  await client.query(
    `INSERT INTO turns (session_id, client_message_id, reply, at) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[])`,
    columns(plans, (p) => [p.session.id, p.committed.clientMessageId, p.replyText, p.turnAt]),
  );
  const audit = plans.flatMap((p) => p.audit);
  if (audit.length > 0) {
    await client.query(
      `INSERT INTO audit_events (stream, seq, at, type, payload, prev_hash, hash)
       SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
      columns(audit, (a) => [a.stream, a.seq, a.at, a.type, a.payload, a.prevHash, a.hash]),
    );
    const streams = [...heads.entries()];
    // The primary key on (stream, seq) already refuses a fork; the head only ever moves forward.
    const moved = await client.query(
      `INSERT INTO audit_streams (stream, head_seq, head_hash) SELECT * FROM unnest($1::text[], $2::int[], $3::text[])
       ON CONFLICT (stream) DO UPDATE SET head_seq = excluded.head_seq, head_hash = excluded.head_hash
       WHERE audit_streams.head_seq < excluded.head_seq`,
      columns(streams, ([stream, head]) => [stream, head.headSeq, head.headHash]),
    );
    if (moved.rowCount !== streams.length) throw new StaleCursorError(streams.map(([s]) => s).join(","));
  }
  const handoffs = plans.flatMap((p) => (p.handoff ? [p.handoff] : []));
  if (handoffs.length > 0) {
    await client.query(
      `INSERT INTO handoff_cases (id, session_id, urgency, sla_deadline, state, cause, first_reason, opened_at, updated_at)
       SELECT id, session_id, urgency, sla_deadline, 'open', cause, first_reason, at, at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::timestamptz[])
         AS u(id, session_id, urgency, sla_deadline, cause, first_reason, at)`,
      columns(handoffs, (h) => [h.id, h.sessionId, h.urgency, h.slaDeadline, h.cause, h.firstReason, h.at]),
    );
  }
}

/** Given rows and a row-to-values function, returns one array per column (UNNEST's parameters). */
function columns<T>(rows: T[], values: (row: T) => unknown[]): unknown[][] {
  const out: unknown[][] = [];
  for (const row of rows) {
    values(row).forEach((value, i) => (out[i] ??= []).push(value));
  }
  return out;
}
