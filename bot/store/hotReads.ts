import type Database from "better-sqlite3";
import type pg from "pg";
import type { Locale, SessionState, Urgency } from "../../flows/index.js";
import type { CommittedTurn, SessionRecord, SessionStatus } from "../engine/ports.js";
import { parseReply } from "./sqliteTurnWriter.js";

/*
 * The reads of every patient turn (load the session, look up an earlier reply) on the raw driver,
 * like the writes: through Prisma they cost more than the turn's whole commit, and Prisma merges
 * concurrent findUnique calls into one IN query that overflows SQLite's parameter limit under load.
 */
export interface HotReads {
  session(id: string): Promise<SessionRecord | undefined>;
  sessionByTokenHash(hash: string): Promise<SessionRecord | undefined>;
  turnReply(sessionId: string, clientMessageId: string): Promise<CommittedTurn | undefined>;
}

interface SessionRow {
  id: string;
  flow_slug: string;
  flow_version: number;
  state: string;
  locale: string;
  status: string;
  channel: string;
  urgency: string | null;
  created_at: string | Date;
  updated_at: string | Date;
}

const SESSION_COLUMNS = "id, flow_slug, flow_version, state, locale, status, channel, urgency, created_at, updated_at";

const isoOf = (value: string | Date) => (value instanceof Date ? value : new Date(value)).toISOString();

function toSession(row: SessionRow | undefined): SessionRecord | undefined {
  if (!row) return undefined;
  const session: SessionRecord = {
    id: row.id,
    flowSlug: row.flow_slug,
    flowVersion: row.flow_version,
    locale: row.locale as Locale,
    status: row.status as SessionStatus,
    channel: row.channel,
    state: JSON.parse(row.state) as SessionState,
    createdAt: isoOf(row.created_at),
    updatedAt: isoOf(row.updated_at),
  };
  if (row.urgency) session.urgency = row.urgency as Urgency;
  return session;
}

/** Prepared better-sqlite3 statements on the hot-path connection. */
export function sqliteHotReads(db: Database.Database): HotReads {
  const byId = db.prepare<[string], SessionRow>(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = ?`);
  const byToken = db.prepare<[string], SessionRow>(`SELECT ${SESSION_COLUMNS} FROM sessions WHERE resume_token_hash = ?`);
  const reply = db.prepare<[string, string], { reply: string }>("SELECT reply FROM turns WHERE session_id = ? AND client_message_id = ?");
  return {
    session: async (id) => toSession(byId.get(id)),
    sessionByTokenHash: async (hash) => toSession(byToken.get(hash)),
    turnReply: async (sessionId, clientMessageId) => parseReply(reply.get(sessionId, clientMessageId)?.reply),
  };
}

/** Named (server-side prepared) statements on the pg pool. */
export function postgresHotReads(pool: pg.Pool): HotReads {
  const one = async <T extends pg.QueryResultRow>(name: string, text: string, values: string[]) =>
    (await pool.query<T>({ name, text, values })).rows[0];
  return {
    session: async (id) => toSession(await one<SessionRow>("triage_session_by_id", `SELECT ${SESSION_COLUMNS} FROM sessions WHERE id = $1`, [id])),
    sessionByTokenHash: async (hash) =>
      toSession(await one<SessionRow>("triage_session_by_token", `SELECT ${SESSION_COLUMNS} FROM sessions WHERE resume_token_hash = $1`, [hash])),
    turnReply: async (sessionId, clientMessageId) =>
      parseReply((await one<{ reply: string }>("triage_turn_reply", "SELECT reply FROM turns WHERE session_id = $1 AND client_message_id = $2", [sessionId, clientMessageId]))?.reply),
  };
}
