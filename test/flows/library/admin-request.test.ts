import { describe, expect, it } from "vitest";
import { WOMAN_OF_30 } from "./flowTestParts.js";
import { describeFlowChecks, tableFlowTest } from "./tableFlowSuite.js";

const SLUG = "admin-request";

// The flow with a resolver of its own (a flow being written by someone else cannot break these tests), its
// red-flag cases generated from its data (redFlagSuite.ts) and its scenario table (scenarios/<slug>.json).
const table = tableFlowTest(SLUG);
const { run, base: BASE } = table;

describe(`${SLUG}: scenarios`, () => {
  it("asks no symptom question: the danger screen, the request, whether a symptom needs a triage, then only what a renewal needs", () => {
    expect(run({ ...BASE, request_type: "certificate" }).asked).toEqual(["danger_signs", "request_type", "new_symptom"]);
    expect(run({ ...BASE, sex: "male" }).asked).toEqual(["danger_signs", "request_type", "new_symptom", "essential_medicine_running_out", "age_years", "sex"]);
    expect(run({ ...BASE, new_symptom: "yes" }).asked).toEqual(["danger_signs", "request_type", "new_symptom"]);
  });

  it("says in the outcome that a new symptom needs a triage first", () => {
    const { result } = run({ ...BASE, new_symptom: "yes" });
    expect(result?.outcome).toBe("needs_symptom_triage");
    const node = table.outcome("needs_symptom_triage");
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
  demographics: "all",
  vignettes: true,
});
