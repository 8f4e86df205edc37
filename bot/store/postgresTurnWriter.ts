import type pg from "pg";
import type { TurnCommit } from "../engine/ports.js";
import { TriageError } from "../errors.js";
import type { TurnResult, TurnWriter } from "./groupCommit.js";
import { NEW_SESSION_COLUMNS, newSessionValues, planTurn, type TurnPlan } from "./planTurn.js";
import { sessionConflict } from "./sessionConflict.js";

/*
 * The hot path on PostgreSQL: one transaction per batch on the `pg` driver, each table written with
 * one multi-row statement over UNNEST'ed arrays (about ten round trips per batch, whatever its
 * size). Prisma is not used here, for speed: see prisma/README.md.
 */

/**
 * Writes turns, each only if its session is still at the version the turn was computed from. The
 * first statements are the compare-and-set: the audit stream heads move from each turn's base to
 * its last event (`WHERE head_seq = base`, row-locked, so a concurrent instance's transaction
 * waits and then finds the head moved), new sessions are inserted unless one has their id or
 * resume token hash; only the turns that passed write their rows, the others get a conflict.
 */
export class PostgresTurnWriter implements TurnWriter {
  constructor(
    private readonly pool: pg.Pool,
    private readonly newId: () => string,
  ) {}

  async commitBatch(turns: TurnCommit[]): Promise<TurnResult[]> {
    const client = await this.pool.connect();
    let broken = false;
    try {
      await client.query("BEGIN");
      try {
        const results = await this.#write(client, turns);
        await client.query("COMMIT");
        return results;
      } catch (error) {
        await client.query("ROLLBACK").catch(() => (broken = true));
        throw error;
      }
    } finally {
      client.release(broken);
    }
  }

  async #write(client: pg.PoolClient, turns: TurnCommit[]): Promise<TurnResult[]> {
    const results: TurnResult[] = new Array<TurnResult>(turns.length);
    const plans: { index: number; plan: TurnPlan }[] = [];
    const sessions = new Set<string>();
    turns.forEach((turn, index) => {
      // Two turns of one session in a batch were computed from the same committed version: the
      // second cannot continue the first, so it is a conflict at once (computed again on a fresh read).
      if (sessions.has(turn.session.id)) {
        results[index] = sessionConflict(turn.session.id);
        return;
      }
      sessions.add(turn.session.id);
      plans.push({ index, plan: planTurn(turn, this.newId) });
    });

    const passed = await compareAndSet(
      client,
      plans.map((p) => p.plan),
    );
    const winners: TurnPlan[] = [];
    for (const { index, plan } of plans) {
      if (passed.has(plan.session.id)) {
        winners.push(plan);
        results[index] = { ...plan.committed, version: plan.after };
      } else results[index] = sessionConflict(plan.session.id);
    }
    if (winners.length > 0) await writePlans(client, winners);
    return results;
  }

  async close(): Promise<void> {
    // The pool belongs to the store, which ends it.
  }
}

/** Moves the stream heads and inserts the new sessions; returns the ids of the sessions whose turn may write. */
async function compareAndSet(client: pg.PoolClient, plans: TurnPlan[]): Promise<Set<string>> {
  const passed = new Set<string>();
  const created = plans.filter((p) => p.isNew).map((p) => p.session);
  if (created.length > 0) {
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO sessions (${NEW_SESSION_COLUMNS})
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::int[], $11::timestamptz[], $12::timestamptz[])
       ON CONFLICT DO NOTHING RETURNING id`,
      columns(created, (s) => newSessionValues(s)),
    );
    for (const row of inserted.rows) passed.add(row.id);
  }
  // A session's first events (a new session, or one stored before it had any): the head is inserted.
  const firstHeads = plans.filter((p) => p.before.seq === 0 && (!p.isNew || passed.has(p.session.id)));
  if (firstHeads.length > 0) {
    const inserted = await client.query<{ stream: string }>(
      `INSERT INTO audit_streams (stream, head_seq, head_hash) SELECT * FROM unnest($1::text[], $2::int[], $3::text[])
       ON CONFLICT (stream) DO NOTHING RETURNING stream`,
      columns(firstHeads, (p) => [p.session.id, p.after.seq, p.after.hash]),
    );
    const got = new Set(inserted.rows.map((r) => r.stream));
    for (const p of firstHeads) {
      if (p.isNew && !got.has(p.session.id)) throw new TriageError("TRIAGE_INTERNAL", "a new session's audit stream exists already");
      if (!p.isNew && got.has(p.session.id)) passed.add(p.session.id);
    }
  }
  // In session id order, so two instances' batches lock the heads they share in the same order.
  const moving = plans.filter((p) => !p.isNew && p.before.seq > 0).sort((x, y) => (x.session.id < y.session.id ? -1 : 1));
  if (moving.length > 0) {
    const moved = await client.query<{ stream: string }>(
      `UPDATE audit_streams AS a SET head_seq = u.head_seq, head_hash = u.head_hash
       FROM unnest($1::text[], $2::int[], $3::int[], $4::text[]) AS u(stream, before_seq, head_seq, head_hash)
       WHERE a.stream = u.stream AND a.head_seq = u.before_seq RETURNING a.stream`,
      columns(moving, (p) => [p.session.id, p.before.seq, p.after.seq, p.after.hash]),
    );
    for (const row of moved.rows) passed.add(row.stream);
  }
  return passed;
}

/** Writes the rows of the turns that passed the compare-and-set: one statement per table over arrays. */
async function writePlans(client: pg.PoolClient, plans: TurnPlan[]): Promise<void> {
  const updates = plans.filter((p) => !p.isNew).map((p) => p.session);
  if (updates.length > 0) {
    // Only what a turn can change: the flow version, channel and resume token are set once, at the start.
    await client.query(
      `UPDATE sessions AS s SET state = u.state, locale = u.locale, status = u.status, urgency = u.urgency, last_seq = u.last_seq, updated_at = u.updated_at
       FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::timestamptz[])
         AS u(id, state, locale, status, urgency, last_seq, updated_at)
       WHERE s.id = u.id`,
      columns(updates, (s) => [s.id, s.state, s.locale, s.status, s.urgency, s.lastSeq, s.updatedAt]),
    );
  }

  await insertRows(
    client,
    `INSERT INTO messages (session_id, seq, author, author_id, body, locale, at)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])`,
    plans.flatMap((p) => p.messages),
    (m) => [m.sessionId, m.seq, m.author, m.authorId, m.body, m.locale, m.at],
  );
  await insertRows(
    client,
    `INSERT INTO turns (session_id, client_message_id, after_seq, message_count, status, at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::text[], $6::timestamptz[])`,
    plans,
    (p) => [p.turn.sessionId, p.turn.clientMessageId, p.turn.afterSeq, p.turn.messageCount, p.turn.status, p.turn.at],
  );
  await insertRows(
    client,
    `INSERT INTO audit_events (stream, seq, at, type, payload, prev_hash, hash)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])`,
    plans.flatMap((p) => p.audit),
    (a) => [a.stream, a.seq, a.at, a.type, a.payload, a.prevHash, a.hash],
  );
  await insertRows(
    client,
    // flow_urgency: the questionnaire's level, kept when a clinician changes urgency.
    `INSERT INTO handoff_cases (id, session_id, urgency, flow_urgency, sla_deadline, state, cause, first_reason, routing, opened_at, updated_at)
     SELECT id, session_id, urgency, urgency, sla_deadline, 'open', cause, first_reason, routing, at, at
     FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::timestamptz[])
       AS u(id, session_id, urgency, sla_deadline, cause, first_reason, routing, at)`,
    plans.flatMap((p) => (p.handoff ? [p.handoff] : [])),
    (h) => [h.id, h.sessionId, h.urgency, h.slaDeadline, h.cause, h.firstReason, h.routing, h.at],
  );
}

/** Runs one INSERT over the rows, as one array per column (UNNEST's parameters); nothing when there are none. */
async function insertRows<T>(client: pg.PoolClient, sql: string, rows: T[], values: (row: T) => unknown[]): Promise<void> {
  if (rows.length > 0) await client.query(sql, columns(rows, values));
}

/** Given rows and a row-to-values function, returns one array per column (UNNEST's parameters). */
function columns<T>(rows: T[], values: (row: T) => unknown[]): unknown[][] {
  const out: unknown[][] = [];
  for (const row of rows) {
    values(row).forEach((value, i) => (out[i] ??= []).push(value));
  }
  return out;
}
