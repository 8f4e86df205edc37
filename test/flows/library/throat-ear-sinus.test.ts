import { describe, expect, it } from "vitest";
import { describeComplaintFlow, scenario as s, type FlowScenario } from "./complaintFlowSuite.js";
import type { ScenarioAnswers } from "../libraryFlows.js";

/** An adult with a mild sore throat and a cold: every question has an answer, no rule fires (FeverPAIN 1). */
const BASE: ScenarioAnswers = {
  danger_signs: ["none"],
  age_years: 30,
  child_age_months: 6,
  ent_site: "throat",
  ent_red_flags: ["none"],
  ent_complications: ["none"],
  overall_state: "managing",
  infection_risk: ["none"],
  fever: "no",
  throat_signs: ["none"],
  cough_or_cold: "yes",
  ear_signs: ["none"],
  sinus_signs: ["none"],
  symptom_duration: "2 days",
};

const ear = (change: ScenarioAnswers) => ({ ent_site: "ear", ...change });
const sinus = (change: ScenarioAnswers) => ({ ent_site: "sinus_nose", ...change });

const SCENARIOS: FlowScenario[] = [
  s("a mild sore throat with a cold is self care", {}, "SELF_CARE", ["no_warning_sign"]),
  s("FeverPAIN 3 (fever, pus, seen early, with a cough) stays self care", { fever: "yes", throat_signs: ["pus_on_tonsils"] }, "SELF_CARE", ["no_warning_sign"]),
  s("FeverPAIN 4 is seen the same day", { fever: "yes", throat_signs: ["pus_on_tonsils", "swollen_tonsils"] }, "SOON", ["feverpain_4_or_more"]),
  s("FeverPAIN 5 is seen the same day", { fever: "yes", throat_signs: ["pus_on_tonsils", "swollen_tonsils"], cough_or_cold: "no" }, "SOON", [
    "feverpain_4_or_more",
  ]),
  s(
    "3 days still counts as seen early for FeverPAIN",
    { fever: "yes", throat_signs: ["pus_on_tonsils", "swollen_tonsils"], symptom_duration: "3 days" },
    "SOON",
    ["feverpain_4_or_more"],
  ),
  s(
    "4 days no longer counts as seen early (FeverPAIN 3)",
    { fever: "yes", throat_signs: ["pus_on_tonsils", "swollen_tonsils"], symptom_duration: "4 days" },
    "SELF_CARE",
    ["no_warning_sign"],
  ),
  s("a sore throat of 6 days is self care", { symptom_duration: "6 days" }, "SELF_CARE", ["no_warning_sign"]),
  s("a sore throat of a week is routine", { symptom_duration: "1 week" }, "ROUTINE", ["sore_throat_over_1_week"]),
  s("one-sided pain with trismus is urgent (quinsy)", { ent_complications: ["quinsy_signs"] }, "URGENT", ["quinsy_signs"]),
  s("a growing neck swelling is urgent", { ent_complications: ["neck_swelling"] }, "URGENT", ["neck_swelling"]),
  s("swelling behind the ear is urgent (mastoiditis)", ear({ ent_complications: ["mastoid_swelling"] }), "URGENT", ["mastoiditis_signs"]),
  s("swollen eyelids with sinusitis are urgent", sinus({ ent_complications: ["eyelid_swelling"] }), "URGENT", ["periorbital_swelling"]),
  s("a facial palsy with earache is urgent", ear({ ent_complications: ["facial_weakness"] }), "URGENT", ["facial_weakness_with_ear_problem"]),
  s("being unable to drink is urgent", { ent_complications: ["cannot_drink", "quinsy_signs"] }, "URGENT", ["cannot_drink", "quinsy_signs"]),
  s("feeling very unwell is urgent", { overall_state: "very_unwell" }, "URGENT", ["very_unwell"]),
  s("a sore throat after chemotherapy is urgent", { infection_risk: ["chemo_6_weeks"] }, "URGENT", ["neutropenia_risk"]),
  s("a sore throat on carbimazole or clozapine is urgent", { infection_risk: ["neutropenia_drug"] }, "URGENT", ["neutropenia_risk"]),
  s("a weakened immune system is seen the same day", { infection_risk: ["weakened_immunity"] }, "SOON", ["weakened_immunity"]),
  s("a baby of 2 months with fever is urgent", { age_years: 0, child_age_months: 2, fever: "yes" }, "URGENT", [
    "young_infant_with_fever",
    "child_under_5_with_fever",
    "baby_under_one",
  ]),
  s("a baby of 3 months with fever is seen the same day", { age_years: 0, child_age_months: 3, fever: "yes" }, "SOON", [
    "child_under_5_with_fever",
    "baby_under_one",
  ]),
  s("a baby of 6 months without fever is seen the same day", { age_years: 0 }, "SOON", ["baby_under_one"]),
  s("a child of 4 with fever is seen the same day", { age_years: 4, fever: "yes" }, "SOON", ["child_under_5_with_fever"]),
  s("a child of 5 with fever and a cold is self care", { age_years: 5, fever: "yes" }, "SELF_CARE", ["no_warning_sign"]),
  s("an earache of 3 days is self care", ear({ symptom_duration: "3 days" }), "SELF_CARE", ["no_warning_sign"]),
  s("an earache of 4 days is routine", ear({ symptom_duration: "4 days" }), "ROUTINE", ["earache_over_3_days"]),
  s("a discharging ear is seen the same day", ear({ ear_signs: ["ear_discharge"] }), "SOON", ["ear_discharge"]),
  s("both ears at age 1 are seen the same day", ear({ age_years: 1, ear_signs: ["both_ears"] }), "SOON", ["both_ears_under_2"]),
  s("both ears at age 2 are self care", ear({ age_years: 2, ear_signs: ["both_ears"] }), "SELF_CARE", ["no_warning_sign"]),
  s("sudden hearing loss in one ear is seen the same day", ear({ ear_signs: ["sudden_hearing_loss"] }), "SOON", ["sudden_hearing_loss"]),
  s("sinus symptoms of 9 days are self care", sinus({ symptom_duration: "9 days" }), "SELF_CARE", ["no_warning_sign"]),
  s("sinus symptoms of 10 days are routine", sinus({ symptom_duration: "10 days" }), "ROUTINE", ["sinus_symptoms_10_days"]),
  s("sinusitis worse again after improving is routine", sinus({ sinus_signs: ["worse_again"] }), "ROUTINE", ["sinusitis_worse_again"]),
  s("severe one-sided face pain with fever is routine", sinus({ sinus_signs: ["severe_face_pain"], fever: "yes" }), "ROUTINE", [
    "severe_sinus_pain_with_fever",
  ]),
  s("severe one-sided face pain without fever is self care", sinus({ sinus_signs: ["severe_face_pain"] }), "SELF_CARE", ["no_warning_sign"]),
  s("a swollen forehead with sinusitis is urgent", sinus({ sinus_signs: ["forehead_swelling"] }), "URGENT", ["forehead_swelling"]),
];

const { run } = describeComplaintFlow({
  slug: "throat-ear-sinus",
  base: BASE,
  reach: { child_age_months: { age_years: 0 }, ear_signs: { ent_site: "ear" }, sinus_signs: { ent_site: "sinus_nose" } },
  scenarios: SCENARIOS,
  bilingual: {
    fr: { ...BASE, danger_signs: "none", age_years: "3", ent_site: "ear", fever: "oui", ear_signs: "ear_discharge", symptom_duration: "5 jours" },
    en: { ...BASE, danger_signs: "none", age_years: "3", ent_site: "ear", fever: "yes", ear_signs: "ear_discharge", symptom_duration: "5 days" },
    urgency: "SOON",
    rules: ["child_under_5_with_fever", "ear_discharge", "earache_over_3_days"],
    reasonFr: /oreille/,
    reasonEn: /ear/,
  },
});

describe("throat-ear-sinus: questions asked", () => {
  it("asks the throat, ear and sinus questions only for their site", () => {
    const asked = (site: string) => run({ ...BASE, ent_site: site }).asked;
    expect(asked("throat")).toEqual(expect.arrayContaining(["throat_signs", "cough_or_cold"]));
    expect(asked("throat")).not.toContain("ear_signs");
    expect(asked("ear")).toContain("ear_signs");
    expect(asked("ear")).not.toContain("throat_signs");
    expect(asked("sinus_nose")).toContain("sinus_signs");
    expect(asked("sinus_nose")).not.toContain("cough_or_cold");
  });

  it("asks every emergency sign before anything else about the complaint", () => {
    expect(run(BASE).asked.slice(0, 4)).toEqual(["danger_signs", "age_years", "ent_site", "ent_red_flags"]);
  });

  it("stops asking once an urgent complication or feeling very unwell makes the outcome certain", () => {
    expect(run({ ...BASE, ent_complications: ["quinsy_signs"] }).asked.at(-1)).toBe("ent_complications");
    expect(run({ ...BASE, overall_state: "very_unwell" }).asked.at(-1)).toBe("overall_state");
  });

  it("asks the FeverPAIN questions only from age 3", () => {
    expect(run({ ...BASE, age_years: 2 }).asked).not.toContain("throat_signs");
    expect(run({ ...BASE, age_years: 3 }).asked).toContain("throat_signs");
  });

  it("asks a baby's age in months only under one, and never sex or pregnancy", () => {
    expect(run(BASE).asked).not.toContain("child_age_months");
    expect(run({ ...BASE, age_years: 0 }).asked).toContain("child_age_months");
    expect(run(BASE).asked).not.toContain("sex");
    expect(run(BASE).asked).not.toContain("pregnant");
  });

  it("keeps a path within 10 questions after the danger screen", () => {
    for (const sc of SCENARIOS) expect(run({ ...BASE, ...sc.change }).asked.length - 1, sc.name).toBeLessThanOrEqual(10);
  });
});
