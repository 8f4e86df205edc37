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
 *   PostgreSQL  GIN indexes over to_tsvector('triage_search', ...) of the same text (the 'simple'
 *               configuration after unaccent, migration 20261207130000); the expressions below
 *               repeat the indexes' exactly, or the planner would not use them.
 * Each word must appear somewhere in the case (its first reason, or any answer or message of its
 * session), as a whole word, whatever its case and accents: "Fievre" finds "fièvre", "fièv" does
 * not. Newest first, keyset on (opened_at, id). Two ways to find a page:
 *   lookup  the word's matches from the index, then the newest cases among them: fast for a rare
 *           word, but a common one gathers every match first (PostgreSQL's GIN cannot stop early:
 *           "douleur", 125,000 messages in the benchmark, took 0.3 s to count and 3 s to page).
 *   walk    the cases newest first (the opened_at index), each case's own texts checked, until
 *           the page is full: fast for a common word, a full scan for a rare one.
 * SQLite counts a word's matches (FTS5 stops at the limit) and picks. PostgreSQL walks the
 * newest few cases first (walkWindow) and looks the word up only when they did not fill the page.
 */

const MESSAGE_TEXT_PG = "to_tsvector('triage_search', COALESCE(m.body::jsonb ->> 'display', m.body::jsonb ->> 'text', ''))";
const REASON_TEXT_PG = (alias: string) => `to_tsvector('triage_search', COALESCE(${alias}.first_reason, ''))`;

/**
 * SQLite: a word matched by this many indexed texts or more is common: instead of gathering every
 * match (hundreds of thousands for "douleur"), the query walks the cases newest first and checks
 * each case's own texts, which finds a page within its first cases. A rarer word is looked up
 * first and its few cases sorted. (100,000 cases: 4 s for "douleur" on SQLite the first way.)
 */
export const COMMON_WORD_MATCHES = 2000;

/**
 * PostgreSQL: how many of the newest matching-by-filter cases are checked one by one, per case on
 * the page, before the words are looked up in the index instead. A word in one case out of four
 * fills the page within it; a rarer one costs these few checks, then a lookup of its few matches.
 */
export const WALK_CASES_PER_ROW = 4;

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
    // OFFSET 0 keeps the EXISTS a per-case probe (the session's messages by primary key): without
    // it the planner turns it into a hash of every message matching the word, built before the walk.
    holds: (word, common) =>
      common
        ? `(EXISTS (SELECT 1 FROM messages m WHERE m.session_id = c.session_id AND m.author IN ('patient', 'clinician') AND ${MESSAGE_TEXT_PG} @@ to_tsquery('triage_search', ${word()}) OFFSET 0)
          OR ${REASON_TEXT_PG("c")} @@ to_tsquery('triage_search', ${word()}))`
        : `(c.session_id IN (SELECT m.session_id FROM messages m WHERE m.author IN ('patient', 'clinician') AND ${MESSAGE_TEXT_PG} @@ to_tsquery('triage_search', ${word()}))
          OR c.id IN (SELECT r.id FROM handoff_cases r WHERE ${REASON_TEXT_PG("r")} @@ to_tsquery('triage_search', ${word()})))`,
    matches: (word, limit) =>
      `SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM messages m WHERE m.author IN ('patient', 'clinician') AND ${MESSAGE_TEXT_PG} @@ to_tsquery('triage_search', ${word()}) LIMIT ${limit()}) x)
        + (SELECT COUNT(*) FROM (SELECT 1 FROM handoff_cases r WHERE ${REASON_TEXT_PG("r")} @@ to_tsquery('triage_search', ${word()}) LIMIT ${limit()}) y) AS n`,
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
  routing: string | null;
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
  if (raw.routing !== null) row.routing = raw.routing;
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
  return {
    sql: d.matches(
      () => p(d.word(term)),
      () => p(limit),
    ),
    params,
  };
}

/** The filters of a query other than its words (status, level, questionnaire, routing, clinician, dates, page cursor), as SQL conditions on `c` (cases) and `s` (sessions). */
function filterConditions(d: Dialect, p: (value: unknown) => string, query: HistoryQuery): string[] {
  const where: string[] = [];
  if (query.state) where.push(`c.state = ${p(query.state)}`);
  if (query.urgency) where.push(`c.urgency = ${p(query.urgency)}`);
  if (query.flowSlug) where.push(`s.flow_slug = ${p(query.flowSlug)}`);
  if (query.routing) where.push(`c.routing = ${p(query.routing)}`);
  if (query.assigneeId) where.push(`c.assignee_id = ${p(query.assigneeId)}`);
  if (query.from) where.push(`c.opened_at >= ${p(d.time(query.from))}`);
  if (query.to) where.push(`c.opened_at < ${p(d.time(query.to))}`);
  if (query.after) {
    const at = d.time(query.after.openedAt);
    where.push(`(c.opened_at < ${p(at)} OR (c.opened_at = ${p(at)} AND c.id < ${p(query.after.id)}))`);
  }
  return where;
}

const whereClause = (conditions: string[]) => (conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : "");
const NEWEST_FIRST = "ORDER BY c.opened_at DESC, c.id DESC";
/** A row's columns; the questionnaire's slug from `flowSlug` (the session, or the walk's window that carries it). */
const rowColumns = (
  flowSlug: string,
) => `c.id, c.session_id, c.state, c.urgency, c.flow_urgency, ${flowSlug} AS flow_slug, c.routing, c.assignee_id, u.display_name AS assignee_name,
      c.first_reason, c.disposition, c.opened_at, c.closed_at`;

/** A statement's start: the dialect, its parameters (`p` adds one and names its placeholder), and the query's filter conditions. */
function begin(kind: DatabaseKind, query: HistoryQuery) {
  const d = DIALECTS[kind];
  const { params, p } = parameters(d);
  return { d, params, p, filters: filterConditions(d, p, query) };
}

/** The newest cases the filters keep, up to `limit` (a placeholder), as a subquery selecting `columns` of c (cases) and s (sessions). */
const newestCases = (columns: string, filters: string[], limit: string) =>
  `(SELECT ${columns} FROM handoff_cases c JOIN sessions s ON s.id = c.session_id ${whereClause(filters)} ${NEWEST_FIRST} LIMIT ${limit})`;

/** Given a checked history query and its common words, returns its SQL and parameters in the database's dialect. */
export function historySql(kind: DatabaseKind, query: HistoryQuery, common: ReadonlySet<string> = new Set()): { sql: string; params: unknown[] } {
  const { d, params, p, filters: where } = begin(kind, query);
  for (const term of query.terms) where.push(d.holds(() => p(d.word(term)), common.has(term)));
  // With a common word, walk the cases newest first whatever the filters: SQLite would otherwise
  // take a filter's index (state), check every case it holds, then sort (15 s instead of 0.2 s).
  const sql = `SELECT ${rowColumns("s.flow_slug")}
    FROM handoff_cases c${kind === "sqlite" && common.size > 0 ? " INDEXED BY handoff_cases_opened_at_idx" : ""} JOIN sessions s ON s.id = c.session_id LEFT JOIN users u ON u.id = c.assignee_id
    ${whereClause(where)}
    ${NEWEST_FIRST} LIMIT ${p(query.pageSize + 1)}`;
  return { sql, params };
}

/**
 * Given a checked history query with words, returns the SQL (PostgreSQL) that walks the `window`
 * newest cases the filters keep, checks each one's texts for every word, and returns the first page among them.
 */
export function walkSql(kind: DatabaseKind, query: HistoryQuery, window: number): { sql: string; params: unknown[] } {
  const { d, params, p, filters } = begin(kind, query);
  const words = query.terms.map((term) => d.holds(() => p(d.word(term)), true));
  // The window's LIMIT keeps the planner from flattening it: the checks run on its rows in order, and stop once the page is full.
  const sql = `SELECT ${rowColumns("c.flow_slug")}
    FROM ${newestCases("c.*, s.flow_slug", filters, p(window))} c
    LEFT JOIN users u ON u.id = c.assignee_id
    ${whereClause(words)}
    ${NEWEST_FIRST} LIMIT ${p(query.pageSize + 1)}`;
  return { sql, params };
}

/**
 * Given a checked history query with words, returns the SQL (PostgreSQL) counting, for each word,
 * how many of the `window` newest cases the filters keep hold it (columns w0, w1...).
 */
export function surveySql(kind: DatabaseKind, query: HistoryQuery, window: number): { sql: string; params: unknown[] } {
  const { d, params, p, filters } = begin(kind, query);
  const counts = query.terms.map((term, i) => `COUNT(*) FILTER (WHERE ${d.holds(() => p(d.word(term)), true)}) AS w${i}`);
  const sql = `SELECT ${counts.join(", ")}
    FROM ${newestCases("c.*", filters, p(window))} c`;
  return { sql, params };
}

/** Given a checked history query, returns the SQL counting the cases its filters keep, up to `limit`. */
export function candidatesSql(kind: DatabaseKind, query: HistoryQuery, limit: number): { sql: string; params: unknown[] } {
  const { params, p, filters } = begin(kind, query);
  const sql = `SELECT COUNT(*) AS n FROM ${newestCases("1", filters, p(limit))} x`;
  return { sql, params };
}

export interface CaseHistoryOptions {
  /** SQLite: where a word counts as common (tests lower it to check both ways on a few cases). */
  commonWordMatches?: number;
  /** PostgreSQL: how many newest cases to check one by one before looking the words up (default WALK_CASES_PER_ROW per row of the page; 0: look up at once). */
  walkWindow?: number;
}

/** The cases history on the Prisma store (SQLite or PostgreSQL). */
export class CaseHistoryQuery implements CaseHistoryStore {
  constructor(
    private readonly store: Pick<PrismaStore, "prisma" | "kind">,
    private readonly options: CaseHistoryOptions = {},
  ) {}

  async history(query: HistoryQuery): Promise<HistoryPage> {
    if (query.terms.length === 0) return this.page(query, historySql(this.store.kind, query));
    return this.store.kind === "postgres" ? this.walkThenLookUp(query) : this.countThenPick(query);
  }

  /** SQLite: counts each word's matches (FTS5 stops at the limit), walks for the common ones, looks up the rare ones. */
  private async countThenPick(query: HistoryQuery): Promise<HistoryPage> {
    const common = new Set<string>();
    const limit = this.options.commonWordMatches ?? COMMON_WORD_MATCHES;
    for (const term of query.terms) {
      if ((await this.count(matchesSql(this.store.kind, term, limit))) >= limit) common.add(term);
    }
    return this.page(query, historySql(this.store.kind, query, common));
  }

  /**
   * PostgreSQL: checks the newest cases one by one; when they hold a full page, or are all the
   * cases the filters keep, that is the page. Otherwise a word is rare enough to look up: the
   * rarest among those cases (a common word looked up beside it would gather all its matches),
   * the other words checked on the cases it finds.
   */
  private async walkThenLookUp(query: HistoryQuery): Promise<HistoryPage> {
    const kind = this.store.kind;
    const window = this.options.walkWindow ?? WALK_CASES_PER_ROW * (query.pageSize + 1);
    let rarest = query.terms[0];
    if (window > 0) {
      const walked = await this.rows(walkSql(kind, query, window), true);
      if (walked.length > query.pageSize || (await this.count(candidatesSql(kind, query, window))) < window) return this.toPage(query, walked);
      if (query.terms.length > 1) {
        const [hits] = await this.rows<Record<string, number | bigint>>(surveySql(kind, query, window), true);
        rarest = query.terms.reduce(
          (best, term, i) => (Number(hits?.[`w${i}`] ?? 0) < Number(hits?.[`w${query.terms.indexOf(best!)}`] ?? 0) ? term : best),
          rarest,
        );
      }
    }
    return this.page(query, historySql(kind, query, new Set(query.terms.filter((term) => term !== rarest))));
  }

  private async count(counted: { sql: string; params: unknown[] }): Promise<number> {
    const [row] = await this.rows<{ n: number | bigint }>(counted);
    return Number(row?.n ?? 0);
  }

  /**
   * Runs a statement; `serial` (PostgreSQL) forbids parallel workers for it: for a walk's window
   * the planner would start workers that each scan far ahead of the few rows the walk reads
   * (0.45 s instead of 0.05 s for a common word with three filters, 100,000 cases).
   */
  private async rows<Row = RawRow>(statement: { sql: string; params: unknown[] }, serial = false): Promise<Row[]> {
    const { prisma } = this.store;
    if (!serial || this.store.kind !== "postgres") return (await prisma.$queryRawUnsafe(statement.sql, ...statement.params)) as Row[];
    const [, rows] = await prisma.$transaction([
      prisma.$executeRawUnsafe("SET LOCAL max_parallel_workers_per_gather = 0"),
      prisma.$queryRawUnsafe(statement.sql, ...statement.params),
    ]);
    return rows as Row[];
  }

  private async page(query: HistoryQuery, statement: { sql: string; params: unknown[] }): Promise<HistoryPage> {
    return this.toPage(query, await this.rows(statement));
  }

  private toPage(query: HistoryQuery, raw: RawRow[]): HistoryPage {
    const rows = raw.slice(0, query.pageSize).map(toRow);
    const last = rows.at(-1);
    return raw.length > query.pageSize && last ? { rows, next: { openedAt: last.openedAt, id: last.id } } : { rows };
  }

  async flowSlugs(): Promise<string[]> {
    return (await this.store.prisma.flow.findMany({ select: { slug: true }, orderBy: { slug: "asc" } })).map((f) => f.slug);
  }
}
