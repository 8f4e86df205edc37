/*
 * The case domain's closed lists. No imports at all: the console's browser code reads them through
 * the wire protocol (bot/channels/web/consoleProtocol.ts), which depends on this module, not the
 * other way round.
 */

/** How a clinician closes a case (the patient's closing message depends on it). */
export const DISPOSITIONS = ["teleconsultation_booked", "referred_emergency", "advice_given", "patient_unreachable", "other"] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** Periods of the dashboard. */
export const PERIODS = ["today", "7d", "30d"] as const;
export type Period = (typeof PERIODS)[number];

/** Where a hand-off stands for both sides (bot/cases/handoffLifecycle.ts is the machine over them). */
export const CASE_STAGES = ["waiting", "claimed", "left", "closed"] as const;
export type CaseStage = (typeof CASE_STAGES)[number];
