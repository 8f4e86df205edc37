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
 * Fever from age 12 (NICE NG51 sepsis, NICE CG151 neutropenic sepsis, NHS 111 fever pathway,
 * malaria after travel): every red flag ends the flow at the question that reveals it; the
 * decision table's rules, outcomes and temperature/duration/age boundaries; children under 12 are
 * handed over to fever-child.
 */

const SLUG = "fever-adult";
// Only this flow and the one it hands over to: a colleague's half-written flow cannot break these tests.
const loaded = loadLibraryFlow(SLUG, ["fever-child"]);
const { flow, compiled, run, outcome } = loaded;

/**
 * A 30-year-old man with 38.5 °C for 2 days, a sore throat, managing, drinking, no risk factor:
 * the SELF_CARE story. Scenarios change a few answers.
 */
const base: ScenarioAnswers = {
  danger_signs: ["none"],
  age_years: 30,
  sex: "male",
  pregnant: "no",
  sepsis_signs: ["none"],
  localising_symptoms: ["sore_throat"],
  overall_state: "managing",
  temperature_measured: "yes",
  temperature: "38.5",
  fever_duration: "2 days",
  vital_devices: ["none"],
  spo2: 98,
  pulse: 80,
  systolic_bp: 125,
  faint_signs: "no",
  rigors: "no",
  immune_risk: ["none"],
  travel_malaria: "no",
  able_to_drink: "yes",
};
const withAnswers = (overrides: ScenarioAnswers): ScenarioAnswers => ({ ...base, ...overrides });

// ---------------------------------------------------------------------------------------------
// Red flags: one case per (red flag, question it reads, answer that makes it hold), generated from
// the flow data by trying every answer the question accepts.

/** Reaches every question a red flag reads (a woman of 30, so pregnancy is asked on the way; an oximeter and a blood pressure monitor). */
const redFlagPath: ScenarioAnswers = withAnswers({ sex: "female", vital_devices: ["oximeter", "bp_monitor"] });

/** The flow's own red flags (NG51 high-risk criteria a patient can report, meningitis), written out by hand. */
const OWN_RED_FLAGS: Record<string, [question: string, answer: unknown]> = {
  rf_very_fast_breathing: ["sepsis_signs", ["fast_breathing"]],
  rf_mottled_or_blue_skin: ["sepsis_signs", ["mottled_blue_skin"]],
  rf_non_blanching_rash: ["sepsis_signs", ["non_blanching_rash"]],
  rf_new_confusion: ["sepsis_signs", ["new_confusion"]],
  rf_no_urine_18_hours: ["sepsis_signs", ["no_urine_18_hours"]],
  rf_headache_stiff_neck: ["localising_symptoms", ["headache_stiff_neck", "cough"]],
  rf_oxygen_92_or_below: ["spo2", 92],
  rf_pulse_over_130: ["pulse", 131],
  rf_systolic_90_or_below: ["systolic_bp", 90],
};

const { cases: redFlagCases } = describeHoldingRedFlags(
  {
    slug: SLUG,
    loaded,
    path: redFlagPath,
    durations: ["30 min", "6h", "1 day", "3 days", "4 days", "5 days", "1 week", "3 weeks", "2 months"],
    ownRedFlags: OWN_RED_FLAGS,
    handover: {
      complaintText: "j'ai de la fièvre",
      age: 40,
      mainComplaint: "fever_adult",
      question: "sepsis_signs",
      answer: ["new_confusion"],
      redFlag: "rf_new_confusion",
    },
  },
  () => {
    itKeepsSharedQuestions(compiled, flow, { emergencies: ["emergency", "emergency_mental_health", "emergency_cancer_treatment"] });
  },
);

// ---------------------------------------------------------------------------------------------
// Decision table: outcomes, rules and boundaries.

const chemo = { immune_risk: ["chemo_6_weeks"] };
/** Measured at home with an oximeter and a blood pressure monitor. */
const measured = (spo2: number, pulse: number, systolic: number) => ({ vital_devices: ["oximeter", "bp_monitor"], spo2, pulse, systolic_bp: systolic });
const woman = { sex: "female", age_years: 30 };

const SCENARIOS: DecisionRow[] = [
  // SELF_CARE: a measured temperature below 39 °C for less than 5 days in a well, low-risk adult.
  ["38.5 °C for 2 days with a sore throat", "SELF_CARE", {}, ["short_moderate_fever_low_risk"]],
  ["38.9 °C", "SELF_CARE", { temperature: "38.9" }, ["short_moderate_fever_low_risk"]],
  ["39.0 °C", "SOON", { temperature: "39.0" }, ["temperature_39_or_more"]],
  ["40.9 °C", "SOON", { temperature: "40.9" }, ["temperature_39_or_more"]],
  ["41.0 °C", "URGENT", { temperature: "41" }, ["temperature_41_or_more"]],
  ["36.0 °C", "SELF_CARE", { temperature: "36.0" }, ["short_moderate_fever_low_risk"]],
  ["35.9 °C", "URGENT", { temperature: "35.9" }, ["temperature_below_36"]],
  ["temperature not measured", "SOON", { temperature_measured: "no" }, ["temperature_not_measured"]],
  ["fever for 4 days", "SELF_CARE", { fever_duration: "4 days" }, ["short_moderate_fever_low_risk"]],
  ["fever for 119 hours", "SELF_CARE", { fever_duration: "119h" }, ["short_moderate_fever_low_risk"]],
  ["fever for 5 days", "SOON", { fever_duration: "5 days" }, ["fever_5_days_or_more"]],
  ["fever for 2 weeks", "SOON", { fever_duration: "2 weeks" }, ["fever_5_days_or_more"]],
  ["a cough, a cold and diarrhoea", "SELF_CARE", { localising_symptoms: ["cough", "sore_throat", "diarrhoea_vomiting"] }, ["short_moderate_fever_low_risk"]],
  ["resting more than usual", "SELF_CARE", { overall_state: "resting_more" }, ["short_moderate_fever_low_risk"]],
  ["drinking less but keeping it down", "SELF_CARE", { able_to_drink: "less" }, ["short_moderate_fever_low_risk"]],
  ["aged 12", "SELF_CARE", { age_years: 12 }, ["short_moderate_fever_low_risk"]],
  ["aged 74", "SELF_CARE", { age_years: 74 }, ["short_moderate_fever_low_risk"]],
  ["aged 75", "SOON", { age_years: 75 }, ["age_75_or_over"]],
  ["a woman who is not pregnant", "SELF_CARE", { ...woman, pregnant: "no" }, ["short_moderate_fever_low_risk"]],
  // Cancer treatment in the last 6 weeks (NICE CG151; UKONS 37.5 °C threshold).
  ["chemotherapy with 37.5 °C", "EMERGENCY", { ...chemo, temperature: "37.5" }, ["suspected_neutropenic_sepsis", "cancer_treatment_last_6_weeks"]],
  ["chemotherapy with 38.5 °C", "EMERGENCY", chemo, ["suspected_neutropenic_sepsis", "cancer_treatment_last_6_weeks"]],
  ["chemotherapy with 37.4 °C", "URGENT", { ...chemo, temperature: "37.4" }, ["cancer_treatment_last_6_weeks"]],
  ["chemotherapy with 36.0 °C", "URGENT", { ...chemo, temperature: "36" }, ["cancer_treatment_last_6_weeks"]],
  [
    "chemotherapy with 35.9 °C",
    "EMERGENCY",
    { ...chemo, temperature: "35.9" },
    ["suspected_neutropenic_sepsis", "cancer_treatment_last_6_weeks", "temperature_below_36"],
  ],
  [
    "chemotherapy, temperature not measured",
    "EMERGENCY",
    { ...chemo, temperature_measured: "no" },
    ["suspected_neutropenic_sepsis", "cancer_treatment_last_6_weeks", "temperature_not_measured"],
  ],
  // Other NG51 moderate-to-high risk criteria and NHS 111 "call now" findings: URGENT.
  ["weakened immunity", "URGENT", { immune_risk: ["weakened_immunity"] }, ["weakened_immunity"]],
  ["surgery 3 weeks ago", "URGENT", { immune_risk: ["recent_surgery"] }, ["recent_surgery_or_procedure"]],
  ["shaking chills", "URGENT", { rigors: "yes" }, ["shaking_chills"]],
  ["feeling very unwell", "URGENT", { overall_state: "very_unwell" }, ["feels_very_unwell"]],
  ["cannot keep fluids down", "URGENT", { able_to_drink: "no" }, ["cannot_keep_fluids_down"]],
  ["pregnant", "URGENT", { ...woman, pregnant: "yes" }, ["pregnant_with_fever"]],
  ["possibly pregnant", "SOON", { ...woman, pregnant: "unsure" }, ["possible_pregnancy"]],
  // Travel: malaria.
  ["back from a malaria area 2 weeks ago", "URGENT", { travel_malaria: "within_3_months" }, ["malaria_area_within_3_months"]],
  ["back from a malaria area 6 months ago", "SOON", { travel_malaria: "between_3_and_12_months" }, ["malaria_area_3_to_12_months"]],
  ["unsure about travel to a malaria area", "SOON", { travel_malaria: "unsure" }, ["travel_unsure"]],
  // Localising symptoms.
  ["burning on passing urine", "SOON", { localising_symptoms: ["urinary"] }, ["urinary_symptoms"]],
  ["pain in the side", "SOON", { localising_symptoms: ["loin_pain"] }, ["loin_pain"]],
  ["short of breath", "SOON", { localising_symptoms: ["breathless", "cough"] }, ["breathless"]],
  ["tummy pain", "SOON", { localising_symptoms: ["abdominal_pain"] }, ["abdominal_pain"]],
  ["a red, hot, swollen leg", "SOON", { localising_symptoms: ["skin_infection"] }, ["skin_infection"]],
  // What a patient can measure (RCP NEWS2, NICE NG51): high-risk values are red flags (above); moderate-to-high values URGENT.
  ["normal measurements at home", "SELF_CARE", measured(98, 80, 125), ["short_moderate_fever_low_risk"]],
  ["an oxygen level of 95%", "SELF_CARE", measured(95, 80, 125), ["short_moderate_fever_low_risk"]],
  ["an oxygen level of 94%", "URGENT", measured(94, 80, 125), ["oxygen_93_to_94"]],
  ["an oxygen level of 93%", "URGENT", measured(93, 80, 125), ["oxygen_93_to_94"]],
  ["a pulse of 90", "SELF_CARE", measured(98, 90, 125), ["short_moderate_fever_low_risk"]],
  ["a pulse of 91", "URGENT", measured(98, 91, 125), ["pulse_91_to_130"]],
  ["a pulse of 130", "URGENT", measured(98, 130, 125), ["pulse_91_to_130"]],
  ["a pulse of 41", "SELF_CARE", measured(98, 41, 125), ["short_moderate_fever_low_risk"]],
  ["a pulse of 40 (a NEWS2 red value)", "URGENT", measured(98, 40, 125), ["news2_3_in_one_measurement"]],
  ["a systolic pressure of 101", "SELF_CARE", measured(98, 80, 101), ["short_moderate_fever_low_risk"]],
  ["a systolic pressure of 100", "URGENT", measured(98, 80, 100), ["systolic_91_to_100"]],
  ["a systolic pressure of 91", "URGENT", measured(98, 80, 91), ["systolic_91_to_100"]],
  ["a systolic pressure of 220 (a NEWS2 red value)", "URGENT", measured(98, 80, 220), ["news2_3_in_one_measurement"]],
  ["35.0 °C (a NEWS2 red value)", "URGENT", { temperature: "35,0" }, ["temperature_below_36", "news2_3_in_one_measurement"]],
  // NEWS2 combines values that each alone would stay lower: 39.5 °C (2) + SpO2 95% (1) + pulse 45 (1) + systolic 105 (1) = 5.
  [
    "39.5 °C with SpO2 95%, pulse 45 and systolic 105: NEWS2 of 5",
    "URGENT",
    { temperature: "39.5", ...measured(95, 45, 105) },
    ["news2_5_or_6", "temperature_39_or_more"],
  ],
  ["the same with SpO2 96%: NEWS2 of 4", "SOON", { temperature: "39.5", ...measured(96, 45, 105) }, ["temperature_39_or_more"]],
  // 39.5 °C (2) + SpO2 93% (2) + pulse 115 (2) + systolic 95 (2) = 8.
  [
    "39.5 °C with SpO2 93%, pulse 115 and systolic 95: NEWS2 of 8",
    "EMERGENCY",
    { temperature: "39.5", ...measured(93, 115, 95) },
    ["news2_7_or_more", "temperature_39_or_more", "oxygen_93_to_94", "pulse_91_to_130", "systolic_91_to_100"],
  ],
  // NEWS2 is not used in pregnancy nor under 16 (RCP): their other rules still apply.
  ["a NEWS2 of 5 at 15", "SOON", { age_years: 15, temperature: "39.5", ...measured(95, 45, 105) }, ["temperature_39_or_more"]],
  [
    "a NEWS2 of 8 in pregnancy",
    "URGENT",
    { ...woman, pregnant: "yes", temperature: "39.5", ...measured(93, 115, 95) },
    ["pregnant_with_fever", "temperature_39_or_more", "oxygen_93_to_94", "pulse_91_to_130", "systolic_91_to_100"],
  ],
  // Without a blood pressure monitor: fainting and feeling faint on standing stand in for a low pressure.
  ["fainted since the fever began", "URGENT", { faint_signs: "fainted" }, ["fainted_with_fever"]],
  ["feels faint on standing", "SOON", { faint_signs: "lightheaded" }, ["faint_on_standing"]],
  // Several findings: the most urgent wins, every reason kept.
  [
    "39.5 °C for 6 days with urinary symptoms and rigors at 80",
    "URGENT",
    { age_years: 80, temperature: "39,5", fever_duration: "6 days", localising_symptoms: ["urinary", "loin_pain"], rigors: "yes" },
    ["shaking_chills", "temperature_39_or_more", "fever_5_days_or_more", "urinary_symptoms", "loin_pain", "age_75_or_over"],
  ],
];

describe(`${SLUG}: decision`, () => {
  itRunsDecisionTable({ slug: SLUG, loaded, withAnswers, rows: SCENARIOS, redFlags: { cases: redFlagCases, path: redFlagPath } });

  it("sends fever after cancer treatment to its own emergency outcome, which mentions the cancer team's line", () => {
    const result = run(withAnswers(chemo));
    expect(result.result?.outcome).toBe("emergency_cancer_treatment");
    expect(outcome("emergency_cancer_treatment").advice.en).toMatch(/24-hour/);
  });

  it("asks the temperature only when it was measured, and about pregnancy only for a woman aged 12 to 55", () => {
    expect(run(withAnswers({})).asked).toContain("temperature");
    expect(run(withAnswers({ temperature_measured: "no" })).asked).not.toContain("temperature");
    expect(run(withAnswers({ sex: "female", age_years: 55 })).asked).toContain("pregnant");
    expect(run(withAnswers({ sex: "female", age_years: 56 })).asked).not.toContain("pregnant");
    expect(run(withAnswers({ sex: "male" })).asked).not.toContain("pregnant");
  });

  it("asks the pulse with any device, the oxygen level only with an oximeter, the pressure only with a monitor, and fainting only without one", () => {
    const without = run(withAnswers({})).asked;
    expect(without).toContain("faint_signs");
    for (const id of ["spo2", "pulse", "systolic_bp"]) expect(without).not.toContain(id);
    const oximeter = run(withAnswers({ vital_devices: ["oximeter"] })).asked;
    expect(oximeter).toEqual(expect.arrayContaining(["spo2", "pulse", "faint_signs"]));
    expect(oximeter).not.toContain("systolic_bp");
    const monitor = run(withAnswers({ vital_devices: ["bp_monitor"] })).asked;
    expect(monitor).toEqual(expect.arrayContaining(["pulse", "systolic_bp"]));
    expect(monitor).not.toContain("spo2");
    expect(monitor).not.toContain("faint_signs");
  });

  it("shows the clinician which measurements made the NEWS2 score", () => {
    const result = run(withAnswers({ temperature: "39.5", ...measured(95, 45, 105) }));
    const score = result.result!.reasons.find((r) => r.rule === "news2_5_or_6")!.answers.find((a) => a.id === "news2_measured")!;
    expect(score.value).toBe(5);
    expect(score.display.en).toBe("5: Temperature above 39 °C; Oxygen 94 or 95%; Pulse 41 to 50; Systolic 101 to 110");
    expect(score.display.fr).toBe("5 : Température au-dessus de 39 °C ; Oxygène à 94 ou 95 % ; Pouls de 41 à 50 ; Tension haute de 101 à 110");
  });

  it("hands a child under 12 over to fever-child with the answers already given, and keeps a 12-year-old", () => {
    const child = run({
      ...withAnswers({ age_years: 11 }),
      child_colour: "normal",
      child_activity: "normal",
      breathing_signs: ["none"],
      serious_signs: ["none"],
      hydration_signs: ["none"],
      capillary_refill: "under_3_seconds",
      other_signs: ["none"],
    });
    expect(child.flows).toEqual([SLUG, "fever-child"]);
    expect(child.asked.slice(0, 3)).toEqual(["danger_signs", "age_years", "sex"]);
    expect(child.asked.filter((id) => id === "age_years" || id === "sex" || id === "danger_signs")).toHaveLength(3);
    expect(child.result?.reasons.map((r) => r.rule)).toContain("to_fever_child");
    expect(child.result?.urgency).toBe("SELF_CARE");
    expect(run(withAnswers({ age_years: 12 })).flows).toEqual([SLUG]);
  });
});

// ---------------------------------------------------------------------------------------------
// Both locales, and the outcome texts.

describe(`${SLUG}: languages and outcome texts`, () => {
  const story = (locale: "fr" | "en"): ScenarioAnswers => {
    const yes = locale === "fr" ? "oui" : "yes";
    return withAnswers({
      age_years: "45",
      temperature_measured: yes,
      temperature: locale === "fr" ? "39,2" : "39.2",
      fever_duration: locale === "fr" ? "2 jours" : "2 days",
      rigors: yes,
      localising_symptoms: ["urinary"],
    });
  };

  itGivesTheSameResultInBothLanguages({
    run,
    story,
    urgency: "URGENT",
    rules: ["shaking_chills", "temperature_39_or_more", "urinary_symptoms"],
    reasonFr: "Fièvre élevée : 39 °C ou plus",
    reasonEn: "High fever: 39 °C or higher",
    more: (fr) => {
      // The temperature the rule read is shown to the clinician as the patient typed it, in both languages.
      const temp = fr.result!.reasons.find((r) => r.rule === "temperature_39_or_more")!.answers.find((a) => a.id === "temperature")!;
      expect(temp.value).toBe(39.2);
    },
  });

  itChecksOutcomeTexts(flow);

  it("cites its sources and awaits clinical review", () => {
    expect(flow.sources.map((s) => s.title).join(" ")).toMatch(/NG51.*CG151.*NEWS\) 2/s);
    expect(flow.review.status).toBe("needs-clinical-review");
    expect(flow.locales).toEqual(["fr", "en"]);
  });
});
