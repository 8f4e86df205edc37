import { URGENCY_LEVELS, isUrgency, type Locale, type Urgency } from "../../flows/index.js";
import { ROUTING_TARGETS } from "../../flows/routing.js";
import { caseReasonIn } from "./caseReason.js";
import { ConsoleError } from "./consoleError.js";
import type { CaseState } from "./caseStore.js";
import type { CaseReason } from "./encodeCaseReason.js";
import { startOfDayIn } from "./startOfDayIn.js";

/*
 * The cases history (issue 24, item 8): every case, open or closed, newest first, filtered and
 * searched in the database, one page at a time. Pages are keyset-paginated on (opened_at, id):
 * the next page starts after the last case shown, so a page costs the same at case 100,000 as at
 * case 1 and a case opened meanwhile cannot shift a page. Everything a clinician types is bounded
 * here, before it reaches a query; a refusal is CONSOLE_INVALID_REQUEST naming the field.
 */

export const HISTORY_LIMITS = { query: 200, terms: 8, flow: 100, pageSize: { default: 25, max: 100 }, cursor: 200 } as const;

export const HISTORY_STATES = ["open", "claimed", "closed"] as const satisfies readonly CaseState[];

/** Where a page starts: after the case opened at `openedAt` with this `id` (newest first). */
export interface HistoryCursor {
  openedAt: string;
  id: string;
}

/** A history request once checked: every field bounded, dates as instants. */
export interface HistoryQuery {
  state?: CaseState;
  urgency?: Urgency;
  flowSlug?: string;
  /** The routing the outcome decided, stored with the case (handoff_cases.routing). */
  routing?: (typeof ROUTING_TARGETS)[number];
  assigneeId?: string;
  /** Opened at or after. */
  from?: Date;
  /** Opened before. */
  to?: Date;
  /** Words to find, each as a whole word, all of them (in reasons, answers or messages). */
  terms: string[];
  after?: HistoryCursor;
  pageSize: number;
}

/** One row of the history as the store returns it. */
export interface HistoryRow {
  id: string;
  sessionId: string;
  state: CaseState;
  urgency: Urgency;
  flowUrgency: Urgency;
  flowSlug: string;
  /** The routing the outcome decided; none for a case the patient asked for before any outcome. */
  routing?: string;
  assignee?: { id: string; displayName: string };
  firstReason?: CaseReason;
  disposition?: string;
  openedAt: string;
  closedAt?: string;
}

export interface HistoryPage {
  rows: HistoryRow[];
  /** Present when there are more cases after this page. */
  next?: HistoryCursor;
}

/** What reads the history (bot/store/caseHistoryQuery.ts on SQLite and PostgreSQL). */
export interface CaseHistoryStore {
  history(query: HistoryQuery): Promise<HistoryPage>;
  /** The questionnaires' identifiers, for the flow filter. */
  flowSlugs(): Promise<string[]>;
}

/** The request as it arrives (URL search parameters): strings, any of them missing or empty. */
export type HistoryParams = Partial<Record<"state" | "urgency" | "flow" | "routing" | "clinician" | "from" | "to" | "q" | "after" | "size", string | null>>;

const invalid = (field: string, message: string) => new ConsoleError("CONSOLE_INVALID_REQUEST", message, { field });
// The page's fields take dd/mm/yyyy (fr and en-GB alike); yyyy-mm-dd still reads, for links made before.
const DAY_DMY = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const DAY_ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const SLUG = /^[a-z0-9][a-z0-9_-]*$/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Given a date field (dd/mm/yyyy, or yyyy-mm-dd) and the clinician's time zone (none: UTC),
 * returns when that day starts there; `end` returns when the next day starts.
 */
function day(field: string, value: string, end: boolean, zone: string | undefined): Date {
  const dmy = DAY_DMY.exec(value);
  const iso = DAY_ISO.exec(value);
  const [d, m, y] = dmy ? [dmy[1], dmy[2], dmy[3]].map(Number) : iso ? [iso[3], iso[2], iso[1]].map(Number) : [Number.NaN, Number.NaN, Number.NaN];
  const check = new Date(Date.UTC(y!, m! - 1, d!));
  if (Number.isNaN(check.getTime()) || check.getUTCFullYear() !== y || check.getUTCMonth() !== m! - 1 || check.getUTCDate() !== d) {
    throw invalid(field, `${field} must be a date (dd/mm/yyyy)`);
  }
  return startOfDayIn(y!, m!, d! + (end ? 1 : 0), zone);
}

/** Given a word, returns it without the accents of Latin letters ("Fièvre" -> "fievre"), as the search indexes store words. */
export function withoutAccents(word: string): string {
  return word
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .normalize("NFC");
}

/** Given the search box's text, returns its words (letters and digits, lower case, without accents), at most HISTORY_LIMITS.terms. */
export function searchTerms(text: string): string[] {
  if (text.length > HISTORY_LIMITS.query) throw invalid("q", `the search is limited to ${HISTORY_LIMITS.query} characters`);
  const words = withoutAccents(text.toLowerCase()).match(/[\p{L}\p{N}]+/gu) ?? [];
  const unique = [...new Set(words)];
  if (unique.length > HISTORY_LIMITS.terms) throw invalid("q", `the search is limited to ${HISTORY_LIMITS.terms} words`);
  return unique;
}

/** Given a cursor, returns its opaque text (base64url of "openedAt|id"). */
export function encodeCursor(cursor: HistoryCursor): string {
  return Buffer.from(`${cursor.openedAt}|${cursor.id}`).toString("base64url");
}

/** Given a cursor's text, returns the cursor, or throws CONSOLE_INVALID_REQUEST (field "after"). */
export function decodeCursor(text: string): HistoryCursor {
  if (text.length > HISTORY_LIMITS.cursor || !/^[A-Za-z0-9_-]+$/.test(text)) throw invalid("after", "the page cursor is not valid");
  const [openedAt, id, ...rest] = Buffer.from(text, "base64url").toString("utf8").split("|");
  const at = Date.parse(openedAt ?? "");
  if (rest.length > 0 || !id || !ID.test(id) || Number.isNaN(at) || new Date(at).toISOString() !== openedAt)
    throw invalid("after", "the page cursor is not valid");
  return { openedAt, id };
}

/**
 * Given the request's parameters and the clinician's time zone (the days of the date filters are
 * theirs; none: UTC), returns the checked query, or throws CONSOLE_INVALID_REQUEST naming the field.
 */
export function parseHistoryQuery(params: HistoryParams, zone?: string): HistoryQuery {
  const value = (key: keyof HistoryParams) => {
    const v = params[key]?.trim();
    return v ? v : undefined;
  };
  const query: HistoryQuery = { terms: searchTerms(params.q ?? ""), pageSize: HISTORY_LIMITS.pageSize.default };
  const state = value("state");
  if (state !== undefined) {
    if (!(HISTORY_STATES as readonly string[]).includes(state)) throw invalid("state", `state must be one of ${HISTORY_STATES.join(", ")}`);
    query.state = state as CaseState;
  }
  const urgency = value("urgency");
  if (urgency !== undefined) {
    if (!isUrgency(urgency)) throw invalid("urgency", `urgency must be one of ${URGENCY_LEVELS.join(", ")}`);
    query.urgency = urgency;
  }
  const flow = value("flow");
  if (flow !== undefined) {
    if (flow.length > HISTORY_LIMITS.flow || !SLUG.test(flow)) throw invalid("flow", "flow must be a questionnaire's identifier");
    query.flowSlug = flow;
  }
  const routing = value("routing");
  if (routing !== undefined) {
    if (!(ROUTING_TARGETS as readonly string[]).includes(routing)) throw invalid("routing", `routing must be one of ${ROUTING_TARGETS.join(", ")}`);
    query.routing = routing as (typeof ROUTING_TARGETS)[number];
  }
  const clinician = value("clinician");
  if (clinician !== undefined) {
    if (!ID.test(clinician)) throw invalid("clinician", "clinician must be a user's identifier");
    query.assigneeId = clinician;
  }
  const from = value("from");
  if (from !== undefined) query.from = day("from", from, false, zone);
  const to = value("to");
  if (to !== undefined) query.to = day("to", to, true, zone);
  if (query.from && query.to && query.from >= query.to) throw invalid("to", "the end date comes before the start date");
  const after = value("after");
  if (after !== undefined) query.after = decodeCursor(after);
  const size = value("size");
  if (size !== undefined) {
    const n = /^\d{1,4}$/.test(size) ? Number(size) : Number.NaN;
    if (!(n >= 1 && n <= HISTORY_LIMITS.pageSize.max)) throw invalid("size", `size must be 1 to ${HISTORY_LIMITS.pageSize.max}`);
    query.pageSize = n;
  }
  return query;
}

/** A history row as one clinician reads it: the first reason in their language. */
export type HistoryRowView = Omit<HistoryRow, "firstReason"> & { firstReason?: string };

/** A page of the history as the console shows it; `next` is the opaque cursor of the following page. */
export interface HistoryPageView {
  rows: HistoryRowView[];
  next?: string;
}

/** Given the history store, the request's parameters, the reader's language and time zone, returns one page (or throws CONSOLE_INVALID_REQUEST). */
export async function readHistory(store: CaseHistoryStore, params: HistoryParams, locale: Locale, zone?: string): Promise<HistoryPageView> {
  const page = await store.history(parseHistoryQuery(params, zone));
  const rows = page.rows.map(({ firstReason, ...rest }): HistoryRowView => {
    const text = firstReason === undefined ? "" : caseReasonIn(firstReason, locale);
    return text ? { ...rest, firstReason: text } : rest;
  });
  return page.next ? { rows, next: encodeCursor(page.next) } : { rows };
}
