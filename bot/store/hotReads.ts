import type Database from "better-sqlite3";
import type pg from "pg";
import type { Locale, SessionState, Urgency } from "../../flows/index.js";
import { GENESIS_HASH } from "../audit/hashEvent.js";
import type { ChatMessage } from "../engine/chatMessage.js";
import type { SessionRecord, SessionStatus, StoredSession, TurnRead } from "../engine/ports.js";

/*
 * The reads of every patient turn (load the session, look up an earlier reply) on the raw driver,
 * like the writes: through Prisma they cost more than the turn's whole commit, and Prisma merges
 * concurrent findUnique calls into one IN query that overflows SQLite's parameter limit under load.
 * The turn's read returns the session with its version (its audit chain's head and last message
 * seq) and whether the client message id was committed already in one statement, so all three are
 * of one snapshot. An earlier reply's messages are stored once, in `messages`: a second statement
 * reads them back (only for a repeated message id; committed messages never change).
 */
export interface HotReads {
  session(id: string): Promise<SessionRecord | undefined>;
  sessionByTokenHash(hash: string): Promise<SessionRecord | undefined>;
  turn(sessionId: string, clientMessageId: string): Promise<TurnRead | undefined>;
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

interface TurnReadRow extends SessionRow {
  last_seq: number;
  head_seq: number | null;
  head_hash: string | null;
  after_seq: number | null;
  message_count: number | null;
  turn_status: string | null;
}

interface MessageRow {
  seq: number;
  author: string;
  author_id: string | null;
  body: string;
  locale: string;
  at: string | Date;
}

const SESSION_COLUMNS = "s.id, s.flow_slug, s.flow_version, s.state, s.locale, s.status, s.channel, s.urgency, s.created_at, s.updated_at";
const SELECT_SESSION = `SELECT ${SESSION_COLUMNS} FROM sessions s`;
/** The session, its version (audit head, last message seq) and where the reply to one client message id is, in one statement. */
const SELECT_TURN_READ =
  `SELECT ${SESSION_COLUMNS}, s.last_seq, a.head_seq, a.head_hash, t.after_seq, t.message_count, t.status AS turn_status FROM sessions s ` +
  "LEFT JOIN audit_streams a ON a.stream = s.id LEFT JOIN turns t ON t.session_id = s.id AND t.client_message_id = ";

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

/** The messages of one turn: seqs after `afterSeq`, up to and including `lastSeq`. */
type TurnMessages = (sessionId: string, afterSeq: number, lastSeq: number) => Promise<MessageRow[]>;
const SELECT_TURN_MESSAGES = "SELECT seq, author, author_id, body, locale, at FROM messages WHERE session_id = ";

function toChatMessage(sessionId: string, row: MessageRow): ChatMessage {
  const message: ChatMessage = {
    sessionId,
    seq: row.seq,
    at: isoOf(row.at),
    locale: row.locale as Locale,
    author: row.author as ChatMessage["author"],
    body: JSON.parse(row.body) as ChatMessage["body"],
  };
  if (row.author_id !== null) message.authorId = row.author_id;
  return message;
}

async function toTurnRead(row: TurnReadRow | undefined, clientMessageId: string, turnMessages: TurnMessages): Promise<TurnRead | undefined> {
  if (!row) return undefined;
  const session: StoredSession = { ...toSession(row)!, version: { seq: row.head_seq ?? 0, hash: row.head_hash ?? GENESIS_HASH, lastMessageSeq: row.last_seq } };
  if (row.turn_status === null || row.after_seq === null || row.message_count === null) return { session };
  const rows = row.message_count > 0 ? await turnMessages(row.id, row.after_seq, row.after_seq + row.message_count) : [];
  const messages = rows.map((m) => toChatMessage(row.id, m));
  return { session, earlier: { sessionId: row.id, clientMessageId, messages, status: row.turn_status as SessionStatus } };
}

/** Prepared better-sqlite3 statements on the hot-path connection. */
export function sqliteHotReads(db: Database.Database): HotReads {
  const byId = db.prepare<[string], SessionRow>(`${SELECT_SESSION} WHERE s.id = ?`);
  const byToken = db.prepare<[string], SessionRow>(`${SELECT_SESSION} WHERE s.resume_token_hash = ?`);
  const turn = db.prepare<[string, string], TurnReadRow>(`${SELECT_TURN_READ}? WHERE s.id = ?`);
  const messages = db.prepare<[string, number, number], MessageRow>(`${SELECT_TURN_MESSAGES}? AND seq > ? AND seq <= ? ORDER BY seq`);
  const turnMessages: TurnMessages = async (sessionId, afterSeq, lastSeq) => messages.all(sessionId, afterSeq, lastSeq);
  return {
    session: async (id) => toSession(byId.get(id)),
    sessionByTokenHash: async (hash) => toSession(byToken.get(hash)),
    turn: (sessionId, clientMessageId) => toTurnRead(turn.get(clientMessageId, sessionId), clientMessageId, turnMessages),
  };
}

/** Named (server-side prepared) statements on the pg pool. */
export function postgresHotReads(pool: pg.Pool): HotReads {
  const one = async <T extends pg.QueryResultRow>(name: string, text: string, values: string[]) => (await pool.query<T>({ name, text, values })).rows[0];
  const turnMessages: TurnMessages = async (sessionId, afterSeq, lastSeq) =>
    (
      await pool.query<MessageRow>({
        name: "triage_turn_messages",
        text: `${SELECT_TURN_MESSAGES}$1 AND seq > $2 AND seq <= $3 ORDER BY seq`,
        values: [sessionId, afterSeq, lastSeq],
      })
    ).rows;
  return {
    session: async (id) => toSession(await one<SessionRow>("triage_session_by_id", `${SELECT_SESSION} WHERE s.id = $1`, [id])),
    sessionByTokenHash: async (hash) => toSession(await one<SessionRow>("triage_session_by_token", `${SELECT_SESSION} WHERE s.resume_token_hash = $1`, [hash])),
    turn: async (sessionId, clientMessageId) =>
      toTurnRead(
        await one<TurnReadRow>("triage_turn_read", `${SELECT_TURN_READ}$2 WHERE s.id = $1`, [sessionId, clientMessageId]),
        clientMessageId,
        turnMessages,
      ),
  };
}
