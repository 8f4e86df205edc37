import { URGENCY_LEVELS, urgencyRank, type Urgency } from "../../flows/index.js";
import type { Effect, HandoffDraft } from "./ports.js";
import type { EngineConfig } from "./turnContext.js";

/** Used only when the configuration has no SLA at or above the level (a misconfiguration). */
const LAST_RESORT_SLA_MINUTES = 15;

/** Levels whose outcome opens a hand-off case by itself; ROUTINE and SELF_CARE give advice only. */
export function opensCase(urgency: Urgency): boolean {
  return urgencyRank(urgency) <= urgencyRank("SOON");
}

/**
 * Given the configuration and a level, returns its SLA in minutes. A level without one (a
 * patient asking for a human after a ROUTINE outcome) takes the nearest more urgent level's SLA:
 * never a slower one.
 */
export function slaMinutesFor(config: EngineConfig, urgency: Urgency): number {
  for (let rank = urgencyRank(urgency); rank >= 0; rank--) {
    const minutes = config.slaMinutes[URGENCY_LEVELS[rank]!];
    if (minutes !== undefined) return minutes;
  }
  return LAST_RESORT_SLA_MINUTES;
}

/** Given the time, configuration and why a case opens, returns the effect and the case to commit with the turn. */
export function decideHandoff(
  now: Date,
  config: EngineConfig,
  request: { urgency: Urgency; cause: HandoffDraft["cause"]; firstReason?: string },
): { effect: Extract<Effect, { type: "handoff_requested" }>; draft: HandoffDraft; slaMinutes: number } {
  const slaMinutes = slaMinutesFor(config, request.urgency);
  const slaDeadline = new Date(now.getTime() + slaMinutes * 60_000).toISOString();
  const reason = request.firstReason === undefined ? {} : { firstReason: request.firstReason };
  return {
    effect: { type: "handoff_requested", urgency: request.urgency, cause: request.cause, slaMinutes, ...reason },
    draft: { urgency: request.urgency, slaDeadline, cause: request.cause, ...reason },
    slaMinutes,
  };
}
