import { describe, expect, it } from "vitest";
import { type TableScenario, WOMAN_OF_30, itStartsWithDangerSignsThenDemographics, typedInBothLanguages } from "./flowTestParts.js";
import { describeFlowChecks, tableFlowTest } from "./tableFlowSuite.js";
import type { ScenarioAnswers } from "../libraryFlows.js";

const SLUG = "abdominal-pain";

/** An adult with mild upper tummy pain for a day: every question has an answer, no rule fires. */
const BASE: ScenarioAnswers = {
  ...WOMAN_OF_30,
  missed_period: "no",
  pregnancy_symptoms: ["none"],
  testicle_pain: "no",
  alarm_symptoms: ["none"],
  pain_location: "upper_middle",
  pain_moved: "no",
  pain_after_fatty_meals: "no",
  severity: 3,
  onset: "over_hours",
  pain_duration: "1 day",
  fever: "no",
  vomiting: "no",
  diarrhoea: "no",
  diarrhoea_duration: "1 day",
  no_stool_no_gas: "no",
  jaundice: "no",
};

/** What to change in BASE so that a question is asked at all (questions behind a branch). */
const REACH: Record<string, ScenarioAnswers> = {
  pregnancy_symptoms: { pregnant: "yes" },
  testicle_pain: { sex: "male" },
  pain_moved: { pain_location: "right_lower" },
  diarrhoea_duration: { diarrhoea: "yes" },
};

// ---------------------------------------------------------------------------------------------
// Generic red-flag cases, generated from the flow data (redFlagSuite.ts, shared by the library tests).
// A resolver of its own: a flow being written by someone else cannot break these tests.
const table = tableFlowTest(SLUG, BASE, REACH);
const { run, s } = table;

// ---------------------------------------------------------------------------------------------

const SCENARIOS: TableScenario[] = [
  s("mild pain with no warning sign is self care", {}, "SELF_CARE", ["mild_pain_no_warning_sign"]),
  s("pain at 4/10 stays self care", { severity: 4 }, "SELF_CARE", ["mild_pain_no_warning_sign"]),
  s("pain at 5/10 is seen the same day (moderate pain)", { severity: 5 }, "SOON", ["moderate_pain"]),
  s("pain at 7/10 that came on over hours is seen the same day", { severity: 7 }, "SOON", ["moderate_pain"]),
  s("pain at 8/10 is urgent (severe pain)", { severity: 8 }, "URGENT", ["very_severe_pain", "moderate_pain"]),
  s("sudden pain at 6/10 is seen the same day", { onset: "sudden", severity: 6 }, "SOON", ["moderate_pain"]),
  s("sudden pain at 7/10 is urgent", { onset: "sudden", severity: 7 }, "URGENT", ["sudden_severe_pain", "moderate_pain"]),
  s("pain at 7/10 at age 64 is seen the same day", { age_years: 64, sex: "male", severity: 7 }, "SOON", ["moderate_pain"]),
  s("pain at 7/10 at age 65 is urgent", { age_years: 65, sex: "male", severity: 7 }, "URGENT", [
    "severe_pain_age_65_or_over",
    "moderate_pain",
    "age_65_or_over",
  ]),
  s("mild pain at age 65 is seen the same day", { age_years: 65, sex: "female" }, "SOON", ["age_65_or_over"]),
  s("lower right pain is seen the same day", { pain_location: "right_lower" }, "SOON", ["right_lower_pain"]),
  s("pain that moved to the lower right is urgent (appendicitis)", { pain_location: "right_lower", pain_moved: "yes" }, "URGENT", [
    "appendicitis_pattern",
    "right_lower_pain",
  ]),
  s("lower right pain with fever is urgent", { pain_location: "right_lower", fever: "yes" }, "URGENT", [
    "right_lower_pain_with_fever",
    "fever",
    "right_lower_pain",
  ]),
  s("vomiting while keeping drinks down stays self care", { vomiting: "keeps_fluids_down" }, "SELF_CARE", ["mild_pain_no_warning_sign"]),
  s("vomiting and unable to keep drinks down is urgent", { vomiting: "cannot_keep_fluids" }, "URGENT", ["cannot_keep_fluids_down"]),
  s("no stools or wind with a swollen tummy is urgent (obstruction)", { no_stool_no_gas: "yes" }, "URGENT", ["bowel_obstruction_signs"]),
  s("jaundice is seen the same day", { jaundice: "yes" }, "SOON", ["jaundice"]),
  s("jaundice with fever is urgent", { jaundice: "yes", fever: "yes" }, "URGENT", ["jaundice_with_fever", "fever", "jaundice"]),
  s("fever is seen the same day", { fever: "yes" }, "SOON", ["fever"]),
  s("mild pain in pregnancy is seen the same day", { pregnant: "yes" }, "SOON", ["pregnant_or_possibly_pregnant"]),
  s("severe pain in a possible pregnancy is urgent", { pregnant: "unsure", severity: 7 }, "URGENT", [
    "severe_pain_in_pregnancy",
    "moderate_pain",
    "pregnant_or_possibly_pregnant",
  ]),
  s("diarrhoea with blood is seen the same day", { diarrhoea: "yes_with_blood" }, "SOON", ["bloody_diarrhoea"]),
  s("diarrhoea for 6 days stays self care", { diarrhoea: "yes", diarrhoea_duration: "6 days" }, "SELF_CARE", ["mild_pain_no_warning_sign"]),
  s("diarrhoea for 7 days is routine", { diarrhoea: "yes", diarrhoea_duration: "7 days" }, "ROUTINE", ["diarrhoea_over_7_days"]),
  s("pain for 167 hours stays self care", { pain_duration: "167 hours" }, "SELF_CARE", ["mild_pain_no_warning_sign"]),
  s("pain for a week is routine", { pain_duration: "1 week" }, "ROUTINE", ["pain_over_7_days"]),
  s("a child of 4 is seen the same day", { age_years: 4, sex: "male" }, "SOON", ["young_child"]),
  s("a child of 5 with mild pain is self care", { age_years: 5, sex: "male" }, "SELF_CARE", ["mild_pain_no_warning_sign"]),
  // Gallstones (NICE CKS): attacks after meals are biliary colic, pain under the right ribs with fever or jaundice possible cholecystitis.
  s(
    "attacks of pain under the right ribs after fatty meals, gone now, are routine (biliary colic)",
    { pain_location: "upper_right", pain_after_fatty_meals: "yes", severity: 0 },
    "ROUTINE",
    ["biliary_colic"],
  ),
  s("attacks of upper middle pain after meals are routine too", { pain_after_fatty_meals: "yes" }, "ROUTINE", ["biliary_colic"]),
  s("pain under the right ribs with fever is seen the same day (cholecystitis)", { pain_location: "upper_right", fever: "yes" }, "SOON", [
    "possible_cholecystitis",
    "fever",
  ]),
  s("pain under the right ribs with jaundice is seen the same day", { pain_location: "upper_right", jaundice: "yes" }, "SOON", [
    "possible_cholecystitis",
    "jaundice",
  ]),
  // A period late counts as a possible pregnancy (NICE NG126).
  s("mild pain with a late period is seen the same day", { missed_period: "yes" }, "SOON", ["pregnant_or_possibly_pregnant"]),
  s("severe pain with a late period is urgent", { missed_period: "yes", severity: 7 }, "URGENT", [
    "severe_pain_in_pregnancy",
    "moderate_pain",
    "pregnant_or_possibly_pregnant",
  ]),
];

describe(`${SLUG}: scenarios`, () => {
  table.itRunsScenarios(SCENARIOS);

  it("asks about pregnancy only for women aged 12 to 55, and about bleeding only if pregnant or maybe", () => {
    table.expectPregnancyAskedFrom12To55();
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
  bilingual: {
    ...typedInBothLanguages(
      BASE,
      {
        age_years: "70",
        sex: "male",
        testicle_pain: "non",
        pain_location: "right_lower",
        pain_moved: "oui",
        severity: "7",
        fever: "oui",
        pain_duration: "2 jours",
        no_stool_no_gas: "non",
        jaundice: "non",
      },
      { testicle_pain: "no", pain_moved: "yes", fever: "yes", pain_duration: "2 days", no_stool_no_gas: "no", jaundice: "no" },
    ),
    urgency: "URGENT",
    rules: ["appendicitis_pattern", "right_lower_pain_with_fever", "severe_pain_age_65_or_over"],
    reasonFr: /appendicite/i,
    reasonEn: /appendicitis/i,
  },
  demographics: "all",
  vignettes: false,
});
