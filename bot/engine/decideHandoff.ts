import { URGENCY_LEVELS, urgencyRank, type Locale, type LocalizedText, type Routing, type Urgency } from "../../flows/index.js";
import { localText } from "./localText.js";
import type { Effect, HandoffDraft } from "./ports.js";
import type { EngineConfig, TurnOutcome } from "./turnContext.js";

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

/**
 * Given the time, configuration and why a case opens (with the first reason as the flow words it,
 * in every language it has), returns the effect, the case to commit with the turn and the reason
 * in every language: the case stores that, so clinicians read it in theirs, whatever the patient speaks.
 */
export function decideHandoff(
  now: Date,
  config: EngineConfig,
  request: { urgency: Urgency; cause: HandoffDraft["cause"]; routing?: Routing; firstReason?: { text: LocalizedText; sessionLocale: Locale } },
): { effect: Extract<Effect, { type: "handoff_requested" }>; draft: HandoffDraft; slaMinutes: number; firstReasonText?: LocalizedText } {
  const slaMinutes = slaMinutesFor(config, request.urgency);
  const slaDeadline = new Date(now.getTime() + slaMinutes * 60_000).toISOString();
  const given = request.firstReason;
  const inSessionLocale = given ? localText(given.text, given.sessionLocale) : "";
  const reason = inSessionLocale ? { firstReason: inSessionLocale } : {};
  return {
    effect: { type: "handoff_requested", urgency: request.urgency, cause: request.cause, slaMinutes, slaDeadline, openedAt: now.toISOString(), ...reason },
    draft: { urgency: request.urgency, slaDeadline, cause: request.cause, ...reason, ...(request.routing ? { routing: request.routing } : {}) },
    slaMinutes,
    ...(given && inSessionLocale ? { firstReasonText: { ...given.text } } : {}),
  };
}

/** Puts a decided hand-off on the turn: the case to open and its first reason in every language (or none). */
export function openHandoff(draft: Pick<TurnOutcome, "handoff" | "firstReasonText">, handoff: ReturnType<typeof decideHandoff>): void {
  draft.handoff = handoff.draft;
  if (handoff.firstReasonText) draft.firstReasonText = handoff.firstReasonText;
  else delete draft.firstReasonText;
}
