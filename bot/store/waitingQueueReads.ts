import type Database from "better-sqlite3";
import type pg from "pg";
import { isUrgency, URGENCY_LEVELS, type Urgency } from "../../flows/index.js";
import type { QueueEntry, WaitingQueue } from "../cases/patientCases.js";
import { sqliteTime } from "./sqliteTurnWriter.js";

/*
 * The patients' waiting screens read the queue on the raw driver, like the turn's own reads
 * (hotReads.ts): each waiting patient's turn asks for its place, and through Prisma each query
 * cost more than the turn (its query compiler ran for every call). One patient's place is a
 * COUNT in the database, never the whole queue loaded and sorted per turn.
 */

interface Row {
  id: string;
  session_id: string;
  urgency: string;
  sla_deadline: string | Date;
  opened_at: string | Date;
  state: string;
  patient_left_at: string | Date | null;
  contact_phone: string | null;
}

const COLUMNS = "id, session_id, urgency, sla_deadline, opened_at, state, patient_left_at, contact_phone";
const WAITING = "state = 'open' AND patient_left_at IS NULL";
/** The queue's rank of a level (compareQueue); a level unknown to this version ranks as EMERGENCY, as in the console. */
const RANK = `CASE urgency ${URGENCY_LEVELS.map((level, rank) => `WHEN '${level}' THEN ${rank}`).join(" ")} ELSE 0 END`;
/** Waiting cases served before ($rank, $deadline, $opened), other than $id: more urgent, then the earlier deadline, then the earlier arrival. */
const aheadWhere = (p: { id: string; rank: string; deadline: string; opened: string }) =>
  `${WAITING} AND id <> ${p.id} AND (${RANK} < ${p.rank} OR (${RANK} = ${p.rank} AND (sla_deadline < ${p.deadline} OR (sla_deadline = ${p.deadline} AND opened_at < ${p.opened}))))`;

/** Each waiting case with the number of waiting cases served before it (RANK counts those strictly before, as aheadWhere does). */
const RANKED = `SELECT id, RANK() OVER (ORDER BY ${RANK}, sla_deadline, opened_at) - 1 AS ahead FROM handoff_cases WHERE ${WAITING}`;

interface Place {
  id: string;
  ahead: number;
}

const isoOf = (value: string | Date) => (value instanceof Date ? value : new Date(value)).toISOString();
const urgencyOf = (value: string): Urgency => (isUrgency(value) ? value : "EMERGENCY");
const rankOf = (urgency: Urgency) => URGENCY_LEVELS.indexOf(urgency);

function toEntry(row: Row): QueueEntry {
  const entry: QueueEntry = {
    id: row.id,
    sessionId: row.session_id,
    urgency: urgencyOf(row.urgency),
    slaDeadline: isoOf(row.sla_deadline),
    openedAt: isoOf(row.opened_at),
    state: row.state === "claimed" ? "claimed" : "open",
  };
  if (row.patient_left_at !== null) entry.patientLeftAt = isoOf(row.patient_left_at);
  if (row.contact_phone !== null) entry.contactPhone = row.contact_phone;
  return entry;
}

/** The latest open case of each session (a session escalated by a later outcome has two). */
function latestPerSession(rows: Row[]): QueueEntry[] {
  const latest = new Map<string, QueueEntry>();
  for (const entry of rows.map(toEntry)) {
    const seen = latest.get(entry.sessionId);
    if (!seen || entry.openedAt > seen.openedAt) latest.set(entry.sessionId, entry);
  }
  return [...latest.values()];
}

/** Prepared better-sqlite3 statements (SQLite keeps times as Prisma writes them: ISO text, +00:00). */
export function sqliteWaitingQueue(db: Database.Database): WaitingQueue {
  const open = db.prepare<[string], Row>(`SELECT ${COLUMNS} FROM handoff_cases WHERE state <> 'closed' AND session_id IN (SELECT value FROM json_each(?))`);
  const places = db.prepare<[string], Place>(`SELECT id, ahead FROM (${RANKED}) WHERE id IN (SELECT value FROM json_each(?))`);
  const ahead = db.prepare<[{ id: string; rank: number; deadline: string; opened: string }], { n: number }>(
    `SELECT COUNT(*) AS n FROM handoff_cases WHERE ${aheadWhere({ id: "@id", rank: "@rank", deadline: "@deadline", opened: "@opened" })}`,
  );
  return {
    openCases: async (sessionIds) => (sessionIds.length === 0 ? [] : latestPerSession(open.all(JSON.stringify(sessionIds)))),
    placesOf: async (caseIds) => new Map(caseIds.length === 0 ? [] : places.all(JSON.stringify(caseIds)).map((row) => [row.id, row.ahead])),
    countAhead: async (entry) =>
      ahead.get({ id: entry.id, rank: rankOf(entry.urgency), deadline: sqliteTime(entry.slaDeadline), opened: sqliteTime(entry.openedAt) })!.n,
  };
}

/** Named (server-side prepared) statements on the pg pool. */
export function postgresWaitingQueue(pool: pg.Pool): WaitingQueue {
  const rows = async (name: string, text: string, values: unknown[]) => (await pool.query<Row>({ name, text, values })).rows;
  return {
    openCases: async (sessionIds) =>
      sessionIds.length === 0
        ? []
        : latestPerSession(
            await rows("triage_queue_open", `SELECT ${COLUMNS} FROM handoff_cases WHERE state <> 'closed' AND session_id = ANY($1::text[])`, [[...sessionIds]]),
          ),
    placesOf: async (caseIds) => {
      if (caseIds.length === 0) return new Map();
      const text = `SELECT id, ahead::int AS ahead FROM (${RANKED}) ranked WHERE id = ANY($1::text[])`;
      const result = await pool.query<Place>({ name: "triage_queue_places", text, values: [[...caseIds]] });
      return new Map(result.rows.map((row) => [row.id, row.ahead]));
    },
    countAhead: async (entry) => {
      const text = `SELECT COUNT(*)::int AS n FROM handoff_cases WHERE ${aheadWhere({ id: "$1", rank: "$2", deadline: "$3", opened: "$4" })}`;
      const result = await pool.query<{ n: number }>({
        name: "triage_queue_ahead",
        text,
        values: [entry.id, rankOf(entry.urgency), entry.slaDeadline, entry.openedAt],
      });
      return result.rows[0]!.n;
    },
  };
}
