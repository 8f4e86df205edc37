import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import type { SessionVersion, TurnCommit } from "../../bot/engine/ports.js";
import { migrate } from "../../bot/store/migrate.js";
import { openStore, type OpenStoreOptions } from "../../bot/store/openStore.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { createPostgresDatabase } from "../services/postgresDatabase.js";
import { testPostgresUrl } from "../services/urls.js";

/** The run's own PostgreSQL server (test/services/globalSetup.ts). */
export const POSTGRES_ADMIN_URL = testPostgresUrl();

export const DRIVERS = ["sqlite", "postgres"] as const;
export type Driver = (typeof DRIVERS)[number];

/** Each driver, and SQLite's hot-path writer both in its worker thread (the default) and in the event loop. */
export const STORE_VARIANTS: { name: string; driver: Driver; options: Omit<OpenStoreOptions, "databaseUrl"> }[] = [
  { name: "sqlite (writer thread)", driver: "sqlite", options: {} },
  { name: "sqlite (writer in the event loop)", driver: "sqlite", options: { writerThread: false } },
  { name: "postgres", driver: "postgres", options: {} },
];

export const quietLogger = pino({ level: "silent" });

/** A fresh, migrated database of the given kind; `drop` removes it. */
export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/**
 * Creates an empty migrated database: a SQLite file in a temp dir, or `test_<random>` on the
 * PostgreSQL server; with `until`, migrated only up to that migration.
 */
export async function createTestDatabase(driver: Driver, options: { until?: string } = {}): Promise<TestDatabase> {
  if (driver === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "triage-store-"));
    const url = `file:${join(dir, "triage.db")}`;
    await migrate(url, { logger: quietLogger, ...options });
    return { url, drop: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const database = await createPostgresDatabase(POSTGRES_ADMIN_URL, "test");
  await migrate(database.url, { logger: quietLogger, ...options });
  return database;
}

/**
 * Where each session stands after the last commit of a test store, by session id: makeTurn
 * continues from it when the test gives no base, as the engine would after reading the session.
 * Test scripts commit a session's turns one after the other; one that means to write from an
 * older read passes that read's version as `base`.
 */
const lastVersions = new Map<string, SessionVersion>();

/** Opens a store on a test database; its commits record where each session stands (see lastVersions). */
export async function openTestStore(url: string, options: Omit<OpenStoreOptions, "databaseUrl"> = {}): Promise<PrismaStore> {
  const store = await openStore({ databaseUrl: url, logger: quietLogger, ...options });
  const commit = store.commitTurn.bind(store);
  store.commitTurn = async (turn) => {
    const reply = await commit(turn);
    if (reply.version) lastVersions.set(turn.session.id, reply.version);
    return reply;
  };
  return store;
}

/** Runs raw SQL on the test database (for tampering and counting); `?` placeholders are rewritten for PostgreSQL. */
export async function rawQuery<T = Record<string, unknown>>(store: PrismaStore, sql: string, ...params: unknown[]): Promise<T[]> {
  let n = 0;
  const text = store.kind === "postgres" ? sql.replace(/\?/g, () => `$${++n}`) : sql;
  return (await store.prisma.$queryRawUnsafe(text, ...params)) as T[];
}

/** The id of the case a session's hand-off opened (read straight from the table). */
export async function caseIdOf(store: PrismaStore, sessionId: string): Promise<string> {
  const [row] = await rawQuery<{ id: string }>(store, "SELECT id FROM handoff_cases WHERE session_id = ?", sessionId);
  return row!.id;
}

export async function count(store: PrismaStore, table: string, where = "1=1", ...params: unknown[]): Promise<number> {
  const [row] = await rawQuery<{ n: bigint | number }>(store, `SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`, ...params);
  return Number(row!.n);
}

let clock = Date.parse("2026-03-01T10:00:00.000Z");

/**
 * A turn of session `sessionId` as the engine would hand it to the store: two messages, two audit
 * events, continuing from `base` or else from where the test stores last left the session.
 */
export function makeTurn(
  sessionId: string,
  clientMessageId: string,
  options: { isNew?: boolean; handoff?: boolean; text?: string; resumeTokenHash?: string; base?: SessionVersion } = {},
): TurnCommit {
  clock += 1000;
  const at = new Date(clock).toISOString();
  const turn: TurnCommit = {
    session: {
      id: sessionId,
      flowSlug: "chest-pain",
      flowVersion: 1,
      locale: "fr",
      status: options.handoff ? "handoff" : "active",
      channel: "web",
      state: { frames: [] },
      createdAt: "2026-03-01T09:59:00.000Z",
      updatedAt: at,
    },
    isNew: options.isNew ?? false,
    clientMessageId,
    messages: [
      { author: "patient", body: { kind: "text", text: options.text ?? `answer ${clientMessageId}` } },
      { author: "bot", body: { kind: "notice", text: "next question" } },
    ],
    audit: [
      { type: "message.patient", payload: { clientMessageId, text: options.text ?? `answer ${clientMessageId}` } },
      { type: "transition", payload: { from: "q1", to: "q2", n: 1.5, nested: { b: [1, "two", null], a: true } } },
    ],
  };
  if (options.resumeTokenHash) turn.resumeTokenHash = options.resumeTokenHash;
  const base = options.base ?? (turn.isNew ? undefined : lastVersions.get(sessionId));
  if (base) turn.base = base;
  if (options.handoff)
    turn.handoff = { urgency: "URGENT", slaDeadline: new Date(clock + 15 * 60_000).toISOString(), cause: "patient_request", firstReason: "asked for a human" };
  return turn;
}
