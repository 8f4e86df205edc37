import { resolve } from "node:path";
import type { Command } from "commander";
import { BackupError } from "../backup/backupError.js";
import { backupSqlite } from "../backup/backupSqlite.js";
import { CheckFailed, restoreSqlite } from "../backup/restoreSqlite.js";
import { verifyPostgresCopy } from "../backup/verifyPostgresCopy.js";
import { verifySqliteCopy, type CopyReport } from "../backup/verifySqliteCopy.js";
import { logger } from "../logger.js";
import { DEFAULT_DATABASE_URL, databaseKind, sqliteFile } from "../store/databaseUrl.js";
import { EXIT_OK, EXIT_PROBLEMS, UsageError, type CliIo } from "./cliIo.js";

const POSTGRES_HINT = "DATABASE_URL is PostgreSQL: back it up with pg_dump or continuous archiving (PITR), see the README's Operations section";

/** The SQLite file DATABASE_URL (or --database-url) names; PostgreSQL is refused with a pointer to pg_dump. */
function sqliteDatabase(databaseUrl: string | undefined): string {
  const url = databaseUrl ?? process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  if (databaseKind(url) !== "sqlite") throw new UsageError(POSTGRES_HINT);
  const file = sqliteFile(url);
  if (file === ":memory:") throw new UsageError("an in-memory database has nothing to back up or restore");
  return file;
}

function printCheck(io: CliIo, check: CopyReport): void {
  io.out(`integrity: ${check.integrity}\n`);
  const { applied, pending } = check.migrations;
  io.out(`migrations: ${applied} applied${pending.length > 0 ? `, ${pending.length} to apply (${pending.join(", ")})` : ""}\n`);
  io.out(
    `audit: ${check.chains.verified} chains verified (${check.chains.events} events)${check.chains.broken.length > 0 ? `, ${check.chains.broken.length} broken` : ""}\n`,
  );
  for (const problem of check.problems) io.out(`PROBLEM ${problem}\n`);
}

/** Exit 1 with the message for what the operator must fix (an existing target, a database in use, a failed check); anything else is a fault. */
function reportBackupError(io: CliIo, setExitCode: (code: number) => void, error: unknown): void {
  if (!(error instanceof BackupError)) throw error;
  if (error instanceof CheckFailed) printCheck(io, error.report);
  io.err(`error (${error.code}): ${error.message}\n`);
  setExitCode(EXIT_PROBLEMS);
}

/**
 * Registers `triage backup <file>` (a consistent online copy of the SQLite database while Triage
 * runs) and `triage restore <file> [--check]` (checks a copy, then puts it in place of the database).
 */
export function registerBackupCommands(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command("backup")
    .description("copy the SQLite database to <file> while Triage runs (SQLite's online backup); never overwrites")
    .argument("<file>", "where to write the copy (must not exist)")
    .option("--database-url <url>", "database to back up (default: DATABASE_URL or file:./data/triage.db)")
    .action(async (file: string, options: { databaseUrl?: string }) => {
      const source = sqliteDatabase(options.databaseUrl);
      try {
        const report = await backupSqlite(source, resolve(file));
        io.out(`backup written: ${report.target} (${report.bytes} bytes, ${report.pages} pages)\n`);
        setExitCode(EXIT_OK);
      } catch (error) {
        reportBackupError(io, setExitCode, error);
      }
    });

  program
    .command("restore")
    .description("check a backup (integrity, migrations, audit chains) and, if it passes, put it in place of the database; Triage must be stopped")
    .argument("<file>", "the backup to restore (with --check, also a postgresql:// URL of a restored database)")
    .option("--check", "only check the backup; change nothing")
    .option("--database-url <url>", "database to replace (default: DATABASE_URL or file:./data/triage.db)")
    .action(async (file: string, options: { check?: boolean; databaseUrl?: string }) => {
      const backup = resolve(file);
      try {
        if (options.check) {
          // A PostgreSQL database restored with pg_restore or PITR gets the same check, by its URL.
          const check = file.startsWith("postgres") ? await verifyPostgresCopy(file, logger.child({}, { level: "warn" })) : await verifySqliteCopy(backup);
          printCheck(io, check);
          const name = file.startsWith("postgres") ? "the database" : backup;
          io.out(check.problems.length === 0 ? `OK ${name} can be used\n` : `NOT OK ${name} cannot be used\n`);
          setExitCode(check.problems.length === 0 ? EXIT_OK : EXIT_PROBLEMS);
          return;
        }
        const target = sqliteDatabase(options.databaseUrl);
        const report = await restoreSqlite(backup, target, { logger: logger.child({}, { level: "warn" }) });
        printCheck(io, report.check);
        if (report.migrated.length > 0) io.out(`migrations applied to the copy: ${report.migrated.join(", ")}\n`);
        io.out(`restored ${target} from ${backup}\n`);
        if (report.previous) io.out(`the database it replaced is kept as ${report.previous}\n`);
        setExitCode(EXIT_OK);
      } catch (error) {
        reportBackupError(io, setExitCode, error);
      }
    });
}
