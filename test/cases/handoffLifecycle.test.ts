import { describe, expect, it } from "vitest";
import {
  CASE_STAGES,
  HANDOFF_EVENTS,
  caseStage,
  handoffMachine,
  stepHandoff,
  type Announcement,
  type CaseStage,
  type HandoffEventType,
  type PatientLink,
} from "../../bot/cases/handoffLifecycle.js";

type Row = [from: CaseStage, event: HandoffEventType, to: CaseStage, announce: Announcement[]];

/** The same line told to the patient, then to the clinician. */
const toBoth = (line: Announcement["line"]): Announcement[] => [
  { to: "patient", line },
  { to: "clinician", line },
];

/** Every move of the case region: anything not listed here is refused. */
const CASE_MOVES: Row[] = [
  ["waiting", "CLAIM", "claimed", [{ to: "patient", line: "clinician_joined" }]],
  ["waiting", "PATIENT_LEFT", "left", [{ to: "clinician", line: "patient_left" }]],
  ["waiting", "BREACH", "waiting", toBoth("case_breached")],
  ["claimed", "RELEASE", "waiting", [{ to: "patient", line: "clinician_released" }]],
  ["claimed", "CLINICIAN_MESSAGE", "claimed", []],
  ["claimed", "PATIENT_LEFT", "left", [{ to: "clinician", line: "patient_left" }]],
  ["claimed", "CLOSE", "closed", toBoth("case_closed")],
  ["left", "CLAIM", "left", []],
  ["left", "CLOSE", "closed", [{ to: "clinician", line: "case_closed" }]],
];
const CASE_EVENTS: HandoffEventType[] = HANDOFF_EVENTS.filter((e) => e !== "PATIENT_ONLINE" && e !== "PATIENT_OFFLINE");

describe("the hand-off lifecycle", () => {
  describe.each(CASE_MOVES)("from %s, %s", (from, event, to, announce) => {
    it.each(["online", "offline"] as PatientLink[])(`goes to ${to} and tells each side what changed (patient %s)`, (patient) => {
      expect(stepHandoff({ stage: from, patient }, { type: event })).toEqual({ accepted: true, next: { stage: to, patient }, announce });
    });
  });

  const refused = CASE_STAGES.flatMap((stage) =>
    CASE_EVENTS.filter((event) => !CASE_MOVES.some(([f, e]) => f === stage && e === event)).map((event) => [stage, event] as const),
  );
  it.each(refused)("refuses %s then %s and stays where it was, telling nobody", (stage, event) => {
    expect(stepHandoff({ stage, patient: "online" }, { type: event })).toEqual({ accepted: false, next: { stage, patient: "online" }, announce: [] });
  });

  it("refuses a clinician's message once the patient left (the console says so)", () => {
    expect(stepHandoff({ stage: "left", patient: "offline" }, { type: "CLINICIAN_MESSAGE" }).accepted).toBe(false);
  });

  it.each(["waiting", "claimed"] as CaseStage[])("tells the clinician when the patient of a %s case goes offline and comes back", (stage) => {
    const off = stepHandoff({ stage, patient: "online" }, { type: "PATIENT_OFFLINE" });
    expect(off).toEqual({ accepted: true, next: { stage, patient: "offline" }, announce: [{ to: "clinician", line: "patient_offline" }] });
    const on = stepHandoff(off.next, { type: "PATIENT_ONLINE" });
    expect(on).toEqual({ accepted: true, next: { stage, patient: "online" }, announce: [{ to: "clinician", line: "patient_online" }] });
  });

  it.each(["left", "closed"] as CaseStage[])("ignores the patient's connection once the case is %s", (stage) => {
    expect(stepHandoff({ stage, patient: "online" }, { type: "PATIENT_OFFLINE" }).accepted).toBe(false);
    expect(stepHandoff({ stage, patient: "offline" }, { type: "PATIENT_ONLINE" }).accepted).toBe(false);
  });

  it("ignores a connection event that changes nothing (online while online)", () => {
    expect(stepHandoff({ stage: "waiting", patient: "online" }, { type: "PATIENT_ONLINE" }).accepted).toBe(false);
  });

  it("has no transition the table above does not list (a new one must be specified here)", () => {
    const caseStates = handoffMachine.root.states.case!.states;
    const defined = Object.entries(caseStates).flatMap(([stage, node]) => [...node.transitions.keys()].map((event) => `${stage} ${event}`));
    expect(defined.sort()).toEqual(CASE_MOVES.map(([f, e]) => `${f} ${e}`).sort());
    expect(caseStates.closed!.type).toBe("final");
  });

  it("reads a stored case's stage: closed first, then left, then claimed or waiting", () => {
    expect(caseStage({ state: "open" })).toBe("waiting");
    expect(caseStage({ state: "claimed" })).toBe("claimed");
    expect(caseStage({ state: "claimed", patientLeftAt: "2026-12-07T06:00:00.000Z" })).toBe("left");
    expect(caseStage({ state: "closed", patientLeftAt: "2026-12-07T06:00:00.000Z" })).toBe("closed");
  });
});
