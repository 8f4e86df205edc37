import { isDeepStrictEqual } from "node:util";
import type { AuditDraft, SessionRecord } from "./ports.js";
import type { RecordedAuditEvent, ReplayResult } from "./replaySession.js";

export interface ReplayVerdict {
  /** The replayed session state, status, urgency and locale equal the stored ones (undefined: no stored session given). */
  sameSnapshot: boolean | undefined;
  /** The last outcome.decided event of the replay equals the recorded one (or neither has one). */
  sameOutcome: boolean;
  /** Every audit event the replay produced equals the recorded one, in order (SLAs come from the configuration used). */
  sameAudit: boolean;
  /** The first recorded audit event the replay did not reproduce, by index. */
  firstDifference?: { index: number; recorded?: string; replayed?: string };
}

/** The audit types the patient's turns write; others in the stream (clinician actions...) are not replayed. */
export const TURN_AUDIT_TYPES: ReadonlySet<string> = new Set([
  "session.started",
  "patient.inbound",
  "answer.recorded",
  "answer.rejected",
  "answer.changed",
  "back.refused",
  "flow.transition",
  "flow.chained",
  "flow.dead_end",
  "red_flag.fired",
  "outcome.decided",
  "handoff.requested",
  "handoff.already_requested",
  "locale.changed",
]);

const json = (value: unknown) => JSON.parse(JSON.stringify(value ?? null)) as unknown;

const snapshotOf = (session: SessionRecord) =>
  json({ flowSlug: session.flowSlug, flowVersion: session.flowVersion, locale: session.locale, status: session.status, urgency: session.urgency ?? null, state: session.state });

const lastOutcome = (events: readonly { type: string; payload: unknown }[]) => json(events.filter((e) => e.type === "outcome.decided").at(-1)?.payload);

/** Given a replay, the recorded audit events and (when available) the stored session, says what the replay reproduced. */
export function compareReplay(replay: ReplayResult, events: readonly RecordedAuditEvent[], stored?: SessionRecord): ReplayVerdict {
  const recorded = events.filter((e) => TURN_AUDIT_TYPES.has(e.type));
  const verdict: ReplayVerdict = {
    sameSnapshot: stored ? isDeepStrictEqual(snapshotOf(replay.session), snapshotOf(stored)) : undefined,
    sameOutcome: isDeepStrictEqual(lastOutcome(replay.audit), lastOutcome(recorded)),
    sameAudit: true,
  };
  const length = Math.max(recorded.length, replay.audit.length);
  for (let index = 0; index < length; index++) {
    const a = recorded[index];
    const b: AuditDraft | undefined = replay.audit[index];
    if (a && b && a.type === b.type && isDeepStrictEqual(json(a.payload), json(b.payload))) continue;
    verdict.sameAudit = false;
    verdict.firstDifference = { index, ...(a ? { recorded: a.type } : {}), ...(b ? { replayed: b.type } : {}) };
    break;
  }
  return verdict;
}
