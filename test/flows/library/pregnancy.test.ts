import { describe, expect, it } from "vitest";
import { WOMAN_OF_30 } from "./flowTestParts.js";
import { describeFlowChecks, tableFlowTest } from "./tableFlowSuite.js";

const SLUG = "pregnancy";

const AFTER_BIRTH = { pregnant: "no", recently_gave_birth: "yes" };

// The flow with a resolver of its own (a flow being written by someone else cannot break these tests), its
// red-flag cases generated from its data (redFlagSuite.ts) and its scenario table (scenarios/<slug>.json).
const table = tableFlowTest(SLUG);
const { flow, run, base: BASE } = table;

describe(`${SLUG}: scenarios`, () => {
  it("tells someone neither pregnant nor recently delivered to start a triage for the symptom", () => {
    const { result, asked } = run({ ...BASE, pregnant: "no", recently_gave_birth: "no" });
    expect(asked).toEqual(["danger_signs", "age_years", "sex", "pregnant", "recently_gave_birth", "missed_period"]);
    expect(result?.outcome).toBe("not_pregnancy_related");
    expect(result?.urgency).toBe("ROUTINE");
    const node = table.outcome("not_pregnancy_related");
    expect(node.advice.en).toMatch(/start a new triage/);
    expect(node.advice.fr).toMatch(/recommencez un triage/);
  });

  it("asks about severe pre-eclampsia signs only from 20 weeks, and about the baby's movements only from 24", () => {
    expect(run({ ...BASE, pregnancy_weeks: 19 }).asked).not.toContain("pre_eclampsia_signs");
    expect(run({ ...BASE, pregnancy_weeks: 20 }).asked).toContain("pre_eclampsia_signs");
    expect(run({ ...BASE, pregnancy_weeks: 23 }).asked).not.toContain("fetal_movements");
    expect(run({ ...BASE, pregnancy_weeks: 24 }).asked).toContain("fetal_movements");
    expect(run({ ...BASE, pregnant: "unsure" }).asked).not.toContain("pregnancy_weeks");
  });

  it("treats a severe headache or problems with sight from 20 weeks as an emergency (NICE NG133)", () => {
    for (const sign of ["severe_headache", "vision_problems", "pain_below_ribs"]) {
      const { result } = run({ ...BASE, pregnancy_weeks: 20, pre_eclampsia_signs: [sign] });
      expect(result?.urgency).toBe("EMERGENCY");
    }
  });

  it("asks the emergency signs before anything else about the pregnancy", () => {
    expect(run(BASE).asked).toEqual([
      "danger_signs",
      "age_years",
      "sex",
      "pregnant",
      "pregnancy_weeks",
      "pregnancy_emergency",
      "pre_eclampsia_signs",
      "fetal_movements",
      "pregnancy_symptoms",
    ]);
    expect(run({ ...BASE, ...AFTER_BIRTH }).asked).toEqual([
      "danger_signs",
      "age_years",
      "sex",
      "pregnant",
      "recently_gave_birth",
      "postpartum_emergency",
      "postpartum_symptoms",
    ]);
  });

  it("stops asking once the baby is moving less", () => {
    expect(run({ ...BASE, fetal_movements: "reduced_or_stopped" }).asked.at(-1)).toBe("fetal_movements");
  });

  it("advises paracetamol only in pregnancy, and allows ibuprofen when breastfeeding after birth", () => {
    const advice = (id: string) => (flow.nodes.find((n) => n.id === id && n.kind === "outcome") as { advice: { en: string } }).advice.en;
    expect(advice("self_care_pregnancy")).toMatch(/only paracetamol/);
    expect(advice("soon")).toMatch(/only paracetamol/);
    expect(advice("self_care_postpartum")).toMatch(/ibuprofen/);
  });

  table.itSkipsAnsweredQuestions([[{ ...WOMAN_OF_30, pregnant: "yes" }, "pregnancy_weeks"]]);
});

describeFlowChecks(table, {
  demographics: "all",
  vignettes: true,
});

// Sex is asked too (carried from the entry flow, so asked only when the flow is started on its own): a man is never asked about pregnancy or periods.

describe(`${SLUG}: a period late`, () => {
  it("never asks a man whether he is pregnant or his period is late: it sends him to a triage of his symptom", () => {
    const { result, asked } = run({ ...BASE, sex: "male" });
    expect(asked).toEqual(["danger_signs", "age_years", "sex"]);
    expect(result?.outcome).toBe("not_pregnancy_related");
  });

  it("asks whether the period is late only of someone neither pregnant nor just delivered, then screens for an ectopic pregnancy", () => {
    expect(run(BASE).asked).not.toContain("missed_period");
    expect(run({ ...BASE, pregnant: "unsure" }).asked).not.toContain("missed_period");
    expect(run({ ...BASE, ...AFTER_BIRTH }).asked).not.toContain("missed_period");
    expect(run({ ...BASE, pregnant: "no", missed_period: "yes" }).asked).toEqual([
      "danger_signs",
      "age_years",
      "sex",
      "pregnant",
      "recently_gave_birth",
      "missed_period",
      "pregnancy_emergency",
      "pregnancy_symptoms",
    ]);
  });

  it.each([
    ["shoulder_tip_pain", "rf_shoulder_tip_pain"],
    ["fainted", "rf_pregnancy_fainting"],
    ["heavy_bleeding", "rf_pregnancy_heavy_bleeding"],
  ])("ends at once as an emergency on %s with a late period", (sign, flag) => {
    const { result, asked } = run({ ...BASE, pregnant: "no", missed_period: "yes", pregnancy_emergency: [sign] });
    expect(result?.redFlag).toBe(flag);
    expect(result?.urgency).toBe("EMERGENCY");
    expect(asked.at(-1)).toBe("pregnancy_emergency");
  });
});
