import { describe, expect, it } from "vitest";
import { describeComplaintFlow, scenario as s, type FlowScenario } from "./complaintFlowSuite.js";
import type { ScenarioAnswers } from "../libraryFlows.js";

/** A man of 40, dizzy for the first time since yesterday, no other sign: no rule fires. */
const BASE: ScenarioAnswers = {
  danger_signs: ["none"],
  age_years: 40,
  sex: "male",
  pregnant: "no",
  neuro_problem: "dizziness",
  befast_signs: ["none"],
  signs_timing: "gone_over_7_days",
  weakness_features: ["none"],
  weakness_course: "longer",
  dizzy_features: ["none"],
  dizzy_course: "recent",
  faint_features: ["none"],
  seizure_history: "epilepsy_usual",
  seizure_features: ["none"],
  seizure_pregnancy: "no",
};

const weak = (change: ScenarioAnswers) => ({ neuro_problem: "weakness_numbness", ...change });
const faint = (change: ScenarioAnswers) => ({ neuro_problem: "fainting", ...change });
const fit = (change: ScenarioAnswers) => ({ neuro_problem: "seizure", ...change });
const WOMAN = { sex: "female", age_years: 30 };

const SCENARIOS: FlowScenario[] = [
  s("recent dizziness with no sign is self care", {}, "SELF_CARE", ["no_warning_sign"]),
  s("brief dizziness on turning the head is self care (positional vertigo)", { dizzy_features: ["brief_with_head_movement"] }, "SELF_CARE", [
    "no_warning_sign",
  ]),
  s("dizziness for over a week or recurring is routine", { dizzy_course: "lasting_or_recurring" }, "ROUTINE", ["dizziness_lasting_or_recurring"]),
  s("dizziness with a new headache or neck pain is urgent", { dizzy_features: ["new_headache_neck_pain"] }, "URGENT", ["dizziness_new_headache"]),
  s("dizziness with palpitations is urgent", { dizzy_features: ["heart_symptoms"] }, "URGENT", ["dizziness_heart_symptoms"]),
  s("dizziness with sudden hearing loss is seen the same day", { dizzy_features: ["hearing_loss"] }, "SOON", ["sudden_hearing_loss"]),
  s("constant vertigo with vomiting is seen the same day", { dizzy_features: ["constant_spinning_vomiting"] }, "SOON", ["constant_vertigo_with_vomiting"]),
  s("stroke signs gone, started 1 to 7 days ago, are urgent (TIA)", { befast_signs: ["arm_leg_weakness"], signs_timing: "gone_1_to_7_days" }, "URGENT", [
    "recent_tia",
  ]),
  s("stroke signs gone, started over 7 days ago, are seen the same day", { befast_signs: ["speech_difficulty"], signs_timing: "gone_over_7_days" }, "SOON", [
    "tia_over_a_week_ago",
  ]),
  s("weakness or numbness for over a week with no feature is routine", weak({}), "ROUTINE", ["weakness_or_numbness_to_assess"]),
  s("new weakness or numbness this week is seen the same day", weak({ weakness_course: "recent" }), "SOON", [
    "new_weakness_this_week",
    "weakness_or_numbness_to_assess",
  ]),
  s("new tingling of the hands and feet this week is routine", weak({ weakness_course: "recent", weakness_features: ["hands_feet_tingling"] }), "ROUTINE", [
    "weakness_or_numbness_to_assess",
  ]),
  s("tingling in the hands and feet only is routine", weak({ weakness_features: ["hands_feet_tingling"] }), "ROUTINE", ["weakness_or_numbness_to_assess"]),
  s("worsening weakness in both legs is urgent", weak({ weakness_features: ["both_legs"] }), "URGENT", [
    "weakness_both_legs",
    "weakness_or_numbness_to_assess",
  ]),
  s("weakness spreading up from the feet is urgent", weak({ weakness_features: ["spreading_up"] }), "URGENT", [
    "ascending_weakness",
    "weakness_or_numbness_to_assess",
  ]),
  s("one-sided weakness worsening over days is urgent", weak({ weakness_features: ["one_side_worsening"] }), "URGENT", [
    "progressive_one_sided_weakness",
    "weakness_or_numbness_to_assess",
  ]),
  s("a typical faint is routine (an ECG for every blackout)", faint({ faint_features: ["usual_triggers"] }), "ROUTINE", ["blackout_to_assess"]),
  s("a blackout during exercise is urgent", faint({ faint_features: ["during_exercise"] }), "URGENT", ["faint_during_exercise", "blackout_to_assess"]),
  s("a blackout with palpitations is urgent", faint({ faint_features: ["heart_symptoms"] }), "URGENT", ["faint_heart_symptoms", "blackout_to_assess"]),
  s("a blackout with a known heart condition is urgent", faint({ faint_features: ["heart_condition"] }), "URGENT", [
    "faint_heart_condition",
    "blackout_to_assess",
  ]),
  s("a blackout with a family sudden death is urgent", faint({ faint_features: ["family_sudden_death"] }), "URGENT", [
    "faint_family_sudden_death",
    "blackout_to_assess",
  ]),
  s("a blackout without warning at 64 is seen the same day", faint({ age_years: 64, faint_features: ["no_warning"] }), "SOON", [
    "faint_without_warning",
    "blackout_to_assess",
  ]),
  s("a blackout without warning at 65 is urgent", faint({ age_years: 65, faint_features: ["no_warning"] }), "URGENT", [
    "faint_without_warning_65_or_over",
    "faint_without_warning",
    "blackout_to_assess",
  ]),
  s("an injury from a faint is seen the same day", faint({ faint_features: ["injured"] }), "SOON", ["faint_with_injury", "blackout_to_assess"]),
  s("a blackout in possible pregnancy is urgent", faint({ ...WOMAN, pregnant: "unsure" }), "URGENT", ["faint_possible_pregnancy", "blackout_to_assess"]),
  s("a usual seizure in known epilepsy is routine", fit({}), "ROUTINE", ["usual_epileptic_seizure"]),
  s("a first seizure is seen the same day", fit({ seizure_history: "first_seizure" }), "SOON", ["first_seizure"]),
  s("a different seizure in known epilepsy is seen the same day", fit({ seizure_history: "epilepsy_different" }), "SOON", ["epileptic_seizure_different"]),
  s("a seizure over 5 minutes is urgent", fit({ seizure_features: ["over_5_minutes"] }), "URGENT", ["seizure_over_5_minutes", "usual_epileptic_seizure"]),
  s("not back to normal after a seizure is urgent", fit({ seizure_features: ["not_back_to_normal"] }), "URGENT", [
    "seizure_not_recovered",
    "usual_epileptic_seizure",
  ]),
  s("a head injury during a seizure is urgent", fit({ seizure_features: ["head_injury"] }), "URGENT", ["seizure_head_injury", "usual_epileptic_seizure"]),
  s("a first seizure in a child of 3 is urgent", fit({ age_years: 3, seizure_history: "first_seizure" }), "URGENT", ["seizure_young_child", "first_seizure"]),
  s("a usual seizure in a woman who is not pregnant is routine", fit({ ...WOMAN }), "ROUTINE", ["usual_epileptic_seizure"]),
];

const { run } = describeComplaintFlow({
  slug: "neuro",
  base: BASE,
  reach: {
    pregnant: WOMAN,
    signs_timing: { befast_signs: ["face_drooping"] },
    weakness_features: { neuro_problem: "weakness_numbness" },
    faint_features: { neuro_problem: "fainting" },
    seizure_features: { neuro_problem: "seizure" },
    seizure_pregnancy: { neuro_problem: "seizure", ...WOMAN },
  },
  scenarios: SCENARIOS,
  bilingual: {
    fr: { ...BASE, danger_signs: "none", age_years: "71", neuro_problem: "fainting", faint_features: "no_warning,injured" },
    en: { ...BASE, danger_signs: "none", age_years: "71", neuro_problem: "fainting", faint_features: "no_warning,injured" },
    urgency: "URGENT",
    rules: ["faint_without_warning_65_or_over", "faint_with_injury", "blackout_to_assess"],
    reasonFr: /connaissance/,
    reasonEn: /[Bb]lackout/,
  },
});

describe("neuro: questions asked", () => {
  it("asks the BE-FAST signs for every problem, right after the problem", () => {
    for (const problem of ["weakness_numbness", "dizziness", "fainting", "seizure"]) {
      expect(run({ ...BASE, neuro_problem: problem }).asked.slice(0, 5)).toEqual(["danger_signs", "age_years", "sex", "neuro_problem", "befast_signs"]);
    }
  });

  it("asks when the signs started only when there was a sign", () => {
    expect(run(BASE).asked).not.toContain("signs_timing");
    expect(run({ ...BASE, befast_signs: ["vision_loss"] }).asked).toContain("signs_timing");
  });

  it("asks each problem its own questions only", () => {
    expect(run(BASE).asked).toEqual(expect.arrayContaining(["dizzy_features", "dizzy_course"]));
    expect(run(BASE).asked).not.toContain("faint_features");
    expect(run({ ...BASE, neuro_problem: "seizure" }).asked).not.toContain("dizzy_features");
  });

  it("asks about pregnancy and a recent birth after a seizure only for women aged 12 to 55", () => {
    expect(run({ ...BASE, neuro_problem: "seizure" }).asked).not.toContain("seizure_pregnancy");
    expect(run({ ...BASE, neuro_problem: "seizure", ...WOMAN }).asked).toContain("seizure_pregnancy");
    expect(run({ ...BASE, neuro_problem: "seizure", ...WOMAN, age_years: 60 }).asked).not.toContain("seizure_pregnancy");
  });

  it("keeps a path within 10 questions after the danger screen", () => {
    for (const sc of SCENARIOS) expect(run({ ...BASE, ...sc.change }).asked.length - 1, sc.name).toBeLessThanOrEqual(10);
  });
});
