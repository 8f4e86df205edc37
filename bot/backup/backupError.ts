/*
 * Coded errors of `triage backup` and `triage restore` (STYLE.md practice 4): the CLI maps each
 * family to an exit code; tests branch on `code`, never on the message.
 */

export const BACKUP_ERROR_CODES = [
  /** DATABASE_URL is PostgreSQL: use pg_dump / PITR (README, Operations). */
  "TRIAGE_BACKUP_NOT_SQLITE",
  /** The database file to back up does not exist. */
  "TRIAGE_BACKUP_NO_DATABASE",
  /** The backup's destination exists already: a backup never overwrites a file. */
  "TRIAGE_BACKUP_TARGET_EXISTS",
  /** The file to restore is missing or is not a SQLite database. */
  "TRIAGE_RESTORE_NOT_A_DATABASE",
  /** The copy failed a check (integrity, migrations, audit chains): nothing was replaced. */
  "TRIAGE_RESTORE_CHECK_FAILED",
  /** Another process has the database open (a running Triage): stop it first. */
  "TRIAGE_RESTORE_DATABASE_IN_USE",
] as const;

export type BackupErrorCode = (typeof BACKUP_ERROR_CODES)[number];

export class BackupError extends Error {
  override readonly name = "BackupError";
  constructor(
    readonly code: BackupErrorCode,
    message: string,
  ) {
    super(message);
  }
}
