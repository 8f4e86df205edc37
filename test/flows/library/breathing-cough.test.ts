import { describe, expect, it } from "vitest";
import { itChecksOutcomeTexts, itGivesTheSameResultInBothLanguages, itKeepsSharedQuestions, holdingFlowTest } from "./holdingFlowSuite.js";
import type { ScenarioAnswers } from "../libraryFlows.js";

/**
 * Cough and breathlessness (NICE NG120/NG138/NG191, BTS oxygen and asthma guidance, NHS 111 red
 * flags, MTS "shortness of breath"): every red flag ends the flow at the question that reveals it;
 * the decision table's rules, outcomes and numeric boundaries (SpO2, age, duration).
 */

const SLUG = "breathing-cough";
// This flow hands over to no other: run it on its own so that a colleague's half-written flow cannot break these tests.
const holding = holdingFlowTest(SLUG);
const { flow, compiled, run, base, withAnswers } = holding;

// ---------------------------------------------------------------------------------------------
// Red flags: one case per (red flag, question it reads, answer that makes it hold), generated from
// the flow data by trying every answer the question accepts.

/** Reaches every question a red flag reads: a woman of 30 (pregnancy asked), breathless, asthma and COPD, with an oximeter. */
const redFlagPath: ScenarioAnswers = withAnswers({
  sex: "female",
  breathless_level: "on_exertion",
  lung_condition: ["asthma", "copd"],
  oximeter: "yes",
});

/** The flow's own red flags, written out by hand: what each one means, where it is asked. */
const OWN_RED_FLAGS: Record<string, [question: string, answer: unknown]> = {
  rf_cannot_speak_sentences: ["severe_signs", ["cannot_speak_sentences"]],
  rf_blue_grey_lips: ["severe_signs", ["blue_grey_lips"]],
  rf_stridor: ["severe_signs", ["stridor"]],
  rf_sudden_choking: ["severe_signs", ["choking"]],
  rf_severe_breathlessness_at_rest: ["breathless_level", "at_rest_severe"],
  rf_coughing_up_a_lot_of_blood: ["blood_in_sputum", "a_lot"],
  rf_asthma_attack_reliever_not_helping: ["asthma_reliever", "no_help"],
  rf_oxygen_below_88: ["spo2", "87"],
  rf_swollen_leg: ["clot_risk_factors", ["leg_swelling"]],
  rf_cough_stops_breathing_or_blue: ["cough_features", ["coughing_fits", "stops_breathing_or_blue"]],
};

const { cases: redFlagCases } = holding.describeRedFlags(
  {
    path: redFlagPath,
    durations: ["30 min", "6h", "1 day", "3 days", "5 days", "1 week", "3 weeks", "22 days", "2 months"],
    ownRedFlags: OWN_RED_FLAGS,
    handover: {
      complaintText: "je tousse et j'ai du mal à respirer",
      age: 45,
      mainComplaint: "breathing_cough",
      redFlag: "rf_stridor",
    },
  },
  () => {
    it("does not end at a red flag on an oxygen level of 88%, but still sends a patient without COPD to EMERGENCY by rule", () => {
      const result = run({ ...base, oximeter: "yes", spo2: 88 });
      expect(result.result?.redFlag).toBeUndefined();
      expect(result.result?.urgency).toBe("EMERGENCY");
      expect(result.result?.reasons.map((r) => r.rule)).toEqual(["oxygen_92_or_below"]);
    });

    itKeepsSharedQuestions(compiled, flow, { emergencies: ["emergency", "emergency_mental_health"] });
  },
);

// ---------------------------------------------------------------------------------------------
// Decision table: outcomes, rules and boundaries.

const fever = { fever: "yes_under_3_days" };
/** Breaths not counted, no blood pressure monitor, not faint. */
const unmeasured = { breathing_rate: "not_counted", blood_pressure: "not_measured", faint_on_standing: "no" };
const oxygen = (spo2: number) => ({ oximeter: "yes", spo2 });

describe(`${SLUG}: decision`, () => {
  holding.itRunsDecisionTable({ redFlags: { cases: redFlagCases, path: redFlagPath }, everyLevel: true });

  it("asks about the onset of breathlessness only when breathless, and about pregnancy only for a woman aged 12 to 55", () => {
    expect(run(withAnswers({})).asked).not.toContain("breathless_onset");
    expect(run(withAnswers({ breathless_level: "on_exertion" })).asked).toContain("breathless_onset");
    expect(run(withAnswers({ sex: "female", age_years: 30 })).asked).toContain("pregnant");
    expect(run(withAnswers({ sex: "female", age_years: 56 })).asked).not.toContain("pregnant");
    expect(run(withAnswers({ sex: "female", age_years: 11 })).asked).not.toContain("pregnant");
  });

  it("asks CRB-65's questions of an adult with a fever, or of someone 65 or over who is breathless or has pain on breathing, and the faint question only without a monitor", () => {
    const crb = ["breathing_rate", "blood_pressure", "faint_on_standing"];
    expect(run(withAnswers({})).asked.filter((id) => crb.includes(id))).toEqual([]);
    expect(run(withAnswers({ age_years: 70 })).asked.filter((id) => crb.includes(id))).toEqual([]);
    expect(run(withAnswers({ age_years: 17, ...fever })).asked.filter((id) => crb.includes(id))).toEqual([]);
    expect(run(withAnswers({ age_years: 18, ...fever })).asked.filter((id) => crb.includes(id))).toEqual(["breathing_rate", "blood_pressure"]);
    expect(run(withAnswers({ ...fever, ...unmeasured })).asked.filter((id) => crb.includes(id))).toEqual(crb);
    expect(run(withAnswers({ age_years: 65, chest_pain_breathing: "yes" })).asked).toContain("breathing_rate");
    expect(run(withAnswers({ age_years: 64, chest_pain_breathing: "yes" })).asked).not.toContain("breathing_rate");
  });

  it("asks a baby's age in months only when the age in years is 0", () => {
    expect(run(withAnswers({})).asked).not.toContain("child_age_months");
    expect(run(withAnswers({ age_years: 0 })).asked).toContain("child_age_months");
  });

  it("ends a fever with breathing at 30 a minute or more at EMERGENCY (NICE NG51), whatever the blood pressure", () => {
    // Once the level is certain the runtime may skip the pressure question, so CRB-65's own rule is not pinned here.
    const result = run(withAnswers({ ...fever, breathing_rate: "rate_30_or_more" }));
    expect(result.result?.redFlag).toBeUndefined();
    expect(result.result).toMatchObject({ urgency: "EMERGENCY", routing: "emergency_services" });
    expect(result.result!.reasons.map((r) => r.rule)).toEqual(expect.arrayContaining(["fever_with_high_risk_sign", "breathing_30_or_more"]));
  });

  it("shows the clinician which CRB-65 items scored", () => {
    const result = run(withAnswers({ age_years: 74, fever: "yes_3_days_or_more", breathless_level: "on_exertion", ...unmeasured, faint_on_standing: "yes" }));
    const score = result.result!.reasons.find((r) => r.rule === "pneumonia_signs_with_crb65_1_or_2")!.answers.find((a) => a.id === "crb65")!;
    expect(score.value).toBe(2);
    expect(score.display.en).toBe(
      "2: Low blood pressure: upper under 90 or lower 60 or below (or, when not measured, feeling faint on standing); Aged 65 or over",
    );
    expect(score.display.fr).toBe("2 : Tension basse : haute sous 90 ou basse à 60 ou moins (ou, sans mesure, malaise en se levant) ; 65 ans ou plus");
  });

  it("asks about the reliever only with asthma, about COPD treatment only with COPD, and the SpO2 only with an oximeter", () => {
    const none = run(withAnswers({})).asked;
    expect(none).not.toContain("asthma_reliever");
    expect(none).not.toContain("copd_treatment");
    expect(none).not.toContain("spo2");
    const both = run(withAnswers({ lung_condition: ["asthma", "copd"], ...oxygen(97) })).asked;
    expect(both).toEqual(expect.arrayContaining(["asthma_reliever", "copd_treatment", "spo2"]));
    expect(both.at(-1)).toBe("spo2");
  });
});

// ---------------------------------------------------------------------------------------------
// Both locales, and the outcome texts.

describe(`${SLUG}: languages and outcome texts`, () => {
  const story = (locale: "fr" | "en"): ScenarioAnswers => {
    const yes = locale === "fr" ? "oui" : "yes";
    const no = locale === "fr" ? "non" : "no";
    return withAnswers({
      age_years: "58",
      sex: "female",
      breathless_level: "on_exertion",
      breathless_onset: "gradual",
      lung_condition: ["asthma"],
      asthma_reliever: "helps_less",
      chest_pain_breathing: no,
      fever: "yes_under_3_days",
      symptom_duration: locale === "fr" ? "4 jours" : "4 days",
      immunosuppressed: no,
      oximeter: yes,
      spo2: "94",
    });
  };

  itGivesTheSameResultInBothLanguages({
    run,
    story,
    urgency: "URGENT",
    rules: ["oxygen_93_to_94", "asthma_reliever_needed_more_often", "breathless_on_exertion", "fever_with_risk_factor", "chronic_lung_condition"],
    reasonFr: "Taux d'oxygène de 93 ou 94 % : un peu bas, à évaluer rapidement",
    reasonEn: "Oxygen level of 93 or 94%: slightly low, needs a prompt assessment",
  });

  itChecksOutcomeTexts(flow);

  it("cites its sources and awaits clinical review", () => {
    expect(flow.sources.length).toBeGreaterThan(5);
    expect(flow.sources.map((s) => s.title).join(" ")).toMatch(/NG120/);
    expect(flow.review.status).toBe("needs-clinical-review");
    expect(flow.locales).toEqual(["fr", "en"]);
  });
});
