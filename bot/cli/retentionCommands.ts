import type { Command } from "commander";
import { loadConfig } from "../config/config.js";
import { applyRetention } from "../retention/applyRetention.js";
import { eraseSession } from "../retention/eraseSession.js";
import { RetentionError } from "../retention/retentionError.js";
import { hasRetention, retentionPolicy } from "../retention/retentionPolicy.js";
import { EXIT_OK, UsageError, type CliEnv, type CliIo } from "./cliIo.js";
import { withStore } from "./withStore.js";

/**
 * Registers `triage erase <session> --yes` (a patient's erasure request: their health data goes,
 * the audit chains still verify; audited as `session.erased` by "cli") and `triage retention run`
 * (applies the RETENTION_*_DAYS periods now, as the runtime does every RETENTION_RUN_MINUTES).
 */
export function registerRetentionCommands(program: Command, io: CliIo, setExitCode: (code: number) => void, env: CliEnv = process.env): void {
  program
    .command("erase")
    .description("erase a session's health data (a patient's request); the audit chains still verify afterwards")
    .argument("<session>", "the session id")
    .option("--yes", "confirm: the erasure cannot be undone (backups made before it still hold the data)")
    .option("--database-url <url>", "database (default: DATABASE_URL or file:./data/triage.db)")
    .action(async (sessionId: string, options: { yes?: boolean; databaseUrl?: string }) => {
      if (!options.yes) throw new UsageError("erasure cannot be undone: add --yes to confirm");
      await withStore({ io, setExitCode, databaseUrl: options.databaseUrl, refusal: RetentionError }, async (store) => {
        const summary = await eraseSession(store, sessionId, { actor: "cli" });
        io.out(
          summary.alreadyErased
            ? `session ${sessionId} was erased already, at ${summary.erasedAt}\n`
            : `session ${sessionId} erased at ${summary.erasedAt}: ${summary.messages} messages, ${summary.auditPayloads} audit payloads, ${summary.cases} cases, ${summary.notes} notes\n`,
        );
      });
    });
  const retention = program.command("retention").description("retention periods of health data (RETENTION_*_DAYS)");
  retention
    .command("run")
    .description("apply the retention periods now")
    .option("--database-url <url>", "database (default: DATABASE_URL or file:./data/triage.db)")
    .action(async (options: { databaseUrl?: string }) => {
      const policy = retentionPolicy(loadConfig(env).env);
      if (!hasRetention(policy)) {
        io.out(
          "no retention period is set (RETENTION_TRANSCRIPT_DAYS, RETENTION_FREE_TEXT_DAYS, RETENTION_CASE_DAYS, RETENTION_AUDIT_PAYLOAD_DAYS): nothing to do\n",
        );
        setExitCode(EXIT_OK);
        return;
      }
      await withStore({ io, setExitCode, databaseUrl: options.databaseUrl }, async (store) => {
        const report = await applyRetention(store, policy, new Date());
        io.out(
          `retention: ${report.transcripts} transcripts, ${report.freeTexts} free texts, ${report.cases} cases, ${report.auditPayloads} audit payloads removed\n`,
        );
      });
    });
}
