import { describe, expect, it } from "vitest";
import { itStartsWithDangerSignsThenDemographics } from "./flowTestParts.js";
import { describeFlowChecks, tableFlowTest } from "./tableFlowSuite.js";

const SLUG = "abdominal-pain";

// The flow with a resolver of its own (a flow being written by someone else cannot break these tests), its
// red-flag cases generated from its data (redFlagSuite.ts) and its scenario table (scenarios/<slug>.json).
const table = tableFlowTest(SLUG);
const { run, base: BASE } = table;

describe(`${SLUG}: scenarios`, () => {
  table.itAsksPregnancyOnlyFrom12To55("asks about pregnancy only for women aged 12 to 55, and about bleeding only if pregnant or maybe", () => {
    expect(run(BASE).asked).not.toContain("pregnancy_symptoms");
    expect(run({ ...BASE, pregnant: "yes" }).asked).toContain("pregnancy_symptoms");
    expect(run({ ...BASE, pregnant: "unsure" }).asked).toContain("pregnancy_symptoms");
  });

  it("asks whether the period is late only of a woman of 12 to 55 who says she is not pregnant: never of a man", () => {
    for (const sex of ["male", "other"]) {
      const asked = run({ ...BASE, sex }).asked;
      expect(asked).not.toContain("missed_period");
      expect(asked).not.toContain("pregnancy_symptoms");
    }
    expect(run({ ...BASE, age_years: 56 }).asked).not.toContain("missed_period");
    expect(run({ ...BASE, age_years: 11 }).asked).not.toContain("missed_period");
    expect(run({ ...BASE, pregnant: "yes" }).asked).not.toContain("missed_period");
    expect(run(BASE).asked).toContain("missed_period");
    expect(run({ ...BASE, missed_period: "yes" }).asked).toContain("pregnancy_symptoms");
  });

  it.each([["shoulder_tip_pain"], ["dizzy_faint"], ["vaginal_bleeding"]])(
    "ends at once as an emergency on %s with a late period (possible ectopic pregnancy)",
    (sign) => {
      const { result, asked } = run({ ...BASE, missed_period: "yes", pregnancy_symptoms: [sign] });
      expect(result?.redFlag).toBe("rf_possible_ectopic_pregnancy");
      expect(result?.urgency).toBe("EMERGENCY");
      expect(asked.at(-1)).toBe("pregnancy_symptoms");
    },
  );

  it("never asks about passing no stools or wind right after diarrhoea: yes", () => {
    expect(run({ ...BASE, diarrhoea: "yes" }).asked).not.toContain("no_stool_no_gas");
    expect(run({ ...BASE, diarrhoea: "yes_with_blood" }).asked).not.toContain("no_stool_no_gas");
    expect(run({ ...BASE, diarrhoea: "no" }).asked).toContain("no_stool_no_gas");
  });

  it("asks about attacks after meals only for upper tummy pain", () => {
    expect(run({ ...BASE, pain_location: "upper_right" }).asked).toContain("pain_after_fatty_meals");
    expect(run(BASE).asked).toContain("pain_after_fatty_meals");
    expect(run({ ...BASE, pain_location: "lower_middle" }).asked).not.toContain("pain_after_fatty_meals");
  });

  it("screens for ectopic pregnancy also when pregnancy is only possible", () => {
    const { result, asked } = run({ ...BASE, pregnant: "unsure", pregnancy_symptoms: ["shoulder_tip_pain"] });
    expect(result?.redFlag).toBe("rf_possible_ectopic_pregnancy");
    expect(result?.urgency).toBe("EMERGENCY");
    expect(asked[asked.length - 1]).toBe("pregnancy_symptoms");
  });

  it("asks about testicle pain unless the patient is female", () => {
    expect(run(BASE).asked).not.toContain("testicle_pain");
    expect(run({ ...BASE, sex: "male" }).asked).toContain("testicle_pain");
    expect(run({ ...BASE, sex: "other" }).asked).toContain("testicle_pain");
  });

  it("asks whether the pain moved only when it is in the lower right", () => {
    expect(run(BASE).asked).not.toContain("pain_moved");
    expect(run({ ...BASE, pain_location: "right_lower" }).asked).toContain("pain_moved");
  });

  itStartsWithDangerSignsThenDemographics(run, BASE);

  const carried = { danger_signs: ["none"], age_years: 30, sex: "female", pregnant: "unsure" };
  table.itSkipsAnsweredQuestions([
    [carried, "pregnancy_symptoms"],
    [{ ...carried, pregnant: "no" }, "missed_period"],
    [{ danger_signs: ["none"], age_years: 30, sex: "male" }, "testicle_pain"],
  ]);
});

describeFlowChecks(table, {
  demographics: "all",
  vignettes: false,
});
