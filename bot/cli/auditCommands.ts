import type { Command } from "commander";
import { createPublicKey, type KeyObject } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { AuditCheckpointer, type CheckpointDestination } from "../audit/auditCheckpointer.js";
import { fileDestination, webhookDestination } from "../audit/checkpointDestinations.js";
import { readCheckpointLines } from "../audit/readCheckpointLines.js";
import { AuditKeyError, generateSigningKey, keyIdOf, loadSigningKey, parsePublicKey, readKeyFile } from "../audit/signingKey.js";
import { verifyChains, type AuditSource } from "../audit/verifyChains.js";
import { verifyCheckpoints, type CheckpointCheck } from "../audit/verifyCheckpoints.js";
import { loadConfig } from "../config/config.js";
import { logger } from "../logger.js";
import type { TriageDb } from "../store/auditLog.js";
import { anchorSourceOf, headSourceOf } from "../store/auditHeads.js";
import { openStore } from "../store/openStore.js";
import { EXIT_OK, EXIT_PROBLEMS, UsageError, type CliIo } from "./cliIo.js";

/** Opens what the audit commands read; injected by tests. Closes it with `close`. */
export type OpenAuditSource = (databaseUrl?: string) => Promise<AuditSource & { prisma: TriageDb; close(): Promise<void> }>;

const openDefault: OpenAuditSource = (databaseUrl) => openStore(databaseUrl ? { databaseUrl } : {});

/** Words of the report per finding kind: what an operator greps for. */
const FINDING_WORD = {
  unreadable: "UNREADABLE",
  forged: "FORGED",
  incomplete: "INCOMPLETE",
  deleted: "DELETED",
  truncated: "TRUNCATED",
  rewritten: "REWRITTEN",
} as const;

/**
 * Registers `triage audit verify` (prints `OK <stream> (<n> events)` or `BROKEN <stream> at seq <n>:
 * <problem>` per stream, then with `--checkpoints` what the signed checkpoints show; exit 1 when
 * anything is wrong), `triage audit keygen` and `triage audit checkpoint`. Returns the `audit`
 * command so other modules can add subcommands (`audit replay`).
 */
export function registerAuditCommands(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
  open: OpenAuditSource = openDefault,
  env: Record<string, string | undefined> = process.env,
): Command {
  const audit = program.command("audit").description("verify (and replay) the tamper-evident audit log");
  audit
    .command("verify")
    .description("verify every audit hash chain (sessions and admin), and against signed checkpoints; exit 1 if anything is wrong")
    .option("--database-url <url>", "database to verify (default: DATABASE_URL or file:./data/triage.db)")
    .option("--checkpoints <file>", "a checkpoints file (AUDIT_CHECKPOINT_FILE): also detect recomputed, deleted and truncated chains")
    .option("--public-key <file>", "the checkpoints' public key (default: the public half of AUDIT_SIGNING_KEY_FILE / AUDIT_SIGNING_KEY)")
    .action(async (options: { databaseUrl?: string; checkpoints?: string; publicKey?: string }) => {
      const publicKey = options.checkpoints ? checkpointPublicKey(options.publicKey, env) : undefined;
      if (options.checkpoints && !existsSync(options.checkpoints)) throw new UsageError(`no checkpoints file at ${options.checkpoints}`);
      const source = await open(options.databaseUrl);
      try {
        const reports = await verifyChains(source);
        let problems = 0;
        for (const report of reports) {
          if (report.ok) io.out(`OK ${report.stream} (${report.events} events${report.erased ? `, ${report.erased} erased` : ""})\n`);
          else {
            problems += 1;
            io.out(`BROKEN ${report.stream} at seq ${report.firstBroken!.seq}: ${report.firstBroken!.problem}\n`);
          }
        }
        if (options.checkpoints && publicKey) {
          const check = await verifyCheckpoints(readCheckpointLines(options.checkpoints), publicKey, anchorSourceOf(source.prisma));
          io.out(describeCheck(check, keyIdOf(publicKey)));
          problems += check.findings.length + (check.trusted === 0 ? 1 : 0);
        }
        setExitCode(problems > 0 ? EXIT_PROBLEMS : EXIT_OK);
      } finally {
        await source.close();
      }
    });
  audit
    .command("keygen")
    .description("create an Ed25519 key to sign audit checkpoints (private key file, and its public key beside it as <file>.pub)")
    .requiredOption("--out <file>", "where to write the private key (refused if it exists)")
    .action((options: { out: string }) => {
      const key = generateSigningKey();
      try {
        writeFileSync(options.out, key.privatePem, { mode: 0o600, flag: "wx" });
        writeFileSync(`${options.out}.pub`, key.publicPem, { mode: 0o644, flag: "wx" });
      } catch (error) {
        throw new UsageError(
          `cannot write the key: ${(error as NodeJS.ErrnoException).code === "EEXIST" ? "the file exists (never overwritten)" : (error as Error).message}`,
        );
      }
      io.out(
        `wrote ${options.out} (private, mode 0600: keep it off the database's host and backups) and ${options.out}.pub\nkey id ${key.keyId}\nset AUDIT_SIGNING_KEY_FILE=${options.out}\n`,
      );
      setExitCode(EXIT_OK);
    });
  audit
    .command("checkpoint")
    .description("sign every chain head now and append it to the checkpoints file (and the webhook, when configured)")
    .option("--database-url <url>", "database to read (default: DATABASE_URL or file:./data/triage.db)")
    .option("--file <file>", "checkpoints file (default: AUDIT_CHECKPOINT_FILE)")
    .action(async (options: { databaseUrl?: string; file?: string }) => {
      const config = loadConfig(env).env;
      const key = signingKeyOrUsage(env);
      const destinations: CheckpointDestination[] = [];
      const file = options.file ?? config.AUDIT_CHECKPOINT_FILE;
      if (file) destinations.push(fileDestination(file));
      if (config.AUDIT_CHECKPOINT_WEBHOOK_URL) destinations.push(webhookDestination(config.AUDIT_CHECKPOINT_WEBHOOK_URL));
      if (destinations.length === 0) throw new UsageError("nowhere to write: give --file or set AUDIT_CHECKPOINT_FILE or AUDIT_CHECKPOINT_WEBHOOK_URL");
      const source = await open(options.databaseUrl);
      try {
        const checkpointer = new AuditCheckpointer({
          heads: headSourceOf(source.prisma),
          key,
          destinations,
          now: () => new Date(),
          logger: logger.child({ command: "audit checkpoint" }, { level: "warn" }),
        });
        const sent = await checkpointer.checkpointNow();
        for (const destination of destinations)
          io.out(
            destination.name in sent
              ? `checkpoint: ${sent[destination.name]} chain heads signed by key ${keyIdOf(key)} to ${destination.name}\n`
              : `checkpoint: NOT delivered to ${destination.name}\n`,
          );
        setExitCode(Object.keys(sent).length === destinations.length ? EXIT_OK : EXIT_PROBLEMS);
      } finally {
        await source.close();
      }
    });
  return audit;
}

function signingKeyOrUsage(env: Record<string, string | undefined>) {
  try {
    const key = loadSigningKey(env);
    if (!key) throw new UsageError("no signing key: set AUDIT_SIGNING_KEY_FILE (create one with `triage audit keygen --out <file>`)");
    return key;
  } catch (error) {
    if (error instanceof AuditKeyError) throw new UsageError(`${error.code}: ${error.message}`);
    throw error;
  }
}

function checkpointPublicKey(file: string | undefined, env: Record<string, string | undefined>): KeyObject {
  try {
    if (file) return parsePublicKey(readKeyFile(file));
    const signing = loadSigningKey(env);
    if (!signing) throw new UsageError("give --public-key <file> (or set AUDIT_SIGNING_KEY_FILE)");
    return createPublicKey(signing);
  } catch (error) {
    if (error instanceof AuditKeyError) throw new UsageError(`${error.code}: ${error.message}`);
    throw error;
  }
}

function describeCheck(check: CheckpointCheck, keyId: string): string {
  const head = `CHECKPOINTS ${check.trusted} of ${check.lines} lines signed by key ${keyId}${check.lastAt ? `, last at ${check.lastAt}` : ""}; ${check.anchored} chains anchored\n`;
  const lines = check.findings.map((f) =>
    "stream" in f ? `${FINDING_WORD[f.kind]} ${f.stream}: ${f.message}\n` : `${FINDING_WORD[f.kind]} checkpoint line ${f.line}: ${f.message}\n`,
  );
  if (check.trusted === 0) lines.push("NO CHECKPOINT signed by this key: nothing is anchored\n");
  return head + lines.join("") + (check.findings.length === 0 && check.trusted > 0 ? `ANCHORED every chain matches the checkpoints\n` : "");
}
