import { describe, expect, it } from "vitest";
import { expectEctopicSignsRightAfterPregnancy, itEndsAtEmergencyOnEveryEctopicSign, itSkipsEctopicSignsWhenNotPregnantNorLate } from "./ectopicChecks.js";
import { describeComplaintFlow, scenario as s, type FlowScenario } from "./complaintFlowSuite.js";
import { typedInBothLanguages } from "./flowTestParts.js";
import type { ScenarioAnswers } from "../libraryFlows.js";
import { MILD_VOMITING_DIARRHOEA } from "../../fixtures/mildStories.js";

/** A man of 30 with a tummy bug since yesterday, keeping drinks down: no rule fires. */
const BASE: ScenarioAnswers = {
  danger_signs: ["none"],
  age_years: 30,
  child_age_months: 6,
  sex: "male",
  pregnant: "no",
  missed_period: "no",
  pregnancy_emergency: ["none"],
  ...MILD_VOMITING_DIARRHOEA,
};

const WOMAN = { sex: "female", age_years: 28 };

const SCENARIOS: FlowScenario[] = [
  s("a tummy bug keeping drinks down is self care", {}, "SELF_CARE", ["no_warning_sign"], "self_care"),
  s("a child of 3 with no warning sign gets the advice for children", { age_years: 3 }, "SELF_CARE", ["young_child_self_care"], "self_care_child"),
  s("a child of 5 gets the general self-care advice", { age_years: 5 }, "SELF_CARE", ["no_warning_sign"], "self_care"),
  s(
    "severe constant tummy pain is urgent, with no advice to drink",
    { abdominal_signs: ["severe_abdominal_pain"] },
    "URGENT",
    ["severe_abdominal_pain"],
    "urgent_surgical",
  ),
  s("green vomit is urgent (possible obstruction)", { abdominal_signs: ["green_vomit"] }, "URGENT", ["green_vomit"], "urgent_surgical"),
  s(
    "a baby of 2 months with diarrhoea is urgent",
    { age_years: 0, child_age_months: 2 },
    "URGENT",
    ["young_infant", "baby_under_one", "young_child_self_care"],
    "urgent",
  ),
  s("a baby of 3 months is seen the same day", { age_years: 0, child_age_months: 3 }, "SOON", ["baby_under_one", "young_child_self_care"]),
  s("unusual sleepiness or irritability is urgent", { dehydration_signs: ["lethargic"] }, "URGENT", ["drowsy_or_irritable", "dehydration_signs"], "urgent"),
  s("sunken eyes in a child of 2 are urgent", { age_years: 2, dehydration_signs: ["sunken_eyes"] }, "URGENT", [
    "child_sunken_eyes",
    "dehydration_signs",
    "young_child_self_care",
  ]),
  s("sunken eyes in an adult are seen the same day", { dehydration_signs: ["sunken_eyes"] }, "SOON", ["dehydration_signs"]),
  s("a dry mouth at 64 is seen the same day", { age_years: 64, dehydration_signs: ["dry_mouth"] }, "SOON", ["dehydration_signs"]),
  s("a dry mouth at 65 is urgent", { age_years: 65, dehydration_signs: ["dry_mouth"] }, "URGENT", ["older_adult_dehydrated", "dehydration_signs"]),
  s("dizziness on standing with little urine is urgent", { dehydration_signs: ["dizzy_standing", "little_urine"] }, "URGENT", [
    "dizzy_with_little_urine",
    "dehydration_signs",
  ]),
  s("drinks not kept down by a healthy adult are seen the same day", { vomiting: "cannot_keep_fluids" }, "SOON", ["cannot_keep_fluids"]),
  s("drinks not kept down in pregnancy are urgent", { ...WOMAN, pregnant: "yes", vomiting: "cannot_keep_fluids" }, "URGENT", [
    "cannot_keep_fluids_high_risk",
    "cannot_keep_fluids",
  ]),
  s("drinks not kept down at 70 are urgent", { age_years: 70, vomiting: "cannot_keep_fluids" }, "URGENT", [
    "cannot_keep_fluids_high_risk",
    "cannot_keep_fluids",
  ]),
  s("drinks not kept down with diabetes are urgent", { vomiting: "cannot_keep_fluids", risk_conditions: ["diabetes"] }, "URGENT", [
    "cannot_keep_fluids_high_risk",
    "cannot_keep_fluids",
    "at_risk_condition",
  ]),
  s("vomiting in pregnancy keeping drinks down is self care", { ...WOMAN, pregnant: "yes", diarrhoea: "no" }, "SELF_CARE", ["no_warning_sign"]),
  s("bloody diarrhoea is seen the same day", { diarrhoea: "yes_with_blood" }, "SOON", ["bloody_diarrhoea"]),
  s("vomiting for 2 days is self care", { symptom_duration: "2 days" }, "SELF_CARE", ["no_warning_sign"]),
  s("vomiting for 3 days is seen the same day", { symptom_duration: "3 days" }, "SOON", ["vomiting_over_2_days"]),
  s("diabetes, kidney or heart disease is seen the same day", { risk_conditions: ["kidney_heart"] }, "SOON", ["at_risk_condition"]),
  s("diarrhoea after antibiotics is seen the same day", { risk_conditions: ["recent_antibiotics_hospital"] }, "SOON", [
    "diarrhoea_after_antibiotics_or_hospital",
  ]),
  s("vomiting alone after antibiotics is self care", { diarrhoea: "no", risk_conditions: ["recent_antibiotics_hospital"] }, "SELF_CARE", ["no_warning_sign"]),
  s("diarrhoea for 6 days without vomiting is self care", { vomiting: "no", symptom_duration: "6 days" }, "SELF_CARE", ["no_warning_sign"]),
  s("diarrhoea for 7 days is routine", { vomiting: "no", symptom_duration: "7 days" }, "ROUTINE", ["diarrhoea_over_7_days"]),
];

const { run } = describeComplaintFlow({
  slug: "vomiting-diarrhoea",
  base: BASE,
  reach: { child_age_months: { age_years: 0 }, pregnant: WOMAN, missed_period: WOMAN, pregnancy_emergency: { ...WOMAN, pregnant: "yes" } },
  scenarios: SCENARIOS,
  bilingual: {
    ...typedInBothLanguages(
      BASE,
      { age_years: "72", vomiting: "cannot_keep_fluids", diarrhoea: "yes_with_blood", dehydration_signs: "dry_mouth", symptom_duration: "2 jours" },
      { symptom_duration: "2 days" },
    ),
    urgency: "URGENT",
    rules: ["older_adult_dehydrated", "cannot_keep_fluids_high_risk", "bloody_diarrhoea"],
    reasonFr: /déshydratation/,
    reasonEn: /dehydration/,
  },
});

describe("vomiting-diarrhoea: questions asked", () => {
  it("asks how long the vomiting or diarrhoea has lasted only when the patient has one of them (never contradicting an answer)", () => {
    expect(run({ ...BASE, vomiting: "no", diarrhoea: "no" }).asked).not.toContain("symptom_duration");
    expect(run({ ...BASE, vomiting: "keeps_fluids_down", diarrhoea: "no" }).asked).toContain("symptom_duration");
    expect(run({ ...BASE, vomiting: "no", diarrhoea: "yes" }).asked).toContain("symptom_duration");
  });

  it("asks every emergency sign right after the demographic questions, the pregnancy emergency signs first for a woman who may be pregnant", () => {
    expect(run(BASE).asked.slice(0, 4)).toEqual(["danger_signs", "age_years", "sex", "gi_red_flags"]);
    expectEctopicSignsRightAfterPregnancy(run, { ...BASE, ...WOMAN }, "gi_red_flags");
  });

  it("asks about pregnancy only for women aged 12 to 55", () => {
    expect(run({ ...BASE, ...WOMAN, age_years: 11 }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, ...WOMAN, age_years: 56 }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, ...WOMAN, age_years: 12 }).asked).toContain("pregnant");
    expect(run(BASE).asked).not.toContain("pregnant");
  });

  it("stops asking once a surgical sign makes the outcome urgent", () => {
    expect(run({ ...BASE, abdominal_signs: ["green_vomit"] }).asked.at(-1)).toBe("abdominal_signs");
  });

  it("keeps a path within 10 questions after the danger screen, the late-period and pregnancy emergency questions aside", () => {
    const ectopicScreen = new Set(["missed_period", "pregnancy_emergency"]);
    for (const sc of SCENARIOS) expect(run({ ...BASE, ...sc.change }).asked.filter((id) => !ectopicScreen.has(id)).length - 1, sc.name).toBeLessThanOrEqual(10);
  });
});

describe("vomiting-diarrhoea: ectopic pregnancy whatever the complaint picked (NICE NG126, issue 18)", () => {
  itEndsAtEmergencyOnEveryEctopicSign(run, { ...BASE, ...WOMAN });

  it("never asks a man, a child of 11 or a woman of 56 with the same story about pregnancy, a late period or its emergency signs", () => {
    const story = { vomiting: "cannot_keep_fluids", pregnancy_emergency: ["shoulder_tip_pain"], missed_period: "yes" };
    for (const who of [
      { sex: "male", age_years: 28 },
      { sex: "other", age_years: 28 },
      { ...WOMAN, age_years: 11 },
      { ...WOMAN, age_years: 56 },
    ]) {
      const { result, asked } = run({ ...BASE, ...story, ...who });
      expect(asked, JSON.stringify(who)).not.toContain("pregnancy_emergency");
      expect(asked, JSON.stringify(who)).not.toContain("missed_period");
      expect(result?.urgency).not.toBe("EMERGENCY");
    }
    expect(run({ ...BASE, ...story }).asked).not.toContain("pregnant");
  });

  itSkipsEctopicSignsWhenNotPregnantNorLate(run, { ...BASE, ...WOMAN, pregnant: "no", missed_period: "no" });
});
