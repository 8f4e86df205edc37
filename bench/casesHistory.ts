import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import pg from "pg";
import pino from "pino";
import { parseHistoryQuery, type HistoryParams } from "../bot/cases/caseHistory.js";
import { CaseHistoryQuery } from "../bot/store/caseHistoryQuery.js";
import { migrate } from "../bot/store/migrate.js";
import { openStore } from "../bot/store/openStore.js";

/*
 * The cases history on many cases (issue 24, item 8; target: first page < 200 ms). Seeds N cases
 * straight into a migrated database (raw driver, batched: seeding is not what is measured; the
 * FTS5 triggers and GIN indexes do their work during it, as they would over months of turns),
 * each with a session, bot questions, patient answers and free text, and a clinician's message
 * on the closed ones; then times the first page through the store's own query (Prisma, as the
 * console runs it), cold cache aside: the first run of each query is a warm-up, not counted.
 *
 *   npx tsx bench/casesHistory.ts [--quick] [--skip-postgres]   this part alone
 */

const quiet = pino({ level: "silent" });
const LEVELS = ["EMERGENCY", "URGENT", "SOON", "ROUTINE", "SELF_CARE"] as const;
const FLOWS = ["chest-pain", "fever-adult", "headache", "breathing-cough", "abdominal-pain", "urinary", "vomiting-diarrhoea", "general"];
const COMMON = ["douleur", "depuis", "fièvre", "toux", "ventre", "tête", "poitrine", "matin", "soir", "pain", "since", "fever", "cough", "morning"];
const CLINICIANS = 20;

/** The queries timed, as the console's URL would give them. */
export const HISTORY_QUERIES: { name: string; params: HistoryParams }[] = [
  { name: "first page, no filter", params: {} },
  { name: "first page, closed URGENT cases of one questionnaire", params: { state: "closed", urgency: "URGENT", flow: "fever-adult" } },
  { name: "first page, search a common word", params: { q: "douleur" } },
  { name: "first page, search a rare word", params: { q: "zirkanol" } },
];

/** A small deterministic generator: the same cases every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface SeedCase {
  session: unknown[];
  messages: unknown[][];
  handoff: unknown[];
}

/** Given a case number, returns its rows (times as ISO text; `time` converts for the database). */
function* seedCases(count: number, time: (iso: string) => string): Generator<SeedCase> {
  const next = random(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
  // Pseudo-words make a long tail: most appear in a handful of cases, as names and rare symptoms do.
  const word = () => (next() < 0.6 ? pick(COMMON) : `w${Math.floor(next() ** 3 * 50_000).toString(36)}`);
  const sentence = (n: number) => Array.from({ length: n }, word).join(" ");
  const end = Date.parse("2026-12-01T00:00:00.000Z");
  for (let i = 0; i < count; i += 1) {
    const id = `bench-${i.toString().padStart(7, "0")}`;
    const opened = new Date(end - (count - i) * 60_000 * 5).toISOString(); // one case every 5 minutes
    const flow = pick(FLOWS);
    const level = pick(LEVELS);
    const closed = next() < 0.9;
    const assignee = closed || next() < 0.5 ? `clinician-${Math.floor(next() * CLINICIANS)}` : null;
    const changed = closed && next() < 0.1 ? pick(LEVELS) : level;
    const locale = next() < 0.8 ? "fr" : "en";
    const messages: unknown[][] = [];
    let seq = 0;
    const add = (author: string, body: object, authorId: string | null = null) =>
      messages.push([id, ++seq, author, authorId, JSON.stringify(body), locale, time(opened)]);
    for (let q = 0; q < 4; q += 1) {
      add("bot", {
        kind: "question",
        question: {
          id: `q${q}`,
          kind: "choice",
          text: sentence(12),
          options: [
            { value: "yes", label: "Oui" },
            { value: "no", label: "Non" },
            { value: "dont_know", label: "Je ne sais pas" },
          ],
        },
      });
      add("patient", { kind: "answer", questionId: `q${q}`, value: "yes", display: q === 0 ? sentence(6) : pick(["Oui", "Non", "Depuis 3 jours", "38,5 °C"]) });
    }
    add("patient", { kind: "text", text: sentence(20) + (i % 5000 === 17 ? " zirkanol" : "") });
    add("bot", { kind: "outcome", outcome: { urgency: level, text: sentence(25) } });
    if (closed && assignee) add("clinician", { kind: "text", text: sentence(15) }, assignee);
    const reason = JSON.stringify({ fr: `Motif : ${sentence(5)}`, en: `Reason: ${sentence(5)}` });
    yield {
      session: [
        id,
        flow,
        1,
        JSON.stringify({ frames: [{ flow, version: 1, node: "done" }] }),
        locale,
        closed ? "closed" : "handoff",
        "web",
        changed,
        seq,
        time(opened),
        time(opened),
      ],
      messages,
      handoff: [
        `case-${id}`,
        id,
        changed,
        level,
        time(new Date(Date.parse(opened) + 3_600_000).toISOString()),
        closed ? "closed" : assignee ? "claimed" : "open",
        assignee,
        "outcome",
        reason,
        closed ? "advice_given" : null,
        time(opened),
        closed ? time(opened) : null,
        time(opened),
      ],
    };
  }
}

const SESSION_COLUMNS = "id, flow_slug, flow_version, state, locale, status, channel, urgency, last_seq, created_at, updated_at";
const MESSAGE_COLUMNS = "session_id, seq, author, author_id, body, locale, at";
const CASE_COLUMNS =
  "id, session_id, urgency, flow_urgency, sla_deadline, state, assignee_id, cause, first_reason, disposition, opened_at, closed_at, updated_at";
const placeholders = (n: number) => Array.from({ length: n }, () => "?").join(", ");

export function seedSqlite(url: string, count: number): void {
  const db = new Database(url.replace(/^file:/, ""));
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = OFF");
  const user = db.prepare("INSERT INTO users (id, email, password_hash, display_name, role, updated_at) VALUES (?, ?, 'x', ?, 'clinician', ?)");
  const session = db.prepare(`INSERT INTO sessions (${SESSION_COLUMNS}) VALUES (${placeholders(11)})`);
  const message = db.prepare(`INSERT INTO messages (${MESSAGE_COLUMNS}) VALUES (${placeholders(7)})`);
  const handoff = db.prepare(`INSERT INTO handoff_cases (${CASE_COLUMNS}) VALUES (${placeholders(13)})`);
  const time = (iso: string) => iso.replace(/Z$/, "+00:00");
  db.transaction(() => {
    for (let u = 0; u < CLINICIANS; u += 1) user.run(`clinician-${u}`, `c${u}@example.org`, `Dr ${u}`, time(new Date().toISOString()));
  })();
  let batch: SeedCase[] = [];
  const flush = db.transaction((cases: SeedCase[]) => {
    for (const c of cases) {
      session.run(...c.session);
      for (const m of c.messages) message.run(...m);
      handoff.run(...c.handoff);
    }
  });
  for (const c of seedCases(count, time)) {
    batch.push(c);
    if (batch.length === 5000) {
      flush(batch);
      batch = [];
    }
  }
  flush(batch);
  db.pragma("optimize");
  db.close();
}

export async function seedPostgres(url: string, count: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (let u = 0; u < CLINICIANS; u += 1) {
      await client.query("INSERT INTO users (id, email, password_hash, display_name, role, updated_at) VALUES ($1, $2, 'x', $3, 'clinician', now())", [
        `clinician-${u}`,
        `c${u}@example.org`,
        `Dr ${u}`,
      ]);
    }
    const insert = async (table: string, columns: string, types: string[], rows: unknown[][]) => {
      const arrays = types.map((_, i) => rows.map((r) => r[i]));
      await client.query(`INSERT INTO ${table} (${columns}) SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(", ")})`, arrays);
    };
    let batch: SeedCase[] = [];
    const flush = async () => {
      await client.query("BEGIN");
      await insert(
        "sessions",
        SESSION_COLUMNS,
        ["text", "text", "int", "text", "text", "text", "text", "text", "int", "timestamptz", "timestamptz"],
        batch.map((c) => c.session),
      );
      await insert(
        "messages",
        MESSAGE_COLUMNS,
        ["text", "int", "text", "text", "text", "text", "timestamptz"],
        batch.flatMap((c) => c.messages),
      );
      await insert(
        "handoff_cases",
        CASE_COLUMNS,
        ["text", "text", "text", "text", "timestamptz", "text", "text", "text", "text", "text", "timestamptz", "timestamptz", "timestamptz"],
        batch.map((c) => c.handoff),
      );
      await client.query("COMMIT");
      batch = [];
    };
    for (const c of seedCases(count, (iso) => iso)) {
      batch.push(c);
      if (batch.length === 2000) await flush();
    }
    await flush();
    await client.query("VACUUM ANALYZE");
  } finally {
    await client.end();
  }
}

export interface HistoryTiming {
  name: string;
  rows: number;
  p50Ms: number;
  p99Ms: number;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

/** Given a migrated and seeded database, times each query's first page over `runs` runs (after one warm-up). */
async function timeQueries(url: string, runs: number): Promise<HistoryTiming[]> {
  const store = await openStore({ databaseUrl: url, logger: quiet });
  try {
    const history = new CaseHistoryQuery(store);
    const timings: HistoryTiming[] = [];
    for (const { name, params } of HISTORY_QUERIES) {
      const query = parseHistoryQuery(params);
      const first = await history.history(query);
      const ms: number[] = [];
      for (let r = 0; r < runs; r += 1) {
        const start = performance.now();
        await history.history(query);
        ms.push(performance.now() - start);
      }
      ms.sort((a, b) => a - b);
      timings.push({ name, rows: first.rows.length, p50Ms: quantile(ms, 0.5), p99Ms: quantile(ms, 0.99) });
    }
    return timings;
  } finally {
    await store.close();
  }
}

/** Seeds `cases` cases in a fresh SQLite file and times the history's first pages. */
export async function benchHistorySqlite(cases: number, runs: number, log: (line: string) => void = () => undefined): Promise<HistoryTiming[]> {
  const dir = mkdtempSync(join(tmpdir(), "triage-bench-history-"));
  const url = `file:${join(dir, "history.db")}`;
  try {
    await migrate(url, { logger: quiet });
    const started = performance.now();
    seedSqlite(url, cases);
    log(`cases history: ${cases} cases seeded in SQLite in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return await timeQueries(url, runs);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Seeds `cases` cases in a fresh database on the PostgreSQL server at `serverUrl` and times the history's first pages. */
export async function benchHistoryPostgres(
  serverUrl: string,
  cases: number,
  runs: number,
  log: (line: string) => void = () => undefined,
): Promise<HistoryTiming[]> {
  const name = `bench_history_${process.pid}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  const parsed = new URL(serverUrl);
  parsed.pathname = `/${name}`;
  const url = parsed.toString();
  try {
    await migrate(url, { logger: quiet });
    const started = performance.now();
    await seedPostgres(url, cases);
    log(`cases history: ${cases} cases seeded in PostgreSQL in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    return await timeQueries(url, runs);
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

/** Sizes: 100,000 cases and 30 runs per query; --quick 2,000 cases and 10 runs. */
export const historySizes = (quick: boolean) => (quick ? { cases: 2_000, runs: 10 } : { cases: 100_000, runs: 30 });

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const { values } = parseArgs({
    options: { quick: { type: "boolean", default: false }, "skip-postgres": { type: "boolean", default: false }, cases: { type: "string" } },
  });
  const sizes = historySizes(values.quick!);
  const cases = values.cases ? Number(values.cases) : sizes.cases;
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const print = (driver: string, timings: HistoryTiming[]) => {
    for (const t of timings)
      process.stdout.write(`${driver} ${cases} cases | ${t.name} | ${t.rows} rows | p50 ${t.p50Ms.toFixed(1)} ms | p99 ${t.p99Ms.toFixed(1)} ms\n`);
  };
  print("SQLite", await benchHistorySqlite(cases, sizes.runs, log));
  if (!values["skip-postgres"]) {
    const { startPostgres } = await import("../test/services/localServers.js");
    const server = process.env.BENCH_POSTGRES_URL ? undefined : await startPostgres({ durable: true });
    try {
      print("PostgreSQL", await benchHistoryPostgres(process.env.BENCH_POSTGRES_URL ?? server!.url, cases, sizes.runs, log));
    } finally {
      await server?.stop();
    }
  }
  process.exit(0);
}
