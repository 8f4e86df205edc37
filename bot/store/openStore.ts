import { randomUUID } from "node:crypto";
import pg from "pg";
import { logger as defaultLogger, type Logger } from "../logger.js";
import type { TriageDb } from "./auditLog.js";
import { DEFAULT_DATABASE_URL, databaseKind, sqliteFile } from "./databaseUrl.js";
import { GroupCommitter, type GroupCommitOptions } from "./groupCommit.js";
import { postgresHotReads, sqliteHotReads } from "./hotReads.js";
import { postgresWaitingQueue, sqliteWaitingQueue } from "./waitingQueueReads.js";
import { migrate } from "./migrate.js";
import { PostgresTurnWriter } from "./postgresTurnWriter.js";
import { PrismaStore } from "./prismaStore.js";
import { CHECKPOINT_BACKSTOP_PAGES, SqliteCheckpointer } from "./sqliteCheckpointer.js";
import { SqliteTurnWriter, openSqlite } from "./sqliteTurnWriter.js";
import { ThreadedSqliteTurnWriter } from "./sqliteWriterThread.js";
import { WriteLock } from "./writeLock.js";

/*
 * Two paths to one database. Prisma (generated clients in bot/store/generated, one model for both
 * databases) serves the schema, the migrations and every query off the hot path. Patient turns are
 * written by the group commit on the raw driver with prepared statements (better-sqlite3) or
 * multi-row UNNEST statements (pg): Prisma spends more per query than SQLite spends on a whole
 * turn, which would cap the store far below the disk's group-commit throughput (prisma/README.md).
 */

export interface OpenStoreOptions {
  /** DATABASE_URL: `file:./data/triage.db` (default) or `postgres://...`. */
  databaseUrl?: string;
  logger?: Logger;
  groupCommit?: GroupCommitOptions;
  /** Ids of hand-off cases (default: random UUIDs). */
  newId?: () => string;
  /** Time of admin audit events and flow publications (turns carry their own). */
  now?: () => Date;
  /** Apply pending migrations first (default false: `npm start` runs `migrate` itself). */
  migrate?: boolean;
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /** SQLite busy timeout in ms (default 5000). */
  busyTimeoutMs?: number;
  /**
   * SQLite: write turns from a worker thread (default, unless TRIAGE_SQLITE_WRITER=inline or a
   * custom `newId` is given, which cannot cross threads). See sqliteWriterThread.ts.
   */
  writerThread?: boolean;
}

/** Given a database URL, opens the store: SQLite in WAL with synchronous=FULL, or PostgreSQL. */
export async function openStore(options: OpenStoreOptions = {}): Promise<PrismaStore> {
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const kind = databaseKind(databaseUrl);
  const log = (options.logger ?? defaultLogger).child({ component: "store", db: kind });
  const newId = options.newId ?? randomUUID;
  const now = options.now ?? (() => new Date());
  if (options.migrate) await migrate(databaseUrl, { logger: log });

  if (kind === "sqlite") {
    const file = sqliteFile(databaseUrl);
    const busyTimeoutMs = options.busyTimeoutMs ?? 5_000;
    // Checkpoints run in a thread of their own, off every commit (sqliteCheckpointer.ts); an
    // in-memory database has no WAL to copy.
    const inMemory = file === ":memory:";
    const autocheckpointPages = inMemory ? undefined : CHECKPOINT_BACKSTOP_PAGES;
    // The hot-path connection opens first: it puts the file in WAL mode for everyone.
    const db = openSqlite(file, busyTimeoutMs, autocheckpointPages);
    const [{ PrismaClient }, { PrismaBetterSQLite3 }] = await Promise.all([import("./generated/sqlite/client.js"), import("@prisma/adapter-better-sqlite3")]);
    const prisma = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url: `file:${file}`, timeout: busyTimeoutMs }) });
    // synchronous is per connection: Prisma's writes (console, flows, admin audit) are durable too.
    await prisma.$executeRawUnsafe("PRAGMA synchronous = FULL");
    await prisma.$executeRawUnsafe("PRAGMA foreign_keys = ON");
    if (autocheckpointPages !== undefined) await prisma.$executeRawUnsafe(`PRAGMA wal_autocheckpoint = ${autocheckpointPages}`);
    const checkpointer = inMemory ? undefined : await SqliteCheckpointer.start(file, log, { busyTimeoutMs });
    const threaded = options.writerThread ?? (process.env.TRIAGE_SQLITE_WRITER !== "inline" && !options.newId);
    const writerData = { file, busyTimeoutMs, ...(autocheckpointPages === undefined ? {} : { autocheckpointPages }) };
    let writer: ThreadedSqliteTurnWriter | SqliteTurnWriter;
    try {
      writer = threaded ? await ThreadedSqliteTurnWriter.open(writerData, log) : new SqliteTurnWriter(db, newId);
    } catch (error) {
      await checkpointer?.stop();
      throw error;
    }
    const lock = new WriteLock();
    // The group commit holds the process's write lock shared (see writeLock.ts): with the writer
    // thread two batches may be in flight, never alongside a Prisma transaction.
    const committer = new GroupCommitter({ writer, log, lock }, threaded ? { maxInFlight: 2, eager: true, ...options.groupCommit } : options.groupCommit);
    const closeDriver = async () => {
      await checkpointer?.stop();
      if (threaded) db.close();
    };
    return new PrismaStore({ kind, prisma, committer, writer, reads: sqliteHotReads(db), queue: sqliteWaitingQueue(db), lock, now, log, closeDriver });
  }

  const pool = new pg.Pool({ connectionString: databaseUrl, max: options.poolSize ?? 10 });
  pool.on("error", (error) => log.error({ err: { message: error.message } }, "idle PostgreSQL connection failed"));
  const [{ PrismaClient }, { PrismaPg }] = await Promise.all([import("./generated/postgres/client.js"), import("@prisma/adapter-pg")]);
  // Both generated clients come from one model: same models, same methods; the store types them as one.
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) }) as unknown as TriageDb;
  const writer = new PostgresTurnWriter(pool, newId);
  const committer = new GroupCommitter({ writer, log }, options.groupCommit);
  return new PrismaStore({
    kind,
    prisma,
    committer,
    writer,
    reads: postgresHotReads(pool),
    queue: postgresWaitingQueue(pool),
    now,
    log,
    closeDriver: () => pool.end(),
  });
}
