import { describe, expect, it } from "vitest";
import { loadLibraryFlow } from "./flowTestParts.js";
import {
  describeHoldingRedFlags,
  itChecksOutcomeTexts,
  itGivesTheSameResultInBothLanguages,
  itKeepsSharedQuestions,
  itRunsDecisionTable,
  type DecisionRow,
} from "./holdingFlowSuite.js";
import type { ScenarioAnswers } from "../libraryFlows.js";

/**
 * Cough and breathlessness (NICE NG120/NG138/NG191, BTS oxygen and asthma guidance, NHS 111 red
 * flags, MTS "shortness of breath"): every red flag ends the flow at the question that reveals it;
 * the decision table's rules, outcomes and numeric boundaries (SpO2, age, duration).
 */

const SLUG = "breathing-cough";
// This flow hands over to no other: run it on its own so that a colleague's half-written flow cannot break these tests.
const loaded = loadLibraryFlow(SLUG);
const { flow, compiled, run } = loaded;

/** A 30-year-old man with a 5-day cough, no fever, not breathless: the SELF_CARE story. Scenarios change a few answers. */
const base: ScenarioAnswers = {
  danger_signs: ["none"],
  age_years: 30,
  child_age_months: 8,
  sex: "male",
  pregnant: "no",
  severe_signs: ["none"],
  cough_features: ["none"],
  breathless_level: "not_breathless",
  breathless_onset: "gradual",
  blood_in_sputum: "no",
  lung_condition: ["none"],
  asthma_reliever: "helps_normally",
  copd_treatment: "helps_normally",
  chest_pain_breathing: "no",
  clot_risk_factors: ["none"],
  fever: "no",
  breathing_rate: "rate_under_30",
  blood_pressure: "normal",
  faint_on_standing: "no",
  symptom_duration: "5 days",
  immunosuppressed: "no",
  oximeter: "no",
  spo2: 98,
};
const withAnswers = (overrides: ScenarioAnswers): ScenarioAnswers => ({ ...base, ...overrides });

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

const { cases: redFlagCases } = describeHoldingRedFlags(
  {
    slug: SLUG,
    loaded,
    path: redFlagPath,
    durations: ["30 min", "6h", "1 day", "3 days", "5 days", "1 week", "3 weeks", "22 days", "2 months"],
    ownRedFlags: OWN_RED_FLAGS,
    handover: {
      complaintText: "je tousse et j'ai du mal à respirer",
      age: 45,
      mainComplaint: "breathing_cough",
      question: "severe_signs",
      answer: ["stridor"],
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

const copd = { lung_condition: ["copd"] };
const fever = { fever: "yes_under_3_days" };
/** Breaths not counted, no blood pressure monitor, not faint. */
const unmeasured = { breathing_rate: "not_counted", blood_pressure: "not_measured", faint_on_standing: "no" };
const asthma = { lung_condition: ["asthma"] };
const oxygen = (spo2: number) => ({ oximeter: "yes", spo2 });

const SCENARIOS: DecisionRow[] = [
  // SELF_CARE and its limits.
  ["a 5-day cough in a well 30-year-old", "SELF_CARE", {}, ["acute_cough_no_warning_sign"]],
  ["the same with a fever for less than 3 days", "SELF_CARE", { fever: "yes_under_3_days" }, ["acute_cough_no_warning_sign"]],
  ["the same with a fever for 3 days or more", "SOON", { fever: "yes_3_days_or_more" }, ["fever_3_days_or_more"]],
  ["a cough for exactly 3 weeks", "SELF_CARE", { symptom_duration: "3 weeks" }, ["acute_cough_no_warning_sign"]],
  ["a cough for 22 days", "ROUTINE", { symptom_duration: "22 days" }, ["cough_longer_than_3_weeks"]],
  ["a cough for 2 months", "ROUTINE", { symptom_duration: "2 months" }, ["cough_longer_than_3_weeks"]],
  ["a cough at 64", "SELF_CARE", { age_years: 64 }, ["acute_cough_no_warning_sign"]],
  ["a cough at 65", "ROUTINE", { age_years: 65 }, ["age_65_or_over"]],
  ["a cough with a short fever at 65", "SOON", { age_years: 65, fever: "yes_under_3_days" }, ["crb65_1_or_2", "fever_with_risk_factor", "age_65_or_over"]],
  ["a pregnant woman", "ROUTINE", { sex: "female", pregnant: "yes" }, ["pregnancy"]],
  [
    "a woman who may be pregnant, with a short fever",
    "SOON",
    { sex: "female", pregnant: "unsure", fever: "yes_under_3_days" },
    ["fever_with_risk_factor", "pregnancy"],
  ],
  ["weakened immunity", "SOON", { immunosuppressed: "yes" }, ["weakened_immunity"]],
  ["weakened immunity with a short fever", "SOON", { immunosuppressed: "yes", fever: "yes_under_3_days" }, ["fever_with_risk_factor", "weakened_immunity"]],
  ["a baby under one", "SOON", { age_years: 0 }, ["baby_under_1"]],
  ["a child of one", "SELF_CARE", { age_years: 1 }, ["acute_cough_no_warning_sign"]],
  // CRB-65 (NICE CG191, BTS 2009), asked of adults with a fever, or 65 and over with breathlessness or pain on breathing.
  ["a fever at 30 breathing under 30 a minute with a normal pressure: CRB-65 of 0", "SELF_CARE", fever, ["acute_cough_no_warning_sign"]],
  [
    "a fever at 30 with an upper pressure of 90 or below",
    "EMERGENCY",
    { ...fever, blood_pressure: "systolic_90_or_below" },
    ["fever_with_high_risk_sign", "systolic_90_or_below", "crb65_1_or_2"],
  ],
  ["a fever at 30 with a lower pressure of 60 or below", "SOON", { ...fever, blood_pressure: "diastolic_60_or_below" }, ["crb65_1_or_2"]],
  ["a fever at 30, breaths not counted, not breathless, no monitor, not faint", "SELF_CARE", { ...fever, ...unmeasured }, ["acute_cough_no_warning_sign"]],
  ["a fever at 30, no monitor, faint on standing", "SOON", { ...fever, ...unmeasured, faint_on_standing: "yes" }, ["crb65_1_or_2"]],
  ["a fever at 17: no CRB-65", "SELF_CARE", { ...fever, age_years: 17, breathing_rate: "rate_30_or_more" }, ["acute_cough_no_warning_sign"]],
  // The combination the issue names: 65 or over (1 point) with fever for days and breathlessness on exertion, each SOON alone.
  [
    "a fever for days and breathlessness on exertion at 74",
    "URGENT",
    { age_years: 74, fever: "yes_3_days_or_more", breathless_level: "on_exertion" },
    ["pneumonia_signs_with_crb65_1_or_2", "crb65_1_or_2", "breathless_on_exertion", "fever_3_days_or_more", "fever_with_risk_factor", "age_65_or_over"],
  ],
  [
    "the same at 64: CRB-65 of 0",
    "SOON",
    { age_years: 64, fever: "yes_3_days_or_more", breathless_level: "on_exertion" },
    ["breathless_on_exertion", "fever_3_days_or_more"],
  ],
  [
    "a fever with pain on breathing at 30 and a low lower pressure",
    "URGENT",
    { ...fever, chest_pain_breathing: "yes", blood_pressure: "diastolic_60_or_below" },
    ["pneumonia_signs_with_crb65_1_or_2", "crb65_1_or_2", "chest_pain_when_breathing"],
  ],
  // Don't know, answered safely: breathless at rest stands in for the breaths not counted, faint on standing for the pressure not measured.
  [
    "75, breathless at rest, breaths not counted, faint on standing: CRB-65 of 3",
    "EMERGENCY",
    { age_years: 75, fever: "yes_under_3_days", breathless_level: "at_rest_mild", ...unmeasured, faint_on_standing: "yes" },
    ["crb65_3_or_4", "breathless_at_rest", "fever_with_risk_factor", "age_65_or_over"],
  ],
  [
    "65, no fever, breathless on exertion, breathing 30 a minute or more",
    "URGENT",
    { age_years: 65, breathless_level: "on_exertion", breathing_rate: "rate_30_or_more" },
    ["breathing_30_or_more", "crb65_1_or_2", "breathless_on_exertion", "age_65_or_over"],
  ],
  [
    "65, no fever, pain on breathing, upper pressure 90 or below",
    "URGENT",
    { age_years: 65, chest_pain_breathing: "yes", blood_pressure: "systolic_90_or_below" },
    ["systolic_90_or_below", "crb65_1_or_2", "chest_pain_when_breathing", "age_65_or_over"],
  ],
  // Croup (NICE CKS): stridor at rest is a red flag (above); a barking cough otherwise is seen the same day.
  ["a barking cough at 2", "SOON", { age_years: 2, cough_features: ["barking"] }, ["croup_barking_cough"]],
  ["a barking cough at 11", "SOON", { age_years: 11, cough_features: ["barking"] }, ["croup_barking_cough"]],
  ["a barking cough at 30", "SELF_CARE", { cough_features: ["barking"] }, ["acute_cough_no_warning_sign"]],
  // Whooping cough (NICE CKS): under 6 months URGENT, otherwise SOON; apnoea or cyanosis is a red flag (above).
  ["coughing fits with a whoop at 30", "SOON", { cough_features: ["coughing_fits", "whoop"] }, ["possible_whooping_cough"]],
  ["vomiting after coughing at 8", "SOON", { age_years: 8, cough_features: ["vomits_after_coughing"] }, ["possible_whooping_cough"]],
  [
    "coughing fits in a baby of 5 months",
    "URGENT",
    { age_years: 0, child_age_months: 5, cough_features: ["coughing_fits"] },
    ["whooping_cough_infant_under_6_months", "possible_whooping_cough", "baby_under_1"],
  ],
  [
    "coughing fits in a baby of 6 months",
    "SOON",
    { age_years: 0, child_age_months: 6, cough_features: ["coughing_fits"] },
    ["possible_whooping_cough", "baby_under_1"],
  ],
  // Asthma and COPD.
  ["asthma, reliever working as usual", "ROUTINE", asthma, ["chronic_lung_condition"]],
  [
    "asthma, reliever needed more than every 4 hours",
    "URGENT",
    { ...asthma, asthma_reliever: "helps_less" },
    ["asthma_reliever_needed_more_often", "chronic_lung_condition"],
  ],
  ["asthma, reliever not used", "SOON", { ...asthma, asthma_reliever: "not_used" }, ["asthma_reliever_not_used", "chronic_lung_condition"]],
  ["asthma with a short fever", "SOON", { ...asthma, fever: "yes_under_3_days" }, ["fever_with_risk_factor", "chronic_lung_condition"]],
  ["COPD, treatments working as usual", "ROUTINE", copd, ["chronic_lung_condition"]],
  ["COPD, treatments not helping at all", "URGENT", { ...copd, copd_treatment: "no_help" }, ["copd_treatment_not_helping", "chronic_lung_condition"]],
  ["COPD, treatments helping less", "SOON", { ...copd, copd_treatment: "helps_less" }, ["copd_treatment_less_effective", "chronic_lung_condition"]],
  ["COPD, treatments not used", "SOON", { ...copd, copd_treatment: "not_used" }, ["copd_treatment_less_effective", "chronic_lung_condition"]],
  ["another long-term lung condition", "ROUTINE", { lung_condition: ["other_lung"] }, ["chronic_lung_condition"]],
  // Breathlessness, chest pain, blood.
  ["breathless on exertion, came on over days", "SOON", { breathless_level: "on_exertion" }, ["breathless_on_exertion"]],
  [
    "breathless on exertion, came on suddenly",
    "URGENT",
    { breathless_level: "on_exertion", breathless_onset: "sudden" },
    ["sudden_breathlessness", "breathless_on_exertion"],
  ],
  ["breathless at rest but talking normally", "URGENT", { breathless_level: "at_rest_mild" }, ["breathless_at_rest"]],
  [
    "long-standing breathlessness getting worse on exertion",
    "SOON",
    { breathless_level: "on_exertion", breathless_onset: "long_standing" },
    ["breathless_on_exertion"],
  ],
  ["chest pain on breathing, not breathless", "SOON", { chest_pain_breathing: "yes" }, ["chest_pain_when_breathing"]],
  [
    "chest pain on breathing and breathless on exertion",
    "URGENT",
    { chest_pain_breathing: "yes", breathless_level: "on_exertion" },
    ["chest_pain_with_breathlessness", "breathless_on_exertion", "chest_pain_when_breathing"],
  ],
  ["streaks of blood, nothing else", "SOON", { blood_in_sputum: "streaks" }, ["small_amount_of_blood"]],
  [
    "streaks of blood with chest pain on breathing",
    "URGENT",
    { blood_in_sputum: "streaks", chest_pain_breathing: "yes" },
    ["blood_with_breathlessness_or_chest_pain", "chest_pain_when_breathing", "small_amount_of_blood"],
  ],
  [
    "streaks of blood and breathless on exertion",
    "URGENT",
    { blood_in_sputum: "streaks", breathless_level: "on_exertion" },
    ["blood_with_breathlessness_or_chest_pain", "breathless_on_exertion", "small_amount_of_blood"],
  ],
  // Clot risk (NICE NG158): a risk factor with breathlessness or pleuritic pain needs PE ruled out the same hour; a cough alone does not.
  [
    "breathless on exertion after a recent operation",
    "URGENT",
    { breathless_level: "on_exertion", clot_risk_factors: ["recent_surgery"] },
    ["breathless_with_clot_risk", "breathless_on_exertion"],
  ],
  [
    "pain on breathing while on the oestrogen pill",
    "URGENT",
    { chest_pain_breathing: "yes", clot_risk_factors: ["hormones"] },
    ["breathless_with_clot_risk", "chest_pain_when_breathing"],
  ],
  ["a cough without breathlessness after a long journey", "SELF_CARE", { clot_risk_factors: ["immobilised"] }, ["acute_cough_no_warning_sign"]],
  ["a breathless child of 4", "URGENT", { age_years: 4, breathless_level: "on_exertion" }, ["breathless_child_under_5", "breathless_on_exertion"]],
  ["a breathless child of 5", "SOON", { age_years: 5, breathless_level: "on_exertion" }, ["breathless_on_exertion"]],
  // Oxygen saturation without COPD: 92% or less EMERGENCY, 93-94% URGENT, 95% or more nothing.
  ["SpO2 95% without COPD", "SELF_CARE", oxygen(95), ["acute_cough_no_warning_sign"]],
  ["SpO2 94% without COPD", "URGENT", oxygen(94), ["oxygen_93_to_94"]],
  ["SpO2 93% without COPD", "URGENT", oxygen(93), ["oxygen_93_to_94"]],
  ["SpO2 92% without COPD", "EMERGENCY", oxygen(92), ["oxygen_92_or_below"]],
  ["SpO2 88% without COPD", "EMERGENCY", oxygen(88), ["oxygen_92_or_below"]],
  // With COPD, 88-92% may be the usual target range: SOON; 93% and above adds nothing.
  ["SpO2 93% with COPD", "ROUTINE", { ...copd, ...oxygen(93) }, ["chronic_lung_condition"]],
  ["SpO2 92% with COPD", "SOON", { ...copd, ...oxygen(92) }, ["oxygen_88_to_92_with_copd", "chronic_lung_condition"]],
  ["SpO2 88% with COPD", "SOON", { ...copd, ...oxygen(88) }, ["oxygen_88_to_92_with_copd", "chronic_lung_condition"]],
];

describe(`${SLUG}: decision`, () => {
  itRunsDecisionTable({ slug: SLUG, loaded, withAnswers, rows: SCENARIOS, redFlags: { cases: redFlagCases, path: redFlagPath }, everyLevel: true });

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
