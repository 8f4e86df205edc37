import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import Database from "better-sqlite3";
import pino from "pino";
import type { SessionVersion, TurnCommit } from "../bot/engine/ports.js";
import { migrate } from "../bot/store/migrate.js";
import { openStore } from "../bot/store/openStore.js";
import { createPostgresDatabase } from "../test/services/postgresDatabase.js";

/*
 * Store benchmarks. benchStore drives the real store (group commit, hashing, all rows of a turn);
 * benchCeiling writes the same rows with raw better-sqlite3 and nothing else, one transaction per
 * 64 turns: what the disk and SQLite allow, the bar the store is measured against.
 */

const quiet = pino({ level: "silent" });
/** BENCH_POSTGRES_URL, else the benchmark's own server (bench/run.ts starts one and sets TEST_POSTGRES_URL). */
const postgresUrl = (): string => {
  const url = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL;
  if (!url) throw new Error("no PostgreSQL server for the benchmark (BENCH_POSTGRES_URL)");
  return url;
};

export interface BenchStoreOptions {
  driver: "sqlite" | "postgres";
  /** Concurrent sessions, each sending its turns one after the other (waiting for each reply). */
  sessions: number;
  /** Turns per session. */
  turns: number;
}

export interface BenchStoreResult {
  turnsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** Transactions committed: turns / transactions is the average group size. */
  transactions: number;
  turns: number;
}

/** A turn as the engine hands it over: two messages, two audit events (patient message, transition). */
function benchTurn(sessionId: string, n: number, at: string): TurnCommit {
  return {
    session: {
      id: sessionId,
      flowSlug: "chest-pain",
      flowVersion: 1,
      locale: "fr",
      status: "active",
      channel: "web",
      state: { frames: [] },
      createdAt: at,
      updatedAt: at,
    },
    isNew: n === 0,
    clientMessageId: `m${n}`,
    messages: [
      { author: "patient", body: { kind: "answer", questionId: `q${n}`, value: "yes", display: "Oui" } },
      { author: "bot", body: { kind: "text", text: "Avez-vous de la fièvre ?" } },
    ],
    audit: [
      { type: "message.patient", payload: { questionId: `q${n}`, value: "yes" } },
      { type: "transition", payload: { from: `q${n}`, to: `q${n + 1}` } },
    ],
  };
}

async function scratchDatabase(driver: "sqlite" | "postgres"): Promise<{ url: string; drop(): Promise<void> }> {
  if (driver === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "triage-bench-"));
    return { url: `file:${join(dir, "bench.db")}`, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  return createPostgresDatabase(postgresUrl(), "bench");
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Given a driver and a load, commits sessions x turns through bot/store and returns throughput and latency. */
export async function benchStore(options: BenchStoreOptions): Promise<BenchStoreResult> {
  const database = await scratchDatabase(options.driver);
  try {
    await migrate(database.url, { logger: quiet });
    const store = await openStore({ databaseUrl: database.url, logger: quiet });
    const at = new Date().toISOString();
    // Turns are built before the clock starts: the engine's work is not the store's.
    const work = Array.from({ length: options.sessions }, (_, s) => Array.from({ length: options.turns }, (_, n) => benchTurn(`bench-${s}`, n, at)));
    const latencies: number[] = [];
    const started = performance.now();
    await Promise.all(
      work.map(async (turns) => {
        let version: SessionVersion | undefined;
        for (const turn of turns) {
          // Each turn continues the version the previous commit reached (the engine reads it with the session).
          if (version) turn.base = version;
          const t0 = performance.now();
          ({ version } = await store.commitTurn(turn));
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const transactions = store.stats.transactions;
    await store.close();
    latencies.sort((a, b) => a - b);
    const total = options.sessions * options.turns;
    return {
      turnsPerSec: Math.round(total / elapsed),
      p50Ms: round(percentile(latencies, 50)),
      p99Ms: round(percentile(latencies, 99)),
      transactions,
      turns: total,
    };
  } finally {
    await database.drop();
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/**
 * The raw ceiling: better-sqlite3 in WAL with synchronous=FULL, the same rows a turn writes (session
 * insert then updates, two messages, the idempotency row, two audit events, the stream head), one
 * transaction per 64 turns, precomputed values, no hashing, no promises.
 */
export async function benchCeiling(options: { sessions?: number; turns?: number } = {}): Promise<{ turnsPerSec: number }> {
  const sessions = options.sessions ?? 64;
  const turns = options.turns ?? 500;
  const dir = mkdtempSync(join(tmpdir(), "triage-ceiling-"));
  try {
    // Every migration, so the ceiling's tables carry the same indexes as the store's.
    await migrate(`file:${join(dir, "ceiling.db")}`, { logger: quiet });
    const db = new Database(join(dir, "ceiling.db"));
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    const insertSession = db.prepare(
      "INSERT INTO sessions (id, flow_slug, flow_version, state, locale, status, channel, urgency, resume_token_hash, last_seq, created_at, updated_at) VALUES (?, 'chest-pain', 1, ?, 'fr', 'active', 'web', NULL, NULL, ?, ?, ?)",
    );
    const updateSession = db.prepare("UPDATE sessions SET state = ?, status = 'active', last_seq = ?, updated_at = ? WHERE id = ? AND last_seq = ?");
    const insertMessage = db.prepare("INSERT INTO messages (session_id, seq, author, author_id, body, locale, at) VALUES (?, ?, ?, NULL, ?, 'fr', ?)");
    const insertTurn = db.prepare("INSERT INTO turns (session_id, client_message_id, after_seq, message_count, status, at) VALUES (?, ?, ?, 2, 'active', ?)");
    const insertAudit = db.prepare("INSERT INTO audit_events (stream, seq, at, type, payload, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)");
    const upsertStream = db.prepare(
      "INSERT INTO audit_streams (stream, head_seq, head_hash) VALUES (?, ?, ?) ON CONFLICT (stream) DO UPDATE SET head_seq = excluded.head_seq, head_hash = excluded.head_hash",
    );
    const at = new Date().toISOString().replace("Z", "+00:00");
    const state = JSON.stringify({ frames: [] });
    const body = JSON.stringify({ kind: "text", text: "Avez-vous de la fièvre ?" });
    const payload = '{"from":"q1","to":"q2"}';
    const hash = "a".repeat(64);
    const writeTurn = (s: number, n: number) => {
      const id = `ceiling-${s}`;
      const seq = n * 2;
      if (n === 0) insertSession.run(id, state, seq + 2, at, at);
      else updateSession.run(state, seq + 2, at, id, seq);
      insertMessage.run(id, seq + 1, "patient", body, at);
      insertMessage.run(id, seq + 2, "bot", body, at);
      insertTurn.run(id, `m${n}`, seq, at);
      insertAudit.run(id, seq + 1, at, "message.patient", payload, hash, hash);
      insertAudit.run(id, seq + 2, at, "transition", payload, hash, hash);
      upsertStream.run(id, seq + 2, hash);
    };
    const batch = db.transaction((items: [number, number][]) => {
      for (const [s, n] of items) writeTurn(s, n);
    });
    const started = performance.now();
    let pending: [number, number][] = [];
    for (let n = 0; n < turns; n += 1) {
      for (let s = 0; s < sessions; s += 1) {
        pending.push([s, n]);
        if (pending.length === 64) {
          batch.immediate(pending);
          pending = [];
        }
      }
    }
    if (pending.length > 0) batch.immediate(pending);
    const elapsed = (performance.now() - started) / 1000;
    db.close();
    return { turnsPerSec: Math.round((sessions * turns) / elapsed) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const ceiling = await benchCeiling();
  const sqlite = await benchStore({ driver: "sqlite", sessions: 64, turns: 500 });
  const postgres = await benchStore({ driver: "postgres", sessions: 64, turns: 200 });
  process.stdout.write(
    `${JSON.stringify({ ceiling, sqlite, postgres, sqliteRatio: Math.round((sqlite.turnsPerSec / ceiling.turnsPerSec) * 100) / 100 }, null, 2)}\n`,
  );
}
