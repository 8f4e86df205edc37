import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeComplaintFlow, scenario as s, type FlowScenario } from "./complaintFlowSuite.js";
import type { ScenarioAnswers } from "../libraryFlows.js";

/** A man of 30, low for a few days, coping, no thoughts of death: no rule fires. */
const BASE: ScenarioAnswers = {
  danger_signs: ["none"],
  age_years: 30,
  sex: "male",
  pregnant: "no",
  gave_birth_last_year: "no",
  safety_now: ["none"],
  suicidal_thoughts: "no",
  past_self_harm: "no",
  mh_symptoms: ["low_mood"],
  daily_impact: "little",
  mh_duration: "under_2_weeks",
};

const WOMAN = { sex: "female", age_years: 31 };

const SCENARIOS: FlowScenario[] = [
  s("a few low days with little impact is self care", {}, "SELF_CARE", ["no_risk_sign"]),
  s("stress with none of the listed problems is self care", { mh_symptoms: ["none"] }, "SELF_CARE", ["no_risk_sign"]),
  s("thoughts of ending one's life without a plan are urgent", { suicidal_thoughts: "thoughts_no_plan" }, "URGENT", ["suicidal_thoughts_without_plan"]),
  s("wishing not to be here is seen the same day", { suicidal_thoughts: "wish_dead" }, "SOON", ["wish_dead"]),
  s("wishing not to be here after past self-harm is urgent", { suicidal_thoughts: "wish_dead", past_self_harm: "yes" }, "URGENT", [
    "wish_dead_after_past_self_harm",
    "wish_dead",
  ]),
  s("no longer able to look after oneself is urgent", { daily_impact: "cannot_cope" }, "URGENT", ["cannot_look_after_self"]),
  s("unusual experiences after a recent birth are urgent", { ...WOMAN, gave_birth_last_year: "yes", mh_symptoms: ["unusual_experiences"] }, "URGENT", [
    "perinatal_psychosis_or_mania_signs",
    "unusual_experiences",
  ]),
  s("very high energy in pregnancy is urgent", { ...WOMAN, pregnant: "yes", mh_symptoms: ["high_energy"] }, "URGENT", [
    "perinatal_psychosis_or_mania_signs",
    "high_energy",
  ]),
  s("new unusual experiences are seen the same day", { mh_symptoms: ["unusual_experiences"] }, "SOON", ["unusual_experiences"]),
  s("unusually high energy and little sleep is seen the same day", { mh_symptoms: ["high_energy"] }, "SOON", ["high_energy"]),
  s("low mood after a recent birth is seen the same day", { ...WOMAN, gave_birth_last_year: "yes" }, "SOON", ["perinatal_low_mood"]),
  s("anxiety in pregnancy is seen the same day", { ...WOMAN, pregnant: "yes", mh_symptoms: ["anxiety"] }, "SOON", ["perinatal_low_mood"]),
  s("low mood in a woman with no recent birth is self care", WOMAN, "SELF_CARE", ["no_risk_sign"]),
  s("a major effect on daily life is routine", { daily_impact: "a_lot" }, "ROUTINE", ["affects_daily_life_a_lot"]),
  s("difficulties for 2 weeks or more are routine", { mh_duration: "two_weeks_or_more" }, "ROUTINE", ["lasting_2_weeks_or_more"]),
  s("panic attacks are routine", { mh_symptoms: ["panic"] }, "ROUTINE", ["panic_attacks"]),
  s("alcohol or drugs to cope is routine", { mh_symptoms: ["substance", "low_mood"] }, "ROUTINE", ["alcohol_or_drugs"]),
];

const { run } = describeComplaintFlow({
  slug: "mental-health",
  base: BASE,
  reach: { pregnant: WOMAN, past_self_harm: { suicidal_thoughts: "wish_dead" } },
  scenarios: SCENARIOS,
  bilingual: {
    fr: { ...BASE, danger_signs: "none", age_years: "19", suicidal_thoughts: "wish_dead", past_self_harm: "oui", mh_symptoms: "low_mood,substance" },
    en: { ...BASE, danger_signs: "none", age_years: "19", suicidal_thoughts: "wish_dead", past_self_harm: "yes", mh_symptoms: "low_mood,substance" },
    urgency: "URGENT",
    rules: ["wish_dead_after_past_self_harm", "wish_dead", "alcohol_or_drugs"],
    reasonFr: /tentative de suicide/,
    reasonEn: /suicide attempt/,
  },
});

describe("mental-health: questions asked", () => {
  it("asks the safety questions to everyone, right after the demographic questions", () => {
    expect(run(BASE).asked.slice(0, 5)).toEqual(["danger_signs", "age_years", "sex", "safety_now", "suicidal_thoughts"]);
    expect(run({ ...BASE, ...WOMAN }).asked.slice(0, 7)).toEqual([
      "danger_signs",
      "age_years",
      "sex",
      "pregnant",
      "gave_birth_last_year",
      "safety_now",
      "suicidal_thoughts",
    ]);
  });

  it("asks about a recent birth only for women aged 12 to 55 who are not pregnant now", () => {
    expect(run(BASE).asked).not.toContain("gave_birth_last_year");
    expect(run({ ...BASE, ...WOMAN, pregnant: "yes" }).asked).not.toContain("gave_birth_last_year");
    expect(run({ ...BASE, ...WOMAN, pregnant: "unsure" }).asked).toContain("gave_birth_last_year");
    expect(run({ ...BASE, ...WOMAN, age_years: 56 }).asked).not.toContain("gave_birth_last_year");
  });

  it("asks about past self-harm only when there are thoughts of death", () => {
    expect(run(BASE).asked).not.toContain("past_self_harm");
    expect(run({ ...BASE, suicidal_thoughts: "wish_dead" }).asked).toContain("past_self_harm");
  });

  it("stops asking once suicidal thoughts make the outcome urgent", () => {
    expect(run({ ...BASE, suicidal_thoughts: "thoughts_no_plan" }).asked.at(-1)).toBe("past_self_harm");
  });

  it("sends every safety answer and a plan to the mental-health emergency outcome", () => {
    for (const answer of ["harmed_self", "intent_today", "voices_harm", "harm_others"]) {
      expect(run({ ...BASE, safety_now: [answer] }).result?.outcome, answer).toBe("emergency_mental_health");
    }
    expect(run({ ...BASE, suicidal_thoughts: "plan" }).result?.outcome).toBe("emergency_mental_health");
  });

  it("keeps a path within 10 questions after the danger screen", () => {
    for (const sc of SCENARIOS) expect(run({ ...BASE, ...sc.change }).asked.length - 1, sc.name).toBeLessThanOrEqual(10);
  });
});

describe("mental-health: crisis lines", () => {
  const file = JSON.parse(readFileSync(join(import.meta.dirname, "../../../bot/config/emergencyNumbers.json"), "utf8"));

  it("keeps the crisis lines per country in configuration, next to the emergency numbers, never in the flow", () => {
    expect(file.crisisLines.FR).toEqual([expect.objectContaining({ number: "3114" })]);
    for (const line of file.crisisLines.FR) expect(line.label.fr && line.label.en).toBeTruthy();
    // Morocco has no official national line yet: an empty list, explained in the file's comment.
    expect(file.crisisLines.MA).toEqual([]);
    expect(file.crisisLines.$comment).toMatch(/MA: no official/);
  });
});
