import { closeSync, openSync, readSync } from "node:fs";
import Database from "better-sqlite3";
import { verifyChains } from "../audit/verifyChains.js";
import { committedMigrations } from "../store/migrate.js";
import { BackupError } from "./backupError.js";
import { sqliteAuditSource } from "./sqliteAuditSource.js";

/** What a check of a database copy found; `problems` is empty when it can be used. */
export interface CopyReport {
  integrity: "ok" | string;
  /** Migrations recorded in the copy, and the ones this code ships that it lacks (applied on restore). */
  migrations: { applied: number; pending: string[]; unknown: string[]; edited: string[] };
  chains: { verified: number; events: number; broken: { stream: string; seq: number; problem: string }[] };
  problems: string[];
}

type MigrationReport = CopyReport["migrations"];

/** Given the migrations a copy records (name to checksum) and the ones this code ships, returns what differs. */
export function compareMigrations(recorded: Map<string, string>, shipped: { name: string; checksum: string }[]): MigrationReport {
  const shippedNames = new Set(shipped.map((m) => m.name));
  return {
    applied: recorded.size,
    pending: shipped.filter((m) => !recorded.has(m.name)).map((m) => m.name),
    unknown: [...recorded.keys()].filter((name) => !shippedNames.has(name)),
    edited: shipped.filter((m) => recorded.has(m.name) && recorded.get(m.name) !== m.checksum).map((m) => m.name),
  };
}

/** What makes a copy unusable in its migrations: ones this code does not know, or knows with another checksum. Pending ones are applied. */
export function migrationProblems(migrations: MigrationReport): string[] {
  const problems: string[] = [];
  if (migrations.unknown.length > 0)
    problems.push(`migrations unknown to this version of Triage (a newer version made the copy): ${migrations.unknown.join(", ")}`);
  if (migrations.edited.length > 0) problems.push(`migrations recorded with another checksum: ${migrations.edited.join(", ")}`);
  return problems;
}

const SQLITE_HEADER = "SQLite format 3\u0000";

/** Given a path, throws TRIAGE_RESTORE_NOT_A_DATABASE unless it is a SQLite database file. */
export function assertSqliteFile(file: string): void {
  let header = "";
  try {
    const fd = openSync(file, "r");
    try {
      const buffer = Buffer.alloc(16);
      header = buffer.subarray(0, readSync(fd, buffer, 0, 16, 0)).toString("latin1");
    } finally {
      closeSync(fd);
    }
  } catch {
    throw new BackupError("TRIAGE_RESTORE_NOT_A_DATABASE", `cannot read ${file}`);
  }
  if (header !== SQLITE_HEADER) throw new BackupError("TRIAGE_RESTORE_NOT_A_DATABASE", `${file} is not a SQLite database`);
}

/**
 * Given a SQLite copy of a Triage database, checks that it can be used: SQLite's integrity check,
 * the migrations it records against the ones this code ships (none edited, none unknown), and every
 * audit hash chain. Reads only.
 */
export async function verifySqliteCopy(file: string): Promise<CopyReport> {
  assertSqliteFile(file);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const problems: string[] = [];
    const integrity = integrityCheck(db);
    if (integrity !== "ok") {
      problems.push(`integrity check: ${integrity}`);
      return { integrity, migrations: { applied: 0, pending: [], unknown: [], edited: [] }, chains: { verified: 0, events: 0, broken: [] }, problems };
    }
    const hasTable = (name: string) => db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
    if (!hasTable("_triage_migrations") || !hasTable("audit_events")) {
      problems.push("not a Triage database (no migrations table or no audit log)");
      return { integrity, migrations: { applied: 0, pending: [], unknown: [], edited: [] }, chains: { verified: 0, events: 0, broken: [] }, problems };
    }
    const recorded = new Map(
      db
        .prepare<[], { name: string; checksum: string }>("SELECT name, checksum FROM _triage_migrations")
        .all()
        .map((row) => [row.name, row.checksum]),
    );
    const migrations = compareMigrations(recorded, committedMigrations("sqlite"));
    problems.push(...migrationProblems(migrations));
    const reports = await verifyChains(sqliteAuditSource(db));
    const broken = reports.filter((r) => !r.ok).map((r) => ({ stream: r.stream, seq: r.firstBroken!.seq, problem: r.firstBroken!.problem }));
    for (const b of broken) problems.push(`audit chain ${b.stream} broken at seq ${b.seq}: ${b.problem}`);
    const chains = { verified: reports.length - broken.length, events: reports.reduce((n, r) => n + r.events, 0), broken };
    return { integrity, migrations, chains, problems };
  } finally {
    db.close();
  }
}

/** SQLite's integrity check as text ("ok" or its findings); a file too damaged to check says why. */
function integrityCheck(db: Database.Database): string {
  try {
    const rows = db.pragma("integrity_check", { simple: false }) as { integrity_check: string }[];
    return rows.map((row) => row.integrity_check).join("; ");
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === "string" && (code.startsWith("SQLITE_CORRUPT") || code.startsWith("SQLITE_NOTADB"))) return (error as Error).message;
    throw error;
  }
}
