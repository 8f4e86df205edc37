import type { Command } from "commander";
import { asTriageError } from "../errors.js";
import { RetentionError } from "../retention/retentionError.js";
import type { ReplayDifference } from "../engine/compareReplay.js";
import { replayStoredSession, type ReplaySource } from "../engine/replayStoredSession.js";
import type { EngineConfig } from "../engine/turnContext.js";
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, type CliIo } from "./cliIo.js";

/** What the database store offers for reading a stream: pages of events after a seq. */
export interface PagedAuditReader {
  readAuditEvents(stream: string, afterSeq: number, limit?: number): Promise<{ seq: number; type: string; payload: unknown; at: string; erased?: true }[]>;
  flowVersion: ReplaySource["flowVersion"];
  getSession?: ReplaySource["getSession"];
  close?(): Promise<void>;
}

const PAGE = 1000;

/** Given the database store (bot/store/prismaStore.ts), returns the replay source reading whole streams page by page. */
export function auditSourceOf(store: PagedAuditReader): ReplaySource & { close?(): Promise<void> } {
  return {
    auditEventsOf: async (stream) => {
      const events: { seq: number; type: string; payload: unknown; at: string; erased?: true }[] = [];
      for (;;) {
        const page = await store.readAuditEvents(stream, events.at(-1)?.seq ?? 0, PAGE);
        events.push(...page);
        if (page.length < PAGE) break;
      }
      // Nothing to replay once the payloads are gone: say so rather than report a difference.
      const erased = events.find((e) => e.erased);
      if (erased)
        throw new RetentionError(
          "TRIAGE_SESSION_ERASED",
          events.some((e) => e.type === "session.erased")
            ? "the session's health data was erased at the patient's request"
            : "the session's audit payloads were erased by the retention period",
          { sessionId: stream },
        );
      return events;
    },
    flowVersion: (slug, version) => store.flowVersion(slug, version),
    ...(store.getSession ? { getSession: (id: string) => store.getSession!(id) } : {}),
    ...(store.close ? { close: () => store.close!() } : {}),
  };
}

/** Opens the deployment's store (DATABASE_URL) for a replay. */
async function openDeploymentSource(): Promise<ReplaySource & { close?(): Promise<void> }> {
  const { openStore } = await import("../store/openStore.js");
  return auditSourceOf(await openStore());
}

export interface ReplayCommandDeps {
  io: CliIo;
  setExitCode(code: number): void;
  /** Opens the store (or anything with audit reading) only when the command runs; default: the DATABASE_URL store. */
  openSource?(): Promise<ReplaySource & { close?(): Promise<void> }>;
  /** Emergency numbers and labels for the replayed messages (default: none; they never change the audit). SLA minutes come from the session's record. */
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
  const source = await (deps.openSource ?? openDeploymentSource)();
  try {
    // The session's own record gives the settings in force at each turn (SLA minutes), not this shell's environment.
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
        : `audit:    differs at event ${difference?.index} (recorded ${difference?.recorded ?? "nothing"}, replayed ${difference?.replayed ?? "nothing"})${describeField(difference)}\n`,
    );
    return verdict.sameSnapshot !== false && verdict.sameOutcome ? EXIT_OK : EXIT_PROBLEMS;
  } catch (error) {
    if (error instanceof RetentionError) {
      io.err(`error: ${error.code}: ${error.message}\n`);
      return EXIT_PROBLEMS;
    }
    const coded = asTriageError(error);
    io.err(`error: ${coded.code}: ${coded.message}\n`);
    return coded.code === "TRIAGE_SESSION_NOT_FOUND" ? EXIT_USAGE : EXIT_PROBLEMS;
  } finally {
    await source.close?.();
  }
}

/** ", field payload.slaMinutes: recorded 1, replayed 15" (values only when they cannot be a patient's words). */
function describeField(difference: ReplayDifference | undefined): string {
  if (!difference?.field) return "";
  const show = (value: unknown) => (value === undefined ? "absent" : JSON.stringify(value));
  return `, field ${difference.field}${difference.values ? `: recorded ${show(difference.values.recorded)}, replayed ${show(difference.values.replayed)}` : ""}`;
}
