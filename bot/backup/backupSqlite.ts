import { existsSync, fsyncSync, openSync, closeSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";
import { BackupError } from "./backupError.js";

export interface BackupReport {
  target: string;
  bytes: number;
  pages: number;
}

/** Largest page count one backup step may take: the whole database in one step. */
const WHOLE_DATABASE = 0x7fffffff;

/**
 * Given the live database file and a destination, writes a consistent copy with SQLite's online
 * backup API while Triage keeps running. The copy is taken in one step, inside one read
 * transaction: in WAL mode a reader neither blocks the writers nor sees half a turn, and a single
 * step cannot be restarted by their commits (a paced backup would restart after every commit under
 * load and might never finish). The copy is written beside its destination, synced, then renamed,
 * so a crash never leaves a partial file under the backup's name.
 */
export async function backupSqlite(sourceFile: string, target: string): Promise<BackupReport> {
  if (!existsSync(sourceFile)) throw new BackupError("TRIAGE_BACKUP_NO_DATABASE", `no database at ${sourceFile}`);
  if (existsSync(target)) throw new BackupError("TRIAGE_BACKUP_TARGET_EXISTS", `${target} exists already: a backup never overwrites a file`);
  const partial = `${target}.partial`;
  rmSync(partial, { force: true });
  const source = new Database(sourceFile, { fileMustExist: true, timeout: 10_000 });
  try {
    const progress = await source.backup(partial, { progress: () => WHOLE_DATABASE });
    // The copy is a standalone file: no WAL beside it, readable by anyone who opens it.
    const copy = new Database(partial);
    copy.pragma("journal_mode = DELETE");
    copy.close();
    syncFile(partial);
    renameSync(partial, target);
    syncFile(dirname(target));
    return { target, bytes: statSync(target).size, pages: progress.totalPages };
  } catch (error) {
    rmSync(partial, { force: true });
    throw error;
  } finally {
    source.close();
  }
}

/** fsync a file or a folder (the rename is durable only once its folder is synced). */
export function syncFile(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
