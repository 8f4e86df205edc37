import { copyFileSync, existsSync, renameSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import type { Logger } from "../logger.js";
import { migrate } from "../store/migrate.js";
import { BackupError } from "./backupError.js";
import { syncFile } from "./backupSqlite.js";
import { verifySqliteCopy, type CopyReport } from "./verifySqliteCopy.js";

export interface RestoreReport {
  check: CopyReport;
  /** Migrations this code ships that the copy lacked, applied to it before it went live. */
  migrated: string[];
  /** Where the database that was replaced now is (absent when there was none). */
  previous?: string;
}

/**
 * Given a backup and the database file to restore it to, restores it only if a staged copy passes
 * every check (verifySqliteCopy), after the migrations it lacks are applied. The backup itself is
 * never modified; the database it replaces is kept beside it (`<file>.pre-restore-<time>`), and
 * nothing is replaced while another process (a running Triage) has the database open.
 */
export async function restoreSqlite(backup: string, target: string, options: { logger: Logger; now?: () => Date }): Promise<RestoreReport> {
  const before = await verifySqliteCopy(backup);
  if (before.problems.length > 0) throw new CheckFailed(before);
  const staged = `${target}.restore-${randomBytes(4).toString("hex")}`;
  try {
    copyFileSync(backup, staged);
    const migrated = await migrate(`file:${staged}`, { logger: options.logger });
    // Checked again as it will go live: with its migrations applied, in the place it will be used.
    const check = await verifySqliteCopy(staged);
    if (check.problems.length > 0) throw new CheckFailed(check);
    // The staged copy is left in WAL mode by migrate: fold it back into one file before the rename.
    const db = new Database(staged);
    db.pragma("journal_mode = DELETE");
    db.close();
    syncFile(staged);
    const previous = existsSync(target) ? setAside(target, options.now?.() ?? new Date()) : undefined;
    renameSync(staged, target);
    syncFile(dirname(target));
    return { check, migrated, ...(previous ? { previous } : {}) };
  } finally {
    rmSync(staged, { force: true });
    rmSync(`${staged}-wal`, { force: true });
    rmSync(`${staged}-shm`, { force: true });
  }
}

export class CheckFailed extends BackupError {
  constructor(readonly report: CopyReport) {
    super("TRIAGE_RESTORE_CHECK_FAILED", `the copy failed its checks: ${report.problems.join("; ")}`);
  }
}

/**
 * Moves the current database aside, refusing while anyone has it open: leaving WAL mode needs the
 * only connection, so it fails with SQLITE_BUSY while a Triage process runs on the file. It also
 * folds the WAL into the file, so the database set aside is whole.
 */
function setAside(target: string, now: Date): string {
  const db = new Database(target, { fileMustExist: true, timeout: 0 });
  try {
    const mode = db.pragma("journal_mode = DELETE", { simple: true });
    if (mode !== "delete") throw new Error(`journal mode is still ${String(mode)}`);
  } catch {
    throw new BackupError("TRIAGE_RESTORE_DATABASE_IN_USE", `${target} is in use by another process: stop Triage before restoring`);
  } finally {
    db.close();
  }
  const aside = `${target}.pre-restore-${now.toISOString().replace(/[:.]/g, "-")}`;
  renameSync(target, aside);
  return aside;
}
