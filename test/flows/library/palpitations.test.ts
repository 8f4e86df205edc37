import { describe, expect, it } from "vitest";
import { type TableScenario, WOMAN_OF_30, typedInBothLanguages } from "./flowTestParts.js";
import { describeFlowChecks, tableFlowTest } from "./tableFlowSuite.js";
import type { ScenarioAnswers } from "../libraryFlows.js";

const SLUG = "palpitations";

/** Brief pounding heartbeat for 3 days: every question has an answer, no rule fires. */
const BASE: ScenarioAnswers = {
  ...WOMAN_OF_30,
  palp_red_flags: ["none"],
  palpitations_now: "no",
  palp_pattern: "pounding",
  palp_warning: ["none"],
  heart_history: ["none"],
  palp_triggers: ["none"],
  symptom_duration: "3 days",
};

/** No question of this flow read by a red flag is behind a branch. */
const REACH: Record<string, ScenarioAnswers> = {};

// A resolver of its own: a flow being written by someone else cannot break these tests.
const table = tableFlowTest(SLUG, BASE, REACH);
const { run, s } = table;

const NOW = { palpitations_now: "yes" };

const SCENARIOS: TableScenario[] = [
  s("a brief pounding heartbeat is self care", {}, "SELF_CARE", ["no_warning_sign"]),
  s("skipped beats are self care", { palp_pattern: "skipped_beats" }, "SELF_CARE", ["likely_harmless_trigger"]),
  s("palpitations with coffee are self care", { palp_triggers: ["caffeine_alcohol"] }, "SELF_CARE", ["likely_harmless_trigger"]),
  s("palpitations with stress are self care", { palp_triggers: ["stress_anxiety"], palpitations_now: "yes" }, "SELF_CARE", ["likely_harmless_trigger"]),
  s("fast regular palpitations happening now are urgent", { ...NOW, palp_pattern: "fast_regular_sudden" }, "URGENT", [
    "ongoing_fast_regular",
    "fast_regular_episodes",
  ]),
  s("palpitations during exercise are urgent", { palp_warning: ["during_exercise"] }, "URGENT", ["exertional_palpitations"]),
  s("chest pain during a past episode is urgent", { palp_warning: ["chest_pain_or_breathless_episode"] }, "URGENT", ["chest_pain_or_breathless_episode"]),
  s("irregular palpitations happening now are seen the same day", { ...NOW, palp_pattern: "irregular" }, "SOON", ["ongoing_irregular", "irregular_episodes"]),
  s("dizziness during episodes is seen the same day", { palp_warning: ["dizzy_near_faint"] }, "SOON", ["near_faint_episodes"]),
  s("known heart disease is seen the same day", { heart_history: ["heart_disease"] }, "SOON", ["known_heart_disease"]),
  s("a pacemaker is seen the same day", { heart_history: ["pacemaker_icd"] }, "SOON", ["pacemaker_or_defibrillator"]),
  s("a family history of sudden death is seen the same day", { heart_history: ["family_sudden_death"] }, "SOON", ["family_sudden_death"]),
  s("palpitations after cocaine are seen the same day", { palp_triggers: ["stimulant_drugs"] }, "SOON", ["stimulant_drugs"]),
  s("past irregular episodes are routine", { palp_pattern: "irregular" }, "ROUTINE", ["irregular_episodes"]),
  s("past fast regular episodes are routine", { palp_pattern: "fast_regular_sudden" }, "ROUTINE", ["fast_regular_episodes"]),
  s("thyroid signs are routine", { palp_triggers: ["thyroid_signs"] }, "ROUTINE", ["thyroid_signs"]),
  s("a new medicine is routine", { palp_triggers: ["new_medicine"] }, "ROUTINE", ["new_medicine"]),
  s("palpitations for 9 days are self care", { symptom_duration: "9 days" }, "SELF_CARE", ["no_warning_sign"]),
  s("palpitations for 2 weeks are routine", { symptom_duration: "2 weeks", palp_triggers: ["caffeine_alcohol"] }, "ROUTINE", [
    "lasting_palpitations",
    "likely_harmless_trigger",
  ]),
  s("new palpitations at 64 are self care", { age_years: 64, sex: "male" }, "SELF_CARE", ["no_warning_sign"]),
  s("new palpitations at 65 are routine", { age_years: 65, sex: "male" }, "ROUTINE", ["aged_65_or_over"]),
  s("palpitations in pregnancy are routine", { pregnant: "yes" }, "ROUTINE", ["palpitations_in_pregnancy"]),
];

describe(`${SLUG}: scenarios`, () => {
  table.itRunsScenarios(SCENARIOS);

  it("asks the emergency signs right after the demographic questions", () => {
    expect(run({ ...BASE, sex: "male" }).asked.slice(0, 4)).toEqual(["danger_signs", "age_years", "sex", "palp_red_flags"]);
  });

  it("stops asking once an urgent feature is found", () => {
    expect(run({ ...BASE, ...NOW, palp_pattern: "fast_regular_sudden" }).asked.at(-1)).toBe("palp_pattern");
    expect(run({ ...BASE, palp_warning: ["during_exercise"] }).asked.at(-1)).toBe("palp_warning");
  });

  it("asks about pregnancy only for women aged 12 to 55", () => {
    expect(run({ ...BASE, sex: "male" }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, age_years: 56 }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, age_years: 11 }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, age_years: 12 }).asked).toContain("pregnant");
  });

  it("asks at most 10 questions after the danger screen", () => {
    expect(run(BASE).asked.length - 1).toBeLessThanOrEqual(10);
  });

  table.itSkipsAnsweredQuestions([[WOMAN_OF_30, "palp_red_flags"]]);
});

describeFlowChecks(table, {
  bilingual: {
    ...typedInBothLanguages(
      BASE,
      { age_years: "70", sex: "male", palpitations_now: "oui", palp_pattern: "irregular", palp_warning: "dizzy_near_faint", symptom_duration: "3 semaines" },
      { palpitations_now: "yes", symptom_duration: "3 weeks" },
    ),
    urgency: "SOON",
    rules: ["ongoing_irregular", "near_faint_episodes", "lasting_palpitations", "aged_65_or_over"],
    reasonFr: /fibrillation atriale/i,
    reasonEn: /atrial fibrillation/i,
  },
  demographics: "all",
  vignettes: true,
});
