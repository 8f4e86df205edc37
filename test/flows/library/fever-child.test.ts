import { describe, expect, it } from "vitest";
import { itChecksOutcomeTexts, itGivesTheSameResultInBothLanguages, itKeepsSharedQuestions, holdingFlowTest } from "./holdingFlowSuite.js";
import { runScenario, type ScenarioAnswers } from "../libraryFlows.js";

/**
 * Fever in a child (NICE NG143 traffic-light system for under 5s, also used here for 5 to 11):
 * every red feature that is a red flag ends the flow at the question that reveals it; the other
 * red and amber features through the decision table (URGENT or SOON), green to SELF_CARE with
 * NG143's safety-netting; age-in-months and respiratory-rate boundaries.
 */

const SLUG = "fever-child";
// Only this flow and the one it hands over to: a colleague's half-written flow cannot break these tests.
const holding = holdingFlowTest(SLUG, ["fever-adult"]);
const { flow, compiled, run, question, outcome, withAnswers } = holding;

/** A baby of the given age in months (age in years follows). */
const baby = (months: number): ScenarioAnswers => ({ age_years: Math.floor(months / 12), child_age_months: months });

// ---------------------------------------------------------------------------------------------
// Red flags: one case per (red flag, question it reads, answer that makes it hold), generated from
// the flow data by trying every answer the question accepts.

/** Reaches every question a red flag reads: a 2-year-old whose breaths were counted. */
const redFlagPath: ScenarioAnswers = withAnswers({ breath_count: "counted" });

/** NG143 red features handled as red flags (immediately life-threatening or meningococcal/CNS), written out by hand. */
const OWN_RED_FLAGS: Record<string, [question: string, answer: unknown]> = {
  rf_child_mottled_ashen_blue: ["child_colour", "mottled_ashen_blue"],
  rf_child_no_response: ["child_activity", "no_response"],
  rf_child_grunting: ["breathing_signs", ["grunting"]],
  rf_child_chest_indrawing: ["breathing_signs", ["chest_indrawing", "fast_breathing"]],
  rf_child_breathing_over_60: ["respiratory_rate", "61"],
  rf_child_non_blanching_rash: ["serious_signs", ["non_blanching_rash"]],
  rf_child_neck_stiffness: ["serious_signs", ["stiff_neck"]],
  rf_child_bulging_fontanelle: ["serious_signs", ["bulging_fontanelle"]],
  rf_child_weak_high_pitched_cry: ["serious_signs", ["weak_high_pitched_cry"]],
  rf_child_status_epilepticus: ["serious_signs", ["long_seizure"]],
  rf_child_focal_seizure: ["serious_signs", ["focal_seizure"]],
  rf_child_focal_neurological_signs: ["serious_signs", ["focal_weakness"]],
};

const { cases: redFlagCases } = holding.describeRedFlags(
  {
    path: redFlagPath,
    durations: ["30 min", "6h", "1 day", "3 days", "4 days", "5 days", "1 week", "3 weeks", "2 months"],
    ownRedFlags: OWN_RED_FLAGS,
  },
  () => {
    it("fires the red features of colour, behaviour, breathing and the nervous system for a child of 5 to 11 too", () => {
      for (const [flag, [q, answer]] of Object.entries(OWN_RED_FLAGS)) {
        if (q === "respiratory_rate") continue; // breaths are counted only under 5, where NG143 gives the thresholds
        const result = run({ ...withAnswers({ age_years: 8 }), [q]: answer });
        expect(result.result?.redFlag, flag).toBe(flag);
        expect(result.asked.at(-1), flag).toBe(q);
      }
    });

    it("does not end at a red flag on 60 breaths a minute", () => {
      const result = run(withAnswers({ breath_count: "counted", respiratory_rate: 60 }));
      expect(result.result?.redFlag).toBeUndefined();
      expect(result.result?.urgency).toBe("URGENT");
      expect(result.result?.reasons.map((r) => r.rule)).toEqual(["fast_breathing_for_age"]);
    });

    // No pregnancy question: a child under 12 is never asked it (12 and over go to fever-adult, which asks it).
    itKeepsSharedQuestions(compiled, flow, { demographics: (id) => id !== "pregnant", emergencies: ["emergency", "emergency_mental_health"] });

    it("fires its own red flags after a handover from general, without asking the carried questions again", () => {
      // Default resolver: the whole library, as a parent coming through the general flow meets it.
      const result = runScenario("general", {
        danger_signs: ["none"],
        complaint_text: "mon fils a de la fièvre",
        age_years: 2,
        sex: "male",
        main_complaint: "fever_child",
        child_age_months: 26,
        child_colour: "mottled_ashen_blue",
      });
      expect(result.flows[0]).toBe("general");
      expect(result.flows.at(-1)).toBe(SLUG);
      expect(new Set(result.asked).size).toBe(result.asked.length);
      expect(result.asked.at(-1)).toBe("child_colour");
      expect(result.result?.redFlag).toBe("rf_child_mottled_ashen_blue");
      expect(result.result?.urgency).toBe("EMERGENCY");
    });
  },
);

// ---------------------------------------------------------------------------------------------
// Decision table: outcomes, rules and boundaries.

const notMeasured = { temperature_measured: "no" };

describe(`${SLUG}: decision`, () => {
  holding.itRunsDecisionTable({ redFlags: { cases: redFlagCases, path: redFlagPath } });

  it("shows the clinician which NG143 amber features were counted when several combine", () => {
    const result = run(withAnswers({ child_colour: "pale", hydration_signs: ["dry_mouth"] }));
    const score = result.result!.reasons.find((r) => r.rule === "several_amber_features")!.answers.find((a) => a.id === "amber_features")!;
    expect(score.value).toBe(2);
    expect(score.display.en).toBe("2: Pallor reported by the parent; Dry mucous membranes");
    expect(score.display.fr).toBe("2 : Pâleur signalée par le parent ; Muqueuses sèches");
  });

  it("asks the age in months and offers to count breaths only under 5, and the temperature only when measured", () => {
    const toddler = run(withAnswers({})).asked;
    expect(toddler).toEqual(expect.arrayContaining(["child_age_months", "breath_count"]));
    expect(toddler).not.toContain("respiratory_rate");
    expect(run(withAnswers({ breath_count: "counted" })).asked).toContain("respiratory_rate");
    const older = run(withAnswers({ age_years: 5 })).asked;
    expect(older).not.toContain("child_age_months");
    expect(older).not.toContain("breath_count");
    expect(older).not.toContain("respiratory_rate");
    expect(run(withAnswers(notMeasured)).asked).not.toContain("temperature");
    expect(toddler).not.toContain("pregnant");
  });

  it("does not ask the age in months again when general already asked it", () => {
    const result = runScenario("general", {
      ...withAnswers(baby(5)),
      complaint_text: "bébé chaud",
      main_complaint: "fever_child",
      temperature: "39.2",
    });
    expect(result.flows.at(-1)).toBe(SLUG);
    expect(result.asked.filter((id) => id === "child_age_months")).toHaveLength(1);
    expect(result.result?.urgency).toBe("URGENT");
    expect(result.result?.reasons.map((r) => r.rule)).toContain("infant_3_to_6_months_temperature_39_or_more");
  });

  it("hands a young person of 12 or over to fever-adult with the answers already given", () => {
    const result = run({
      ...withAnswers({ age_years: 14 }),
      sepsis_signs: ["none"],
      localising_symptoms: ["none"],
      overall_state: "managing",
      vital_devices: ["none"],
      faint_signs: "no",
      rigors: "no",
      immune_risk: ["none"],
      travel_malaria: "no",
      able_to_drink: "yes",
    });
    expect(result.flows).toEqual([SLUG, "fever-adult"]);
    expect(result.asked.slice(0, 3)).toEqual(["danger_signs", "age_years", "sex"]);
    expect(new Set(result.asked).size).toBe(result.asked.length);
    expect(result.result?.reasons.map((r) => r.rule)).toContain("to_fever_adult");
    expect(result.result?.urgency).toBe("SELF_CARE");
  });
});

// ---------------------------------------------------------------------------------------------
// Both locales, and the outcome texts.

describe(`${SLUG}: languages and outcome texts`, () => {
  const story = (locale: "fr" | "en"): ScenarioAnswers =>
    withAnswers({
      age_years: "3",
      child_age_months: "40",
      temperature_measured: locale === "fr" ? "oui" : "yes",
      temperature: locale === "fr" ? "38,7" : "38.7",
      fever_duration: locale === "fr" ? "6 jours" : "6 days",
      other_signs: ["rigors"],
    });

  itGivesTheSameResultInBothLanguages({
    run,
    story,
    urgency: "URGENT",
    rules: ["several_amber_features", "fever_5_days_or_more", "shaking_chills"],
    reasonFr: "Fièvre depuis 5 jours ou plus",
    reasonEn: "Fever for 5 days or more",
  });

  it("speaks to the parent about their child in its own questions and outcomes", () => {
    const ownQuestions = [
      "child_age_months",
      "child_colour",
      "child_activity",
      "breathing_signs",
      "serious_signs",
      "breath_count",
      "temperature_measured",
      "fever_duration",
      "capillary_refill",
      "other_signs",
    ];
    for (const id of ownQuestions) {
      expect(question(id).text.fr, id).toMatch(/votre enfant/i);
      expect(question(id).text.en, id).toMatch(/your child/i);
    }
    for (const node of flow.nodes) {
      if (node.kind !== "outcome" || node.id === "emergency_mental_health") continue;
      expect(`${node.title.fr} ${node.advice.fr}`, node.id).toMatch(/votre enfant/i);
      expect(`${node.title.en} ${node.advice.en}`, node.id).toMatch(/your child/i);
    }
  });

  it("gives NG143's safety-netting advice when the child can stay at home", () => {
    const net = outcome("self_care").safetyNet!;
    // Fit, non-blanching rash, more unwell, parent more worried, fever 5 days or more, parent unable to cope.
    for (const pattern of [/convulsion/, /ne s'effacent pas/, /plus malade/, /inquiétude augmente/, /5 jours ou plus/, /vous dépasse/])
      expect(net.fr).toMatch(pattern);
    for (const pattern of [/fit/, /does not fade/, /more unwell/, /more worried/, /5 days or more/, /cannot cope/]) expect(net.en).toMatch(pattern);
  });

  itChecksOutcomeTexts(flow, "parent");

  it("cites NICE NG143 and awaits clinical review", () => {
    expect(flow.sources[0]?.title).toMatch(/NG143/);
    expect(flow.sources[0]?.url).toBe("https://www.nice.org.uk/guidance/ng143");
    expect(flow.review.status).toBe("needs-clinical-review");
    expect(flow.locales).toEqual(["fr", "en"]);
  });
});
