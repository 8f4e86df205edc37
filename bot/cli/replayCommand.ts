import type { Command } from "commander";
import { asTriageError } from "../errors.js";
import { replayStoredSession, type ReplaySource } from "../engine/replayStoredSession.js";
import type { EngineConfig } from "../engine/turnContext.js";
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, type CliIo } from "./cliIo.js";

export interface ReplayCommandDeps {
  io: CliIo;
  setExitCode(code: number): void;
  /** Opens the store (or anything with audit reading) only when the command runs. */
  openSource(): Promise<ReplaySource & { close?(): Promise<void> }>;
  /** The deployment's configuration, so hand-off SLAs in the replayed audit match the recorded ones. */
  config?: EngineConfig;
}

/**
 * Registers `triage audit replay <sessionId>`: replays the session's recorded turns through the
 * engine and says whether it reached the same snapshot and outcome (exit 0), or not (exit 1).
 */
export function registerReplayCommand(program: Command, deps: ReplayCommandDeps): Command {
  const audit = program.commands.find((c) => c.name() === "audit") ?? program.command("audit").description("verify and replay the audit log");
  return audit
    .command("replay")
    .description("replay a session from its audit log and compare with what was stored")
    .argument("<sessionId>", "the session to replay")
    .action(async (sessionId: string) => deps.setExitCode(await replayAction(deps, sessionId)));
}

async function replayAction(deps: ReplayCommandDeps, sessionId: string): Promise<number> {
  const { io } = deps;
  const source = await deps.openSource();
  try {
    const { replay, verdict, flows } = await replayStoredSession(source, sessionId, deps.config);
    const outcome = replay.result ? `${replay.result.urgency}, ${replay.result.routing}, ${replay.result.outcome}` : "no outcome";
    const same = (value: boolean | undefined) => (value === undefined ? "not checked (no stored session)" : value ? "same" : "DIFFERENT");
    io.out(`session ${sessionId}: ${replay.turns} turns replayed on ${flows.join(", ")}\n`);
    io.out(`snapshot: ${same(verdict.sameSnapshot)} (status ${replay.session.status})\n`);
    io.out(`outcome:  ${same(verdict.sameOutcome)} (${outcome})\n`);
    const difference = verdict.firstDifference;
    io.out(
      verdict.sameAudit
        ? `audit:    same (${replay.audit.length} events)\n`
        : `audit:    differs at event ${difference?.index} (recorded ${difference?.recorded ?? "nothing"}, replayed ${difference?.replayed ?? "nothing"})\n`,
    );
    return verdict.sameSnapshot !== false && verdict.sameOutcome ? EXIT_OK : EXIT_PROBLEMS;
  } catch (error) {
    const coded = asTriageError(error);
    io.err(`error: ${coded.code}: ${coded.message}\n`);
    return coded.code === "TRIAGE_SESSION_NOT_FOUND" ? EXIT_USAGE : EXIT_PROBLEMS;
  } finally {
    await source.close?.();
  }
}
