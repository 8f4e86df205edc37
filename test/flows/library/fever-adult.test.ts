import { describe, expect, it } from "vitest";
import { itChecksOutcomeTexts, itGivesTheSameResultInBothLanguages, itKeepsSharedQuestions, holdingFlowTest } from "./holdingFlowSuite.js";
import type { ScenarioAnswers } from "../libraryFlows.js";

/**
 * Fever from age 12 (NICE NG51 sepsis, NICE CG151 neutropenic sepsis, NHS 111 fever pathway,
 * malaria after travel): every red flag ends the flow at the question that reveals it; the
 * decision table's rules, outcomes and temperature/duration/age boundaries; children under 12 are
 * handed over to fever-child.
 */

const SLUG = "fever-adult";
// Only this flow and the one it hands over to: a colleague's half-written flow cannot break these tests.
const holding = holdingFlowTest(SLUG, ["fever-child"]);
const { flow, compiled, run, outcome, withAnswers } = holding;

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

const { cases: redFlagCases } = holding.describeRedFlags(
  {
    path: redFlagPath,
    durations: ["30 min", "6h", "1 day", "3 days", "4 days", "5 days", "1 week", "3 weeks", "2 months"],
    ownRedFlags: OWN_RED_FLAGS,
    handover: {
      complaintText: "j'ai de la fièvre",
      age: 40,
      mainComplaint: "fever_adult",
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

describe(`${SLUG}: decision`, () => {
  holding.itRunsDecisionTable({ redFlags: { cases: redFlagCases, path: redFlagPath } });

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
