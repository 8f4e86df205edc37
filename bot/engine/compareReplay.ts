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
  /** The first recorded audit event the replay did not reproduce, by index, and the first field that differs in it. */
  firstDifference?: ReplayDifference;
}

export interface ReplayDifference {
  /** From 0, among the turn audit events (TURN_AUDIT_TYPES). */
  index: number;
  recorded?: string;
  replayed?: string;
  /** Where the two events first differ: "type", or a path into the payload such as "payload.slaMinutes" or "payload.reasons[0].rule". */
  field?: string;
  /** Both values at `field`, only when they are numbers, booleans, null, codes or times: never an answer's text. */
  values?: { recorded: unknown; replayed: unknown };
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
  "question.skipped",
  "red_flag.fired",
  "outcome.decided",
  "handoff.requested",
  "handoff.already_requested",
  "locale.changed",
  "assist.signs_asked",
]);

const json = (value: unknown) => JSON.parse(JSON.stringify(value ?? null)) as unknown;

const snapshotOf = (session: SessionRecord) =>
  json({
    flowSlug: session.flowSlug,
    flowVersion: session.flowVersion,
    locale: session.locale,
    status: session.status,
    urgency: session.urgency ?? null,
    state: session.state,
  });

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
    if (a && b) {
      const found = a.type !== b.type ? { path: "type", recorded: a.type, replayed: b.type } : firstDifferingField(json(a.payload), json(b.payload), "payload");
      if (found) {
        verdict.firstDifference.field = found.path;
        if (showable(found.recorded) && showable(found.replayed)) verdict.firstDifference.values = { recorded: found.recorded, replayed: found.replayed };
      }
    }
    break;
  }
  return verdict;
}

/** Given two JSON values, returns the path of the first place they differ (keys in sorted order) and the values there. */
export function firstDifferingField(a: unknown, b: unknown, path: string): { path: string; recorded: unknown; replayed: unknown } | undefined {
  if (isDeepStrictEqual(a, b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      const found = firstDifferingField(a[i], b[i], `${path}[${i}]`);
      if (found) return found;
    }
  } else if (isRecord(a) && isRecord(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])].sort()) {
      const found = firstDifferingField(a[key], b[key], `${path}.${key}`);
      if (found) return found;
    }
  }
  return { path, recorded: a, replayed: b };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Values that may be printed: numbers, booleans, absent, upper-case codes (levels) and times; never other text, which may be a patient's words. */
function showable(value: unknown): boolean {
  if (value === undefined || value === null || typeof value === "number" || typeof value === "boolean") return true;
  return typeof value === "string" && value.length <= 40 && (/^[A-Z][A-Z0-9_]*$/.test(value) || /^\d{4}-\d\d-\d\dT[\d:.]+Z$/.test(value));
}
