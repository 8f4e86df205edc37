import { Command, CommanderError } from "commander";
import { EXIT_OK, EXIT_USAGE, UsageError, processIo, type CliIo } from "./cliIo.js";
import { registerAssistCommands } from "./assistCommands.js";
import { registerAuditCommands } from "./auditCommands.js";
import { registerBackupCommands } from "./backupCommands.js";
import { registerFhirCommands } from "./fhirCommands.js";
import { registerFlowsCommands } from "./flowsCommands.js";
import { registerReplayCommand } from "./replayCommand.js";
import { registerRetentionCommands } from "./retentionCommands.js";
import { registerUserCommands } from "./userCommands.js";
import { registerVignettesCommand } from "./vignettesCommand.js";

/**
 * Builds the `triage` program. Each command family lives in its own module and registers itself
 * here, so main.ts stays a one-liner.
 */
export function createProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command("triage")
    .description("Triage: conversational triage for telemedicine")
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  registerFlowsCommands(program, io, setExitCode);
  registerAuditCommands(program, io, setExitCode);
  registerReplayCommand(program, { io, setExitCode });
  registerUserCommands(program, io, setExitCode);
  registerVignettesCommand(program, io, setExitCode);
  registerBackupCommands(program, io, setExitCode);
  registerFhirCommands(program, io, setExitCode);
  registerAssistCommands(program, io, setExitCode);
  registerRetentionCommands(program, io, setExitCode);
  return program;
}

/** Given argv (without node and script), runs the command and returns its exit code (0 ok, 1 problems, 2 usage). */
export async function runCli(args: readonly string[], io: CliIo = processIo): Promise<number> {
  let exitCode = EXIT_OK;
  const program = createProgram(io, (code) => (exitCode = code));
  try {
    await program.parseAsync([...args], { from: "user" });
    return exitCode;
  } catch (error) {
    // Commander has already printed its own message (unknown option, missing argument, help).
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
