import { describe, expect, it } from "vitest";
import { type TableScenario, WOMAN_OF_30, typedInBothLanguages } from "./flowTestParts.js";
import { describeFlowChecks, tableFlowTest } from "./tableFlowSuite.js";
import type { ScenarioAnswers } from "../libraryFlows.js";

const SLUG = "eye";

/** Sticky red eye for 2 days: every question has an answer, no rule above self-care fires. */
const BASE: ScenarioAnswers = {
  danger_signs: ["none"],
  age_years: 30,
  eye_emergency: ["none"],
  eye_urgent: ["none"],
  eye_injury: "no",
  contact_lenses: "no",
  eye_symptoms: ["none"],
  symptom_duration: "2 days",
};

/** No question of this flow is behind a branch. */
const REACH: Record<string, ScenarioAnswers> = {};

// A resolver of its own: a flow being written by someone else cannot break these tests.
const table = tableFlowTest(SLUG, BASE, REACH);
const { flow, run, s } = table;

const SCENARIOS: TableScenario[] = [
  s("a red eye with no warning sign is self care", {}, "SELF_CARE", ["no_warning_sign"]),
  s("sticky discharge is self care (likely conjunctivitis)", { eye_symptoms: ["sticky_discharge"] }, "SELF_CARE", ["likely_conjunctivitis"]),
  s("a gritty eye is self care", { eye_symptoms: ["gritty"] }, "SELF_CARE", ["likely_conjunctivitis"]),
  s("itchy watering eyes are self care (likely allergy)", { eye_symptoms: ["itchy"] }, "SELF_CARE", ["likely_allergy"]),
  s("a painless red patch is self care", { eye_symptoms: ["red_patch"] }, "SELF_CARE", ["subconjunctival_haemorrhage"]),
  s("reduced vision is urgent", { eye_urgent: ["reduced_vision"] }, "URGENT", ["reduced_vision"]),
  s("severe eye pain is urgent", { eye_urgent: ["severe_pain"] }, "URGENT", ["severe_pain"]),
  s("light sensitivity is urgent", { eye_urgent: ["light_sensitivity"] }, "URGENT", ["light_sensitivity"]),
  s("haloes with nausea are urgent (acute glaucoma)", { eye_urgent: ["halos_nausea"] }, "URGENT", ["halos_nausea"]),
  s("flashes and a shadow are urgent (retinal detachment)", { eye_urgent: ["flashes_floaters_shadow"] }, "URGENT", ["flashes_floaters_shadow"]),
  s("new double vision is urgent", { eye_urgent: ["double_vision"] }, "URGENT", ["double_vision"]),
  s("a swollen eyelid with fever is urgent", { eye_urgent: ["swollen_eyelid_fever"] }, "URGENT", ["swollen_eyelid_fever"]),
  s("eye shingles is urgent", { eye_urgent: ["shingles_rash", "reduced_vision"] }, "URGENT", ["shingles_rash", "reduced_vision"]),
  s("a painful eye in a contact lens wearer is urgent", { contact_lenses: "yes", eye_symptoms: ["pain"] }, "URGENT", [
    "contact_lens_painful_eye",
    "eye_pain",
    "contact_lens_red_eye",
  ]),
  s("a painful eye is seen the same day", { eye_symptoms: ["pain"] }, "SOON", ["eye_pain"]),
  s("a red eye in a contact lens wearer is seen the same day", { contact_lenses: "yes", eye_symptoms: ["gritty"] }, "SOON", [
    "contact_lens_red_eye",
    "likely_conjunctivitis",
  ]),
  s("something in the eye is seen the same day", { eye_injury: "foreign_body" }, "SOON", ["foreign_body"]),
  s("a blow to the eye is seen the same day", { eye_injury: "blunt_blow" }, "SOON", ["blunt_eye_injury"]),
  s("a scratched eye is seen the same day", { eye_injury: "scratch" }, "SOON", ["eye_scratch"]),
  s("a sticky eye in a baby is seen the same day", { age_years: 0, eye_symptoms: ["sticky_discharge"] }, "SOON", ["baby_red_eye", "likely_conjunctivitis"]),
  s("a sticky eye for 9 days is self care", { eye_symptoms: ["sticky_discharge"], symptom_duration: "9 days" }, "SELF_CARE", ["likely_conjunctivitis"]),
  s("a sticky eye for 2 weeks is routine", { eye_symptoms: ["sticky_discharge"], symptom_duration: "2 weeks" }, "ROUTINE", [
    "lasting_over_10_days",
    "likely_conjunctivitis",
  ]),
];

describe(`${SLUG}: scenarios`, () => {
  table.itRunsScenarios(SCENARIOS);

  it("tells a chemical splash to rinse the eye first", () => {
    const { result } = run({ ...BASE, eye_emergency: ["chemical", "sudden_vision_loss"] });
    expect(result?.outcome).toBe("emergency_chemical");
    const node = flow.nodes.find((n) => n.id === "emergency_chemical");
    if (node?.kind !== "outcome") throw new Error("no chemical outcome");
    expect(node.advice.en).toMatch(/rinse/i);
    expect(node.advice.fr).toMatch(/rincez/i);
  });

  it("stops asking once a sign needing same-day eye care is ticked", () => {
    const { asked } = run({ ...BASE, eye_urgent: ["reduced_vision"] });
    expect(asked).toEqual(["danger_signs", "age_years", "eye_emergency", "eye_urgent"]);
  });

  it("asks about the emergencies first, and never about sex or pregnancy", () => {
    const { asked } = run(BASE);
    expect(asked).toEqual(["danger_signs", "age_years", "eye_emergency", "eye_urgent", "eye_injury", "contact_lenses", "eye_symptoms", "symptom_duration"]);
  });

  table.itSkipsAnsweredQuestions([[WOMAN_OF_30, "eye_emergency"]]);
});

describeFlowChecks(table, {
  bilingual: {
    ...typedInBothLanguages(
      BASE,
      { age_years: "45", contact_lenses: "oui", eye_symptoms: "pain,gritty", symptom_duration: "2 jours" },
      { contact_lenses: "yes", symptom_duration: "2 days" },
    ),
    urgency: "URGENT",
    rules: ["contact_lens_painful_eye"],
    reasonFr: /lentilles/i,
    reasonEn: /contact lens/i,
  },
  // Only the age is asked here: no rule or advice of this flow depends on sex or pregnancy.
  demographics: ["age_years"],
  title: "includes the shared danger signs, global red flags and age question unchanged",
  vignettes: true,
});
