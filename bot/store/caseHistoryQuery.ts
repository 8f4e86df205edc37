import { isUrgency, type Urgency } from "../../flows/index.js";
import type { CaseHistoryStore, HistoryPage, HistoryQuery, HistoryRow } from "../cases/caseHistory.js";
import { decodeCaseReason } from "../cases/caseReason.js";
import type { CaseState } from "../cases/caseStore.js";
import type { DatabaseKind } from "./databaseUrl.js";
import type { PrismaStore } from "./prismaStore.js";
import { sqliteTime } from "./sqliteTurnWriter.js";

/*
 * The cases history's one query, in each database's SQL (issue 24, item 8). Filters and search
 * run in the database; nothing of what is searched is logged. Full text:
 *   SQLite      contentless FTS5 tables message_search and case_reason_search, keyed by the rowid
 *               of messages and handoff_cases, kept by triggers (migration 20261207093000).
 *   PostgreSQL  GIN indexes over to_tsvector('simple', ...) of the same text; the expressions
 *               below repeat the indexes' exactly, or the planner would not use them.
 * Each word must appear somewhere in the case (its first reason, or any answer or message of its
 * session), as a word prefix: "thora" finds "thoracique". Newest first, keyset on (opened_at, id).
 */

const MESSAGE_TEXT_PG = "to_tsvector('simple', COALESCE(m.body::jsonb ->> 'display', m.body::jsonb ->> 'text', ''))";
const REASON_TEXT_PG = "to_tsvector('simple', COALESCE(c.first_reason, ''))";

interface Dialect {
  param(n: number): string;
  time(date: Date | string): unknown;
  /** Given a maker of the word's placeholder (one per use: SQLite's are positional), the condition that the case holds it. */
  holds(word: () => string): string;
  word(term: string): string;
}

const DIALECTS: Record<DatabaseKind, Dialect> = {
  sqlite: {
    param: () => "?",
    time: (date) => sqliteTime(typeof date === "string" ? date : date.toISOString()),
    holds: (word) =>
      `(c.session_id IN (SELECT m.session_id FROM message_search f JOIN messages m ON m.rowid = f.rowid WHERE message_search MATCH ${word()})
        OR c.rowid IN (SELECT rowid FROM case_reason_search WHERE case_reason_search MATCH ${word()}))`,
    // A quoted FTS5 string then *: a prefix query; words hold only letters and digits (searchTerms).
    word: (term) => `"${term}"*`,
  },
  postgres: {
    param: (n) => `$${n}`,
    time: (date) => (typeof date === "string" ? date : date.toISOString()),
    holds: (word) =>
      `(c.session_id IN (SELECT m.session_id FROM messages m WHERE m.author IN ('patient', 'clinician') AND ${MESSAGE_TEXT_PG} @@ to_tsquery('simple', ${word()}))
        OR ${REASON_TEXT_PG} @@ to_tsquery('simple', ${word()}))`,
    word: (term) => `${term}:*`,
  },
};

type RawRow = {
  id: string;
  session_id: string;
  state: string;
  urgency: string;
  flow_urgency: string | null;
  flow_slug: string;
  assignee_id: string | null;
  assignee_name: string | null;
  first_reason: string | null;
  disposition: string | null;
  opened_at: Date | string;
  closed_at: Date | string | null;
};

const iso = (value: Date | string) => new Date(value).toISOString();
const level = (value: string): Urgency => (isUrgency(value) ? value : "EMERGENCY");

function toRow(raw: RawRow): HistoryRow {
  const row: HistoryRow = {
    id: raw.id,
    sessionId: raw.session_id,
    state: raw.state as CaseState,
    urgency: level(raw.urgency),
    flowUrgency: level(raw.flow_urgency ?? raw.urgency),
    flowSlug: raw.flow_slug,
    openedAt: iso(raw.opened_at),
  };
  if (raw.assignee_id !== null) row.assignee = { id: raw.assignee_id, displayName: raw.assignee_name ?? "" };
  if (raw.first_reason !== null) row.firstReason = decodeCaseReason(raw.first_reason);
  if (raw.disposition !== null) row.disposition = raw.disposition;
  if (raw.closed_at !== null) row.closedAt = iso(raw.closed_at);
  return row;
}

/** Given a checked history query, returns its SQL and parameters in the database's dialect. */
export function historySql(kind: DatabaseKind, query: HistoryQuery): { sql: string; params: unknown[] } {
  const d = DIALECTS[kind];
  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return d.param(params.length);
  };
  const where: string[] = [];
  if (query.state) where.push(`c.state = ${p(query.state)}`);
  if (query.urgency) where.push(`c.urgency = ${p(query.urgency)}`);
  if (query.flowSlug) where.push(`s.flow_slug = ${p(query.flowSlug)}`);
  if (query.assigneeId) where.push(`c.assignee_id = ${p(query.assigneeId)}`);
  if (query.from) where.push(`c.opened_at >= ${p(d.time(query.from))}`);
  if (query.to) where.push(`c.opened_at < ${p(d.time(query.to))}`);
  if (query.after) {
    const at = d.time(query.after.openedAt);
    where.push(`(c.opened_at < ${p(at)} OR (c.opened_at = ${p(at)} AND c.id < ${p(query.after.id)}))`);
  }
  for (const term of query.terms) where.push(d.holds(() => p(d.word(term))));
  const sql = `SELECT c.id, c.session_id, c.state, c.urgency, c.flow_urgency, s.flow_slug, c.assignee_id, u.display_name AS assignee_name,
      c.first_reason, c.disposition, c.opened_at, c.closed_at
    FROM handoff_cases c JOIN sessions s ON s.id = c.session_id LEFT JOIN users u ON u.id = c.assignee_id
    ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
    ORDER BY c.opened_at DESC, c.id DESC LIMIT ${p(query.pageSize + 1)}`;
  return { sql, params };
}

/** The cases history on the Prisma store (SQLite or PostgreSQL). */
export class CaseHistoryQuery implements CaseHistoryStore {
  constructor(private readonly store: Pick<PrismaStore, "prisma" | "kind">) {}

  async history(query: HistoryQuery): Promise<HistoryPage> {
    const { sql, params } = historySql(this.store.kind, query);
    const raw = (await this.store.prisma.$queryRawUnsafe(sql, ...params)) as RawRow[];
    const rows = raw.slice(0, query.pageSize).map(toRow);
    const last = rows.at(-1);
    return raw.length > query.pageSize && last ? { rows, next: { openedAt: last.openedAt, id: last.id } } : { rows };
  }

  async flowSlugs(): Promise<string[]> {
    return (await this.store.prisma.flow.findMany({ select: { slug: true }, orderBy: { slug: "asc" } })).map((f) => f.slug);
  }
}
