import type { Command } from "commander";
import { verifyChains, type AuditSource } from "../audit/verifyChains.js";
import { openStore } from "../store/openStore.js";
import { EXIT_OK, EXIT_PROBLEMS, type CliIo } from "./cliIo.js";

/** Opens what `audit verify` reads; injected by tests. Closes it with `close`. */
export type OpenAuditSource = (databaseUrl?: string) => Promise<AuditSource & { close(): Promise<void> }>;

const openDefault: OpenAuditSource = (databaseUrl) => openStore(databaseUrl ? { databaseUrl } : {});

/**
 * Registers `triage audit verify` (prints `OK <stream> (<n> events)` or `BROKEN <stream> at seq <n>:
 * <problem>` per stream, exit 1 when any chain is broken). Returns the `audit` command so other
 * modules can add subcommands (`audit replay`).
 */
export function registerAuditCommands(program: Command, io: CliIo, setExitCode: (code: number) => void, open: OpenAuditSource = openDefault): Command {
  const audit = program.command("audit").description("verify (and replay) the tamper-evident audit log");
  audit
    .command("verify")
    .description("verify every audit hash chain (sessions and admin); exit 1 if any is broken")
    .option("--database-url <url>", "database to verify (default: DATABASE_URL or file:./data/triage.db)")
    .action(async (options: { databaseUrl?: string }) => {
      const source = await open(options.databaseUrl);
      try {
        const reports = await verifyChains(source);
        let broken = 0;
        for (const report of reports) {
          if (report.ok) io.out(`OK ${report.stream} (${report.events} events)\n`);
          else {
            broken += 1;
            io.out(`BROKEN ${report.stream} at seq ${report.firstBroken!.seq}: ${report.firstBroken!.problem}\n`);
          }
        }
        setExitCode(broken > 0 ? EXIT_PROBLEMS : EXIT_OK);
      } finally {
        await source.close();
      }
    });
  return audit;
}
