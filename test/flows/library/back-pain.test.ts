import { describe, expect, it } from "vitest";
import { describeComplaintFlow, scenario as s, type FlowScenario } from "./complaintFlowSuite.js";
import { typedInBothLanguages } from "./flowTestParts.js";
import type { ScenarioAnswers } from "../libraryFlows.js";

/** A man of 35 who strained his back lifting 3 days ago, pain 5/10, nothing else: no rule fires. */
const BASE: ScenarioAnswers = {
  danger_signs: ["none"],
  age_years: 35,
  sex: "male",
  pregnant: "no",
  cauda_equina_signs: ["none"],
  aortic_signs: ["none"],
  back_injury: "strain",
  back_risk_factors: ["none"],
  back_symptoms: ["none"],
  severity: 5,
  back_pain_since: "under_6_weeks",
};

const WOMAN = { sex: "female", age_years: 32 };

const SCENARIOS: FlowScenario[] = [
  s("a recent strain without warning sign is self care", {}, "SELF_CARE", ["no_warning_sign"], "self_care"),
  s("pain of 7/10 stays self care", { severity: 7 }, "SELF_CARE", ["no_warning_sign"]),
  s("pain of 8/10 is seen the same day", { severity: 8 }, "SOON", ["very_severe_pain"]),
  s("back pain in pregnancy gets the advice for pregnancy", { ...WOMAN, pregnant: "yes" }, "SELF_CARE", ["back_pain_in_pregnancy"], "self_care_pregnancy"),
  s("back pain in a woman who is not pregnant gets the usual advice", WOMAN, "SELF_CARE", ["no_warning_sign"], "self_care"),
  s("symptoms in both legs are urgent (cauda equina to rule out)", { cauda_equina_signs: ["both_legs"] }, "URGENT", ["symptoms_in_both_legs"]),
  s("a violent accident is urgent", { back_injury: "major" }, "URGENT", ["major_trauma"]),
  s("worsening leg weakness is urgent", { back_symptoms: ["leg_weakness"] }, "URGENT", ["progressive_leg_weakness"]),
  s("cancer with leg weakness is urgent (spinal cord compression)", { back_risk_factors: ["cancer_history"], back_symptoms: ["leg_weakness"] }, "URGENT", [
    "cancer_with_neurological_signs",
    "progressive_leg_weakness",
    "cancer_history",
  ]),
  s("fever in someone who injects drugs is urgent (spinal infection)", { back_risk_factors: ["immune_or_injecting"], back_symptoms: ["fever"] }, "URGENT", [
    "fever_with_infection_risk",
    "fever",
  ]),
  s("a history of cancer is seen the same day", { back_risk_factors: ["cancer_history"] }, "SOON", ["cancer_history"]),
  s("fever is seen the same day", { back_symptoms: ["fever"] }, "SOON", ["fever"]),
  s("a strain on long-term steroids is seen the same day (fracture)", { back_risk_factors: ["osteoporosis_steroids"] }, "SOON", [
    "possible_fragility_fracture",
  ]),
  s("a fall at 65 is seen the same day", { age_years: 65, back_injury: "fall_or_blow" }, "SOON", ["possible_fragility_fracture"]),
  s("a fall at 64 without osteoporosis is self care", { age_years: 64, back_injury: "fall_or_blow" }, "SELF_CARE", ["no_warning_sign"]),
  s("unexplained weight loss is seen the same day", { back_symptoms: ["weight_loss"] }, "SOON", ["weight_loss"]),
  s("upper back pain at 50 is seen the same day", { age_years: 50, back_symptoms: ["upper_back"] }, "SOON", ["upper_back_pain_over_50", "upper_back_pain"]),
  s("upper back pain at 49 is routine", { age_years: 49, back_symptoms: ["upper_back"] }, "ROUTINE", ["upper_back_pain"]),
  s("night pain is routine", { back_symptoms: ["night_pain"] }, "ROUTINE", ["night_pain"]),
  s("sciatica for less than 6 weeks is self care", { back_symptoms: ["leg_pain"] }, "SELF_CARE", ["no_warning_sign"]),
  s("back pain for 6 weeks to 3 months is routine", { back_pain_since: "from_6_weeks_to_3_months" }, "ROUTINE", ["pain_6_weeks_or_more"]),
  s("morning stiffness for over 3 months is routine (inflammatory)", { back_symptoms: ["morning_stiffness"], back_pain_since: "over_3_months" }, "ROUTINE", [
    "inflammatory_back_pain",
    "pain_6_weeks_or_more",
  ]),
  s("back pain at 15 is routine", { age_years: 15 }, "ROUTINE", ["child_under_16"]),
];

const { flow, run } = describeComplaintFlow({
  slug: "back-pain",
  base: BASE,
  reach: { pregnant: WOMAN, aortic_signs: { age_years: 50 } },
  scenarios: SCENARIOS,
  bilingual: {
    ...typedInBothLanguages(BASE, {
      age_years: "70",
      back_injury: "fall_or_blow",
      back_symptoms: "night_pain",
      severity: "8",
      back_pain_since: "under_6_weeks",
    }),
    urgency: "SOON",
    rules: ["possible_fragility_fracture", "very_severe_pain", "night_pain"],
    reasonFr: /fracture/,
    reasonEn: /fracture/,
  },
});

describe("back-pain: questions asked", () => {
  it("asks about cauda equina right after the demographic questions", () => {
    expect(run(BASE).asked.slice(0, 4)).toEqual(["danger_signs", "age_years", "sex", "cauda_equina_signs"]);
  });

  it("asks about the aorta from age 50 only", () => {
    expect(run({ ...BASE, age_years: 49 }).asked).not.toContain("aortic_signs");
    expect(run({ ...BASE, age_years: 50 }).asked).toContain("aortic_signs");
  });

  it("asks about pregnancy only for women aged 12 to 55", () => {
    expect(run(BASE).asked).not.toContain("pregnant");
    expect(run({ ...BASE, ...WOMAN }).asked).toContain("pregnant");
  });

  it("advises an anti-inflammatory only outside pregnancy", () => {
    const text = (answers: ScenarioAnswers) => {
      const outcome = flow.nodes.find((n) => n.id === run(answers).result?.outcome);
      return outcome?.kind === "outcome" ? (outcome.advice.en ?? "") : "";
    };
    expect(text(BASE)).toMatch(/ibuprofen may help/);
    expect(text({ ...BASE, ...WOMAN, pregnant: "yes" })).toMatch(/avoid ibuprofen/);
  });

  it("keeps a path within 10 questions after the danger screen", () => {
    for (const sc of SCENARIOS) expect(run({ ...BASE, ...sc.change }).asked.length - 1, sc.name).toBeLessThanOrEqual(10);
  });
});
