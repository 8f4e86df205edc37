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
 * Both search as semi-joins (the word's matches from the index, then the newest cases among
 * them), so neither computes a tsvector per case scanned. Each word must appear somewhere in the
 * case (its first reason, or any answer or message of its session), as a whole word, whatever
 * its case: "Thoracique" finds "thoracique", "thora" does not. Newest first, keyset on (opened_at, id).
 */

const MESSAGE_TEXT_PG = "to_tsvector('simple', COALESCE(m.body::jsonb ->> 'display', m.body::jsonb ->> 'text', ''))";
const REASON_TEXT_PG = (alias: string) => `to_tsvector('simple', COALESCE(${alias}.first_reason, ''))`;

/**
 * A word matched by this many indexed texts or more is common: instead of gathering every match
 * (hundreds of thousands for "douleur"), the query walks the cases newest first and checks each
 * case's own texts, which finds a page within its first cases. A rarer word is looked up first
 * and its few cases sorted. (100,000 cases: 4 s for "douleur" on SQLite the first way.)
 */
export const COMMON_WORD_MATCHES = 2000;

interface Dialect {
  param(n: number): string;
  time(date: Date | string): unknown;
  /** The condition that the case holds a word, for a rare word (its matches first) or a common one (per case). Takes a maker of the word's placeholder, one per use (SQLite's are positional). */
  holds(word: () => string, common: boolean): string;
  /** How many texts match a word, counted up to `limit`. */
  matches(word: () => string, limit: () => string): string;
  word(term: string): string;
}

const DIALECTS: Record<DatabaseKind, Dialect> = {
  sqlite: {
    param: () => "?",
    time: (date) => sqliteTime(typeof date === "string" ? date : date.toISOString()),
    // CROSS JOIN keeps messages as the outer loop: each of the case's messages is probed in the index by rowid.
    holds: (word, common) =>
      common
        ? `(EXISTS (SELECT 1 FROM messages m CROSS JOIN message_search f ON f.rowid = m.rowid WHERE m.session_id = c.session_id AND message_search MATCH ${word()})
          OR EXISTS (SELECT 1 FROM case_reason_search r WHERE case_reason_search MATCH ${word()} AND r.rowid = c.rowid))`
        : `(c.session_id IN (SELECT m.session_id FROM message_search f JOIN messages m ON m.rowid = f.rowid WHERE message_search MATCH ${word()})
          OR c.rowid IN (SELECT rowid FROM case_reason_search WHERE case_reason_search MATCH ${word()}))`,
    matches: (word, limit) =>
      `SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM message_search WHERE message_search MATCH ${word()} LIMIT ${limit()}))
        + (SELECT COUNT(*) FROM (SELECT 1 FROM case_reason_search WHERE case_reason_search MATCH ${word()} LIMIT ${limit()})) AS n`,
    // A quoted FTS5 string: one whole word (words hold only letters and digits: searchTerms). Not a
    // prefix query: FTS5 merges every matching term's whole doclist for one, on each probe.
    word: (term) => `"${term}"`,
  },
  postgres: {
    param: (n) => `$${n}`,
    time: (date) => (typeof date === "string" ? date : date.toISOString()),
    holds: (word, common) =>
      common
        ? `(EXISTS (SELECT 1 FROM messages m WHERE m.session_id = c.session_id AND m.author IN ('patient', 'clinician') AND ${MESSAGE_TEXT_PG} @@ to_tsquery('simple', ${word()}))
          OR ${REASON_TEXT_PG("c")} @@ to_tsquery('simple', ${word()}))`
        : `(c.session_id IN (SELECT m.session_id FROM messages m WHERE m.author IN ('patient', 'clinician') AND ${MESSAGE_TEXT_PG} @@ to_tsquery('simple', ${word()}))
          OR c.id IN (SELECT r.id FROM handoff_cases r WHERE ${REASON_TEXT_PG("r")} @@ to_tsquery('simple', ${word()})))`,
    matches: (word, limit) =>
      `SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM messages m WHERE m.author IN ('patient', 'clinician') AND ${MESSAGE_TEXT_PG} @@ to_tsquery('simple', ${word()}) LIMIT ${limit()}) x)
        + (SELECT COUNT(*) FROM (SELECT 1 FROM handoff_cases r WHERE ${REASON_TEXT_PG("r")} @@ to_tsquery('simple', ${word()}) LIMIT ${limit()}) y) AS n`,
    word: (term) => term,
  },
};

/** Collects parameters and returns each one's placeholder in the dialect. */
function parameters(d: Dialect): { params: unknown[]; p: (value: unknown) => string } {
  const params: unknown[] = [];
  return { params, p: (value) => (params.push(value), d.param(params.length)) };
}

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

/** Given a word, returns the SQL counting its matches up to `limit`. */
export function matchesSql(kind: DatabaseKind, term: string, limit: number): { sql: string; params: unknown[] } {
  const d = DIALECTS[kind];
  const { params, p } = parameters(d);
  return { sql: d.matches(() => p(d.word(term)), () => p(limit)), params };
}

/** Given a checked history query and its common words, returns its SQL and parameters in the database's dialect. */
export function historySql(kind: DatabaseKind, query: HistoryQuery, common: ReadonlySet<string> = new Set()): { sql: string; params: unknown[] } {
  const d = DIALECTS[kind];
  const { params, p } = parameters(d);
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
  for (const term of query.terms) where.push(d.holds(() => p(d.word(term)), common.has(term)));
  // With a common word, walk the cases newest first whatever the filters: SQLite would otherwise
  // take a filter's index (state), check every case it holds, then sort (15 s instead of 0.2 s).
  const sql = `SELECT c.id, c.session_id, c.state, c.urgency, c.flow_urgency, s.flow_slug, c.assignee_id, u.display_name AS assignee_name,
      c.first_reason, c.disposition, c.opened_at, c.closed_at
    FROM handoff_cases c${kind === "sqlite" && common.size > 0 ? " INDEXED BY handoff_cases_opened_at_idx" : ""} JOIN sessions s ON s.id = c.session_id LEFT JOIN users u ON u.id = c.assignee_id
    ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
    ORDER BY c.opened_at DESC, c.id DESC LIMIT ${p(query.pageSize + 1)}`;
  return { sql, params };
}

/** The cases history on the Prisma store (SQLite or PostgreSQL). */
export class CaseHistoryQuery implements CaseHistoryStore {
  /** `commonWordMatches`: where a word counts as common (tests lower it to check both ways on a few cases). */
  constructor(
    private readonly store: Pick<PrismaStore, "prisma" | "kind">,
    private readonly options: { commonWordMatches?: number } = {},
  ) {}

  async history(query: HistoryQuery): Promise<HistoryPage> {
    const common = new Set<string>();
    for (const term of query.terms) {
      const limit = this.options.commonWordMatches ?? COMMON_WORD_MATCHES;
      const counted = matchesSql(this.store.kind, term, limit);
      const [row] = (await this.store.prisma.$queryRawUnsafe(counted.sql, ...counted.params)) as { n: number | bigint }[];
      if (Number(row?.n ?? 0) >= limit) common.add(term);
    }
    const { sql, params } = historySql(this.store.kind, query, common);
    const raw = (await this.store.prisma.$queryRawUnsafe(sql, ...params)) as RawRow[];
    const rows = raw.slice(0, query.pageSize).map(toRow);
    const last = rows.at(-1);
    return raw.length > query.pageSize && last ? { rows, next: { openedAt: last.openedAt, id: last.id } } : { rows };
  }

  async flowSlugs(): Promise<string[]> {
    return (await this.store.prisma.flow.findMany({ select: { slug: true }, orderBy: { slug: "asc" } })).map((f) => f.slug);
  }
}
