import { createHash } from "node:crypto";
import { readdirSync, readFileSync, existsSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import pg from "pg";
import { logger as defaultLogger, type Logger } from "../logger.js";
import { DEFAULT_DATABASE_URL, databaseKind, sqliteFile, type DatabaseKind } from "./databaseUrl.js";

/*
 * Applies the committed migrations (prisma/migrations for SQLite, prisma/migrations-postgres for
 * PostgreSQL, both generated from one model) with our own `_triage_migrations` table: `prisma
 * migrate deploy` cannot run against PostgreSQL with the JS engine (prisma/orm#27403), and one
 * runner for both databases keeps `npm start` and CI identical. Each migration runs in its own
 * transaction; an applied migration whose file changed stops the run.
 */

const MIGRATIONS: Record<DatabaseKind, string> = {
  sqlite: fileURLToPath(new URL("../../prisma/migrations", import.meta.url)),
  postgres: fileURLToPath(new URL("../../prisma/migrations-postgres", import.meta.url)),
};

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

function readMigrations(kind: DatabaseKind): Migration[] {
  const dir = MIGRATIONS[kind];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(`${dir}/${entry.name}/migration.sql`))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(`${dir}/${name}/migration.sql`, "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/** Given a database kind, returns the migrations this code ships (name and checksum), in order: readiness and restore compare them with the applied ones. */
export function committedMigrations(kind: DatabaseKind): { name: string; checksum: string }[] {
  return readMigrations(kind).map(({ name, checksum }) => ({ name, checksum }));
}

function checkUnchanged(migration: Migration, appliedChecksum: string | undefined): boolean {
  if (appliedChecksum === undefined) return false;
  if (appliedChecksum !== migration.checksum) throw new Error(`migration ${migration.name} was edited after it was applied`);
  return true;
}

function migrateSqlite(databaseUrl: string, migrations: Migration[], log: Logger): string[] {
  const db = new Database(sqliteFile(databaseUrl), { timeout: 10_000 });
  try {
    db.pragma("journal_mode = WAL");
    db.pragma("synchronous = FULL");
    db.exec("CREATE TABLE IF NOT EXISTS _triage_migrations (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)");
    const applied: string[] = [];
    const find = db.prepare<[string], { checksum: string }>("SELECT checksum FROM _triage_migrations WHERE name = ?");
    const record = db.prepare("INSERT INTO _triage_migrations (name, checksum, applied_at) VALUES (?, ?, ?)");
    for (const migration of migrations) {
      // IMMEDIATE takes the write lock before the check, so two processes cannot both apply it.
      const apply = db.transaction(() => {
        if (checkUnchanged(migration, find.get(migration.name)?.checksum)) return false;
        db.exec(migration.sql);
        record.run(migration.name, migration.checksum, new Date().toISOString());
        return true;
      });
      if (apply.immediate()) {
        applied.push(migration.name);
        log.info({ migration: migration.name }, "migration applied");
      }
    }
    return applied;
  } finally {
    db.close();
  }
}

async function migratePostgres(databaseUrl: string, migrations: Migration[], log: Logger): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // One migrator at a time across instances starting together.
    await client.query("SELECT pg_advisory_lock(hashtext('triage_migrations'))");
    await client.query("CREATE TABLE IF NOT EXISTS _triage_migrations (name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL)");
    const rows = await client.query<{ name: string; checksum: string }>("SELECT name, checksum FROM _triage_migrations");
    const done = new Map(rows.rows.map((row) => [row.name, row.checksum]));
    const applied: string[] = [];
    for (const migration of migrations) {
      if (checkUnchanged(migration, done.get(migration.name))) continue;
      await client.query("BEGIN");
      try {
        await client.query(migration.sql);
        await client.query("INSERT INTO _triage_migrations (name, checksum, applied_at) VALUES ($1, $2, now())", [migration.name, migration.checksum]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw error;
      }
      applied.push(migration.name);
      log.info({ migration: migration.name }, "migration applied");
    }
    return applied;
  } finally {
    await client.query("SELECT pg_advisory_unlock(hashtext('triage_migrations'))").catch(() => undefined);
    await client.end();
  }
}

/**
 * Given DATABASE_URL (default file:./data/triage.db), applies pending migrations; returns the names
 * applied. `until` stops after the migration of that name (tests of a migration's data step).
 */
export async function migrate(
  databaseUrl: string = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
  options: { logger?: Logger; until?: string } = {},
): Promise<string[]> {
  const kind = databaseKind(databaseUrl);
  const log = options.logger ?? defaultLogger;
  const migrations = readMigrations(kind).filter((m) => options.until === undefined || m.name <= options.until);
  return kind === "sqlite" ? migrateSqlite(databaseUrl, migrations, log) : migratePostgres(databaseUrl, migrations, log);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const applied = await migrate();
  defaultLogger.info({ applied: applied.length }, "database is up to date");
}
