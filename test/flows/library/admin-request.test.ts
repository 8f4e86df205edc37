import { describe, expect, it } from "vitest";
import { type TableScenario, WOMAN_OF_30, typedInBothLanguages } from "./flowTestParts.js";
import { describeFlowChecks, tableFlowTest } from "./tableFlowSuite.js";
import type { ScenarioAnswers } from "../libraryFlows.js";

const SLUG = "admin-request";

/** A renewal of a regular medicine, nothing else: every question has an answer. */
const BASE: ScenarioAnswers = {
  danger_signs: ["none"],
  request_type: "prescription_renewal",
  new_symptom: "no",
  essential_medicine_running_out: "no",
  age_years: 40,
  sex: "female",
  pregnant: "no",
};

/** This flow has only the shared red flags, read at the first question. */
const REACH: Record<string, ScenarioAnswers> = {};

// A resolver of its own: a flow being written by someone else cannot break these tests.
const table = tableFlowTest(SLUG, BASE, REACH);
const { flow, run, s } = table;

const SCENARIOS: TableScenario[] = [
  s("a renewal is routine", {}, "ROUTINE", ["administrative_request"]),
  s("a certificate is routine", { request_type: "certificate" }, "ROUTINE", ["administrative_request"]),
  s("a sick note for an assessed, stable problem is routine", { request_type: "sick_note" }, "ROUTINE", ["administrative_request"]),
  s("results to discuss are routine", { request_type: "results_or_letter" }, "ROUTINE", ["administrative_request"]),
  s("a referral letter is routine", { request_type: "referral" }, "ROUTINE", ["administrative_request"]),
  s("another request is routine", { request_type: "other_admin" }, "ROUTINE", ["administrative_request"]),
  s("a renewal in a possible pregnancy is routine, with a reason for the clinician", { pregnant: "unsure" }, "ROUTINE", ["renewal_in_possible_pregnancy"]),
  s("an essential medicine running out is seen the same day", { essential_medicine_running_out: "yes" }, "SOON", ["essential_medicine_running_out"]),
  s("a sick note for a new symptom needs a triage", { request_type: "sick_note", new_symptom: "yes" }, "SOON", ["new_symptom_needs_triage"]),
  s("a renewal because of a side effect needs a triage", { new_symptom: "yes" }, "SOON", ["new_symptom_needs_triage"]),
];

describe(`${SLUG}: scenarios`, () => {
  table.itRunsScenarios(SCENARIOS);

  it("asks no symptom question: the danger screen, the request, whether a symptom needs a triage, then only what a renewal needs", () => {
    expect(run({ ...BASE, request_type: "certificate" }).asked).toEqual(["danger_signs", "request_type", "new_symptom"]);
    expect(run({ ...BASE, sex: "male" }).asked).toEqual(["danger_signs", "request_type", "new_symptom", "essential_medicine_running_out", "age_years", "sex"]);
    expect(run({ ...BASE, new_symptom: "yes" }).asked).toEqual(["danger_signs", "request_type", "new_symptom"]);
  });

  it("says in the outcome that a new symptom needs a triage first", () => {
    const { result } = run({ ...BASE, new_symptom: "yes" });
    expect(result?.outcome).toBe("needs_symptom_triage");
    const node = flow.nodes.find((n) => n.id === "needs_symptom_triage");
    if (node?.kind !== "outcome") throw new Error("no outcome");
    expect(node.title.en).toMatch(/triage/);
    expect(node.title.fr).toMatch(/évalués/);
    expect(node.advice.en).toMatch(/start a new triage/);
    expect(node.advice.fr).toMatch(/recommencez un triage/);
  });

  it("ends at EMERGENCY on a danger sign, before any question about the request", () => {
    const { result, asked } = run({ ...BASE, danger_signs: ["chest_pain_spreading"] });
    expect(asked).toEqual(["danger_signs"]);
    expect(result?.urgency).toBe("EMERGENCY");
  });

  it("asks about pregnancy only for women aged 12 to 55 renewing a medicine", () => {
    expect(run({ ...BASE, sex: "male" }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, age_years: 56 }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, age_years: 12 }).asked).toContain("pregnant");
    expect(run({ ...BASE, request_type: "certificate" }).asked).not.toContain("pregnant");
  });

  it("skips the questions already answered in the general flow", () => {
    expect(table.firstQuestionAfter(WOMAN_OF_30)).toBe("request_type");
    const renewal = run({ ...BASE });
    expect(renewal.asked).toContain("age_years");
  });
});

describeFlowChecks(table, {
  bilingual: {
    ...typedInBothLanguages(
      BASE,
      { new_symptom: "non", essential_medicine_running_out: "oui", age_years: "40", pregnant: "yes" },
      { new_symptom: "no", essential_medicine_running_out: "yes" },
    ),
    urgency: "SOON",
    rules: ["essential_medicine_running_out", "renewal_in_possible_pregnancy"],
    exactRules: true,
    reasonFr: /grossesse/i,
    reasonEn: /pregnancy/i,
  },
  demographics: "all",
  vignettes: true,
});
