import { describe, expect, it } from "vitest";
import { type TableScenario, WOMAN_OF_30, typedInBothLanguages } from "./flowTestParts.js";
import { describeFlowChecks, tableFlowTest } from "./tableFlowSuite.js";
import type { ScenarioAnswers } from "../libraryFlows.js";

const SLUG = "pregnancy";

/** 30 weeks pregnant, nothing wrong: every question has an answer, no rule fires. */
const BASE: ScenarioAnswers = {
  ...WOMAN_OF_30,
  pregnant: "yes",
  pregnancy_weeks: 30,
  recently_gave_birth: "no",
  missed_period: "no",
  pregnancy_emergency: ["none"],
  pre_eclampsia_signs: ["none"],
  fetal_movements: "usual",
  pregnancy_symptoms: ["none"],
  postpartum_emergency: ["none"],
  postpartum_symptoms: ["none"],
};

/** What to change in BASE so that a question is asked at all (questions behind a branch). */
const AFTER_BIRTH = { pregnant: "no", recently_gave_birth: "yes" };
const REACH: Record<string, ScenarioAnswers> = {
  recently_gave_birth: { pregnant: "no" },
  missed_period: { pregnant: "no" },
  postpartum_emergency: AFTER_BIRTH,
  postpartum_symptoms: AFTER_BIRTH,
};

// A resolver of its own: a flow being written by someone else cannot break these tests.
const table = tableFlowTest(SLUG, BASE, REACH);
const { flow, run, s } = table;

const SYMPTOMS = (...values: string[]) => ({ pregnancy_symptoms: values });
const PP = (...values: string[]) => ({ ...AFTER_BIRTH, postpartum_symptoms: values });

const SCENARIOS: TableScenario[] = [
  s("a pregnancy with no warning sign is routine", {}, "ROUTINE", ["no_warning_sign"]),
  s("manageable nausea is self care", SYMPTOMS("nausea_manageable"), "SELF_CARE", ["common_pregnancy_symptoms"]),
  s("heartburn or backache is self care", SYMPTOMS("common_discomfort"), "SELF_CARE", ["common_pregnancy_symptoms"]),
  s("swelling that came on quickly at 30 weeks is urgent", { pre_eclampsia_signs: ["sudden_swelling"] }, "URGENT", ["sudden_swelling"]),
  s("reduced movements at 30 weeks are urgent", { fetal_movements: "reduced_or_stopped" }, "URGENT", ["reduced_fetal_movements"]),
  s("no movement ever felt at 24 weeks is seen the same day", { pregnancy_weeks: 24, fetal_movements: "never_felt" }, "SOON", ["no_movements_by_24_weeks"]),
  s("pain and bleeding at 8 weeks are urgent (ectopic)", { pregnancy_weeks: 8, ...SYMPTOMS("abdominal_pain", "vaginal_bleeding") }, "URGENT", [
    "early_pain_and_bleeding",
    "early_pain",
    "early_bleeding_from_6_weeks",
  ]),
  s("pain at 8 weeks is seen the same day", { pregnancy_weeks: 8, ...SYMPTOMS("abdominal_pain") }, "SOON", ["early_pain"]),
  s("bleeding without pain at 8 weeks is seen the same day", { pregnancy_weeks: 8, ...SYMPTOMS("vaginal_bleeding") }, "SOON", ["early_bleeding_from_6_weeks"]),
  s("bleeding without pain at 5 weeks is routine (NG126 expectant management)", { pregnancy_weeks: 5, ...SYMPTOMS("vaginal_bleeding") }, "ROUTINE", [
    "early_bleeding_under_6_weeks",
  ]),
  s("bleeding when unsure of pregnancy is seen the same day", { pregnant: "unsure", ...SYMPTOMS("vaginal_bleeding") }, "SOON", ["early_bleeding_from_6_weeks"]),
  s("pain and bleeding when unsure of pregnancy are urgent", { pregnant: "unsure", ...SYMPTOMS("abdominal_pain", "vaginal_bleeding") }, "URGENT", [
    "early_pain_and_bleeding",
    "early_pain",
    "early_bleeding_from_6_weeks",
  ]),
  s("bleeding at 16 weeks is urgent", { pregnancy_weeks: 16, ...SYMPTOMS("vaginal_bleeding") }, "URGENT", ["later_bleeding"]),
  s("belly pain at 16 weeks is seen the same day", { pregnancy_weeks: 16, ...SYMPTOMS("abdominal_pain") }, "SOON", ["later_abdominal_pain"]),
  s("waters breaking at 34 weeks is urgent", { pregnancy_weeks: 34, ...SYMPTOMS("waters_leaking") }, "URGENT", ["waters_leaking"]),
  s("regular contractions are urgent", SYMPTOMS("regular_contractions", "abdominal_pain"), "URGENT", ["regular_contractions", "later_abdominal_pain"]),
  s("a mild headache at 30 weeks is seen the same day", SYMPTOMS("headache"), "SOON", ["headache_in_pregnancy"]),
  s("severe itching is seen the same day", SYMPTOMS("itching"), "SOON", ["itching_in_pregnancy"]),
  s("fever in pregnancy is seen the same day", SYMPTOMS("fever"), "SOON", ["fever_in_pregnancy"]),
  s("vomiting without keeping fluids at 9 weeks is seen the same day", { pregnancy_weeks: 9, ...SYMPTOMS("cannot_keep_fluids") }, "SOON", [
    "cannot_keep_fluids",
  ]),
  s("burning urine in pregnancy is seen the same day", SYMPTOMS("burning_urine"), "SOON", ["urine_infection_in_pregnancy"]),
  s("after birth with no warning sign is routine", AFTER_BIRTH, "ROUTINE", ["no_warning_sign"]),
  // Not pregnant as far as she knows, but her period is late (NICE NG126): treated as an early pregnancy of unknown stage.
  s(
    "a late period with belly pain and bleeding is urgent (ectopic)",
    { pregnant: "no", missed_period: "yes", ...SYMPTOMS("abdominal_pain", "vaginal_bleeding") },
    "URGENT",
    ["early_pain_and_bleeding", "early_pain", "early_bleeding_from_6_weeks"],
  ),
  s("a late period with belly pain is seen the same day", { pregnant: "no", missed_period: "yes", ...SYMPTOMS("abdominal_pain") }, "SOON", ["early_pain"]),
  s("a late period with nothing else is routine", { pregnant: "no", missed_period: "yes" }, "ROUTINE", ["no_warning_sign"]),
  s("an improving recovery after birth is self care", PP("perineal_soreness"), "SELF_CARE", ["normal_recovery"]),
  s("fever after birth is seen the same day", PP("fever"), "SOON", ["postpartum_fever"]),
  s("fever with smelly discharge after birth is urgent", PP("fever", "smelly_discharge"), "URGENT", [
    "postpartum_sepsis_signs",
    "postpartum_fever",
    "postpartum_warning_sign",
  ]),
  s("a painful calf after birth is urgent", PP("calf_pain_swelling"), "URGENT", ["postpartum_calf_pain"]),
  s("thoughts of harm after birth are urgent", PP("self_harm_thoughts"), "URGENT", ["postpartum_self_harm_thoughts"]),
  s("a red painful breast is seen the same day", PP("breast_red_painful"), "SOON", ["postpartum_warning_sign"]),
  s("lasting low mood after birth is routine", PP("low_mood"), "ROUTINE", ["postpartum_low_mood"]),
];

describe(`${SLUG}: scenarios`, () => {
  // Reached by a branch, not by the decision: neither pregnant nor within 6 weeks of a birth.
  table.itRunsScenarios(SCENARIOS, [{ ...BASE, pregnant: "no", recently_gave_birth: "no" }]);

  it("tells someone neither pregnant nor recently delivered to start a triage for the symptom", () => {
    const { result, asked } = run({ ...BASE, pregnant: "no", recently_gave_birth: "no" });
    expect(asked).toEqual(["danger_signs", "age_years", "sex", "pregnant", "recently_gave_birth", "missed_period"]);
    expect(result?.outcome).toBe("not_pregnancy_related");
    expect(result?.urgency).toBe("ROUTINE");
    const node = flow.nodes.find((n) => n.id === "not_pregnancy_related");
    if (node?.kind !== "outcome") throw new Error("no outcome");
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
  bilingual: {
    ...typedInBothLanguages(
      BASE,
      { age_years: "29", pregnant: "no", recently_gave_birth: "oui", postpartum_symptoms: "fever,lower_abdominal_pain" },
      { recently_gave_birth: "yes" },
    ),
    urgency: "URGENT",
    rules: ["postpartum_sepsis_signs"],
    reasonFr: /fièvre/i,
    reasonEn: /fever/i,
  },
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
