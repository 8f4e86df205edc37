import { describe, expect, it } from "vitest";
import { type TableScenario, WOMAN_OF_30, itStartsWithDangerSignsThenDemographics, typedInBothLanguages } from "./flowTestParts.js";
import { describeFlowChecks, tableFlowTest } from "./tableFlowSuite.js";
import type { ScenarioAnswers } from "../libraryFlows.js";

const SLUG = "headache";

/** A patient with a mild, usual headache: every question has an answer, no rule fires. */
const BASE: ScenarioAnswers = {
  ...WOMAN_OF_30,
  pregnancy_weeks: 12,
  recently_gave_birth: "no",
  onset: "gradual",
  neuro_symptoms: ["none"],
  associated_symptoms: ["none"],
  head_injury: "no",
  head_injury_symptoms: ["none"],
  severity: 3,
  worst_ever: "no",
  headache_duration: "5 hours",
  headache_pattern: ["none"],
  arteritis_symptoms: ["none"],
  immune_or_cancer: "no",
  usual_headache: "same_as_usual",
  painkiller_overuse: "no",
};

/** What to change in BASE so that a question is asked at all (questions behind a branch). */
const REACH: Record<string, ScenarioAnswers> = {
  pregnancy_weeks: { pregnant: "yes" },
  head_injury_symptoms: { head_injury: "yes" },
  arteritis_symptoms: { age_years: 60 },
};

// ---------------------------------------------------------------------------------------------
// Generic red-flag cases, generated from the flow data (redFlagSuite.ts, shared by the library tests).
// A resolver of its own: a flow being written by someone else cannot break these tests.
const table = tableFlowTest(SLUG, BASE, REACH);
const { run, s } = table;

// ---------------------------------------------------------------------------------------------

const SCENARIOS: TableScenario[] = [
  s("a mild usual headache is self care", {}, "SELF_CARE", ["no_warning_sign"]),
  s("a usual migraine at 6/10 stays self care", { severity: 6 }, "SELF_CARE", ["no_warning_sign"]),
  s("a usual migraine at 7/10 needs a routine review of treatment", { severity: 7 }, "ROUTINE", ["severe_usual_migraine"]),
  s("a usual attack of 71 hours stays self care", { headache_duration: "71 hours" }, "SELF_CARE", ["no_warning_sign"]),
  s("a usual attack of 72 hours is seen the same day", { headache_duration: "3 days" }, "SOON", ["usual_migraine_over_72_hours"]),
  s("a new headache at 49 is self care", { age_years: 49, usual_headache: "no" }, "SELF_CARE", ["no_warning_sign"]),
  s("a new headache at 50 is seen the same day", { age_years: 50, usual_headache: "no" }, "SOON", ["new_headache_over_50"]),
  s("jaw pain on chewing at 50 is urgent (giant cell arteritis)", { age_years: 50, arteritis_symptoms: ["jaw_pain_chewing"] }, "URGENT", [
    "giant_cell_arteritis_signs",
  ]),
  s(
    "scalp tenderness with a new headache at 70 is urgent",
    { age_years: 70, sex: "male", usual_headache: "no", arteritis_symptoms: ["scalp_tenderness"] },
    "URGENT",
    ["giant_cell_arteritis_signs", "new_headache_over_50"],
  ),
  s(
    "visual disturbance at 19 weeks of pregnancy is routine",
    { pregnant: "yes", pregnancy_weeks: 19, associated_symptoms: ["visual_disturbance"] },
    "ROUTINE",
    ["pregnant_or_possibly_pregnant"],
  ),
  s(
    "visual disturbance at 20 weeks of pregnancy is an emergency (severe pre-eclampsia, NICE NG133)",
    { pregnant: "yes", pregnancy_weeks: 20, associated_symptoms: ["visual_disturbance"] },
    "EMERGENCY",
    ["pre_eclampsia_signs", "headache_in_late_pregnancy", "pregnant_or_possibly_pregnant"],
  ),
  s("a 6/10 headache at 20 weeks is seen the same day", { pregnant: "yes", pregnancy_weeks: 20, severity: 6 }, "SOON", [
    "headache_in_late_pregnancy",
    "pregnant_or_possibly_pregnant",
  ]),
  s(
    "a 7/10 headache at 32 weeks is an emergency (severe pre-eclampsia, NICE NG133)",
    { pregnant: "yes", pregnancy_weeks: 32, severity: 7, usual_headache: "no" },
    "EMERGENCY",
    ["pre_eclampsia_signs", "headache_in_late_pregnancy", "severe_unusual_headache", "pregnant_or_possibly_pregnant"],
  ),
  s("possible pregnancy is routine", { pregnant: "unsure" }, "ROUTINE", ["pregnant_or_possibly_pregnant"]),
  s("a headache after childbirth is seen the same day", { recently_gave_birth: "yes" }, "SOON", ["headache_after_childbirth"]),
  s(
    "visual disturbance after childbirth is an emergency (postpartum pre-eclampsia, NICE NG133)",
    { recently_gave_birth: "yes", associated_symptoms: ["visual_disturbance"] },
    "EMERGENCY",
    ["postpartum_headache_warning_signs", "headache_after_childbirth"],
  ),
  s("worse on waking with vomiting is urgent (raised pressure)", { headache_pattern: ["worse_on_waking"], associated_symptoms: ["vomiting"] }, "URGENT", [
    "raised_intracranial_pressure_signs",
    "worse_lying_down_or_on_waking",
  ]),
  s("worse lying down without vomiting is seen the same day", { headache_pattern: ["worse_lying_down"] }, "SOON", ["worse_lying_down_or_on_waking"]),
  s("a headache brought on by straining is seen the same day", { headache_pattern: ["triggered_by_straining"] }, "SOON", ["triggered_by_straining"]),
  s("the worst headache of one's life is urgent", { worst_ever: "yes" }, "URGENT", ["worst_headache_ever"]),
  s("a stiff neck without fever is urgent", { associated_symptoms: ["stiff_neck"] }, "URGENT", ["stiff_neck"]),
  s("fever with vomiting is urgent", { associated_symptoms: ["fever", "vomiting"] }, "URGENT", ["fever_with_vomiting", "fever"]),
  s("fever with a weak immune system is urgent", { associated_symptoms: ["fever"], immune_or_cancer: "yes" }, "URGENT", [
    "fever_with_weak_immunity",
    "weak_immunity_or_cancer",
    "fever",
  ]),
  s("fever alone is seen the same day", { associated_symptoms: ["fever"] }, "SOON", ["fever"]),
  s("a weak immune system or cancer is seen the same day", { immune_or_cancer: "yes" }, "SOON", ["weak_immunity_or_cancer"]),
  s("a red painful eye with halos is urgent (acute glaucoma)", { associated_symptoms: ["painful_red_eye"] }, "URGENT", ["acute_glaucoma_signs"]),
  s("a headache after a head injury is seen the same day", { head_injury: "yes" }, "SOON", ["after_head_injury"]),
  s("a head injury on blood thinners is urgent", { head_injury: "yes", head_injury_symptoms: ["blood_thinners"] }, "URGENT", [
    "head_injury_on_blood_thinners",
    "after_head_injury",
  ]),
  s("the usual migraine aura stays self care", { associated_symptoms: ["visual_disturbance"] }, "SELF_CARE", ["no_warning_sign"]),
  s("new visual disturbance is seen the same day", { associated_symptoms: ["visual_disturbance"], usual_headache: "no" }, "SOON", ["new_visual_disturbance"]),
  s("a new headache at 6/10 is self care", { usual_headache: "no", severity: 6 }, "SELF_CARE", ["no_warning_sign"]),
  s("a new headache at 7/10 is seen the same day", { usual_headache: "no", severity: 7 }, "SOON", ["severe_unusual_headache"]),
  s("vomiting with a new headache is seen the same day", { usual_headache: "no", associated_symptoms: ["vomiting"] }, "SOON", [
    "vomiting_with_unusual_headache",
  ]),
  s("vomiting with the usual migraine stays self care", { associated_symptoms: ["vomiting"] }, "SELF_CARE", ["no_warning_sign"]),
  s("a headache different from the usual ones is routine", { usual_headache: "different_from_usual" }, "ROUTINE", ["different_from_usual"]),
  s("a new headache of 167 hours is self care", { usual_headache: "no", headache_duration: "167 hours" }, "SELF_CARE", ["no_warning_sign"]),
  s("a new headache of 7 days is routine", { usual_headache: "no", headache_duration: "7 days" }, "ROUTINE", ["persistent_new_headache"]),
  s("painkillers on 10 or more days a month is routine (medication overuse)", { painkiller_overuse: "yes" }, "ROUTINE", ["medication_overuse"]),
  s("a child of 11 is routine", { age_years: 11, sex: "male" }, "ROUTINE", ["child_under_12"]),
  s("a young person of 12 with a mild usual headache is self care", { age_years: 12, sex: "male" }, "SELF_CARE", ["no_warning_sign"]),
  // Cluster headache (NICE CG150): a first bout the same day (oxygen, triptan, imaging to discuss), a known one within days.
  s(
    "new one-sided attacks around the eye with a watery eye are seen the same day (cluster headache)",
    { headache_pattern: ["one_sided_eye_attacks"], usual_headache: "no", severity: 2, headache_duration: "45 min" },
    "SOON",
    ["cluster_headache_first_bout"],
  ),
  s("the usual headache going on for 13 days is seen the same day (attack over 72 hours)", { headache_duration: "13 days" }, "SOON", [
    "usual_migraine_over_72_hours",
  ]),
  s("the usual headache almost every day for 3 months is routine (chronic daily headache)", { headache_duration: "3 months" }, "ROUTINE", [
    "persistent_usual_headache",
  ]),
  s(
    "the usual cluster attacks are routine",
    { headache_pattern: ["one_sided_eye_attacks"], usual_headache: "same_as_usual", severity: 2, headache_duration: "45 min" },
    "ROUTINE",
    ["cluster_headache_known_bout"],
  ),
];

describe(`${SLUG}: scenarios`, () => {
  table.itRunsScenarios(SCENARIOS);

  it("asks about pregnancy only for women aged 12 to 55", () => {
    table.expectPregnancyAskedFrom12To55();
    expect(run({ ...BASE, pregnant: "yes" }).asked).toContain("pregnancy_weeks");
    expect(run({ ...BASE, pregnant: "yes" }).asked).not.toContain("recently_gave_birth");
  });

  it("asks about jaw pain and scalp tenderness only from age 50", () => {
    expect(run({ ...BASE, age_years: 49 }).asked).not.toContain("arteritis_symptoms");
    expect(run({ ...BASE, age_years: 50 }).asked).toContain("arteritis_symptoms");
  });

  itStartsWithDangerSignsThenDemographics(run, BASE);

  table.itSkipsAnsweredQuestions([
    [WOMAN_OF_30, "recently_gave_birth"],
    [{ ...WOMAN_OF_30, sex: "male" }, "onset"],
  ]);
});

describeFlowChecks(table, {
  bilingual: {
    ...typedInBothLanguages(
      BASE,
      {
        age_years: "62",
        sex: "female",
        worst_ever: "non",
        head_injury: "non",
        recently_gave_birth: "non",
        immune_or_cancer: "non",
        painkiller_overuse: "oui",
        associated_symptoms: "fever,vomiting",
        headache_duration: "2 jours",
        usual_headache: "no",
      },
      { worst_ever: "no", head_injury: "no", recently_gave_birth: "no", immune_or_cancer: "no", painkiller_overuse: "yes", headache_duration: "2 days" },
    ),
    urgency: "URGENT",
    rules: ["fever_with_vomiting", "new_headache_over_50", "medication_overuse"],
    reasonFr: /fièvre/i,
    reasonEn: /fever/i,
  },
  demographics: "all",
  vignettes: false,
});
