import { or, setup, stateIn, transition } from "xstate";

/*
 * The hand-off lifecycle (issue 24) as an XState machine, used like the flows: pure transitions,
 * the lines each side must see returned as data (`announce` actions), nothing run. Two regions:
 * where the case stands (waiting for a clinician, claimed, the patient left, closed) and whether
 * the patient's page is connected. The case store keeps the facts (state, patient_left_at); this
 * module says which moves they allow and what each move tells whom.
 */

import { CASE_STAGES, type CaseStage } from "./caseVocabulary.js";

export { CASE_STAGES, type CaseStage };
export type PatientLink = "online" | "offline";

export type HandoffEvent =
  | { type: "CLAIM" }
  | { type: "RELEASE" }
  | { type: "CLINICIAN_MESSAGE" }
  | { type: "PATIENT_LEFT" }
  | { type: "CLOSE" }
  | { type: "BREACH" }
  | { type: "PATIENT_ONLINE" }
  | { type: "PATIENT_OFFLINE" };
export type HandoffEventType = HandoffEvent["type"];
export const HANDOFF_EVENTS: readonly HandoffEventType[] = [
  "CLAIM",
  "RELEASE",
  "CLINICIAN_MESSAGE",
  "PATIENT_LEFT",
  "CLOSE",
  "BREACH",
  "PATIENT_ONLINE",
  "PATIENT_OFFLINE",
];

/** A line one side sees when the lifecycle moves (texts in lifecycleTexts.ts). */
export type LifecycleLine = "clinician_joined" | "clinician_released" | "patient_left" | "case_closed" | "case_breached" | "patient_online" | "patient_offline";
export interface Announcement {
  to: "patient" | "clinician";
  line: LifecycleLine;
}

const say = (to: Announcement["to"], line: LifecycleLine) => ({ type: "announce" as const, params: { to, line } });

export const handoffMachine = setup({
  types: { events: {} as HandoffEvent },
  actions: {
    // Recorded, never run: the caller reads the action objects (STYLE.md, xstate's transition).
    announce: (_, _params: Announcement) => undefined,
  },
  guards: {
    // Online and offline only matter while the patient can still be reached.
    caseOpen: or([stateIn({ case: "waiting" }), stateIn({ case: "claimed" })]),
  },
}).createMachine({
  id: "handoff",
  type: "parallel",
  states: {
    case: {
      initial: "waiting",
      states: {
        waiting: {
          on: {
            CLAIM: { target: "claimed", actions: [say("patient", "clinician_joined")] },
            PATIENT_LEFT: { target: "left", actions: [say("clinician", "patient_left")] },
            BREACH: { actions: [say("patient", "case_breached"), say("clinician", "case_breached")] },
          },
        },
        claimed: {
          on: {
            RELEASE: { target: "waiting", actions: [say("patient", "clinician_released")] },
            // A clinician writes to a patient who is still there: allowed, nothing to announce.
            CLINICIAN_MESSAGE: { target: "claimed" },
            PATIENT_LEFT: { target: "left", actions: [say("clinician", "patient_left")] },
            CLOSE: { target: "closed", actions: [say("patient", "case_closed"), say("clinician", "case_closed")] },
          },
        },
        // The patient is gone: a clinician may still take the case to close it, never write into it.
        left: {
          on: {
            CLAIM: { target: "left" },
            CLOSE: { target: "closed", actions: [say("clinician", "case_closed")] },
          },
        },
        closed: { type: "final" },
      },
    },
    patient: {
      initial: "online",
      states: {
        online: { on: { PATIENT_OFFLINE: { target: "offline", guard: "caseOpen", actions: [say("clinician", "patient_offline")] } } },
        offline: { on: { PATIENT_ONLINE: { target: "online", guard: "caseOpen", actions: [say("clinician", "patient_online")] } } },
      },
    },
  },
});

export interface HandoffPosition {
  stage: CaseStage;
  patient: PatientLink;
}

export interface HandoffStep {
  /** False when the machine does not take the event where the case stands (the caller refuses the action). */
  accepted: boolean;
  next: HandoffPosition;
  /** What each side must be shown, in order. */
  announce: Announcement[];
}

/** Given where a hand-off stands and an event, returns whether the machine takes it, where it goes and what each side is told. */
export function stepHandoff(from: HandoffPosition, event: HandoffEvent): HandoffStep {
  const snapshot = handoffMachine.resolveState({ value: { case: from.stage, patient: from.patient }, context: {} });
  if (!snapshot.can(event)) return { accepted: false, next: from, announce: [] };
  const [after, actions] = transition(handoffMachine, snapshot, event);
  const value = after.value as { case: CaseStage; patient: PatientLink };
  const announce = actions.flatMap((action) => (action.type === "announce" ? [action.params as Announcement] : []));
  return { accepted: true, next: { stage: value.case, patient: value.patient }, announce };
}

/** The stage a stored case is at: closed wins, then the patient having left, then claimed or waiting. */
export function caseStage(found: { state: "open" | "claimed" | "closed"; patientLeftAt?: string | undefined }): CaseStage {
  if (found.state === "closed") return "closed";
  if (found.patientLeftAt) return "left";
  return found.state === "claimed" ? "claimed" : "waiting";
}
