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
import { runScenario, type ScenarioAnswers } from "../libraryFlows.js";

/**
 * Fever in a child (NICE NG143 traffic-light system for under 5s, also used here for 5 to 11):
 * every red feature that is a red flag ends the flow at the question that reveals it; the other
 * red and amber features through the decision table (URGENT or SOON), green to SELF_CARE with
 * NG143's safety-netting; age-in-months and respiratory-rate boundaries.
 */

const SLUG = "fever-child";
// Only this flow and the one it hands over to: a colleague's half-written flow cannot break these tests.
const loaded = loadLibraryFlow(SLUG, ["fever-adult"]);
const { flow, compiled, run, question, outcome } = loaded;

/**
 * A 2-year-old boy with 38.4 °C for a day, normal colour, behaviour and breathing, drinking well:
 * green, the SELF_CARE story. Scenarios change a few answers.
 */
const base: ScenarioAnswers = {
  danger_signs: ["none"],
  age_years: 2,
  sex: "male",
  child_age_months: 24,
  child_colour: "normal",
  child_activity: "normal",
  breathing_signs: ["none"],
  serious_signs: ["none"],
  breath_count: "not_counted",
  respiratory_rate: 30,
  temperature_measured: "yes",
  temperature: "38.4",
  fever_duration: "1 day",
  hydration_signs: ["none"],
  capillary_refill: "under_3_seconds",
  other_signs: ["none"],
};
const withAnswers = (overrides: ScenarioAnswers): ScenarioAnswers => ({ ...base, ...overrides });
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

const { cases: redFlagCases } = describeHoldingRedFlags(
  {
    slug: SLUG,
    loaded,
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

const counted = (months: number, rate: number): ScenarioAnswers => ({ ...baby(months), breath_count: "counted", respiratory_rate: rate });
const notMeasured = { temperature_measured: "no" };

const SCENARIOS: DecisionRow[] = [
  // Green: SELF_CARE.
  ["a 2-year-old with no amber or red feature", "SELF_CARE", {}, ["no_amber_or_red_feature"]],
  ["a 7-year-old with no amber or red feature", "SELF_CARE", { age_years: 7 }, ["no_amber_or_red_feature"]],
  ["a 2-year-old whose temperature was not measured", "SELF_CARE", notMeasured, ["no_amber_or_red_feature"]],
  ["capillary refill not checked", "SELF_CARE", { capillary_refill: "not_checked" }, ["no_amber_or_red_feature"]],
  ["36.0 °C", "SELF_CARE", { temperature: "36.0" }, ["no_amber_or_red_feature"]],
  ["35.9 °C", "URGENT", { temperature: "35.9" }, ["temperature_below_36"]],
  // Age under 3 months: red feature with 38 °C or more (NG143), and every such baby at least SOON.
  ["a baby of 2 months at 37.9 °C", "SOON", { ...baby(2), temperature: "37.9" }, ["infant_under_3_months"]],
  ["a baby of 2 months at 38.0 °C", "URGENT", { ...baby(2), temperature: "38.0" }, ["infant_under_3_months_with_fever", "infant_under_3_months"]],
  ["a newborn at 38.5 °C", "URGENT", { ...baby(0), temperature: "38.5" }, ["infant_under_3_months_with_fever", "infant_under_3_months"]],
  [
    "a baby of 2 months, temperature not measured",
    "URGENT",
    { ...baby(2), ...notMeasured },
    ["infant_under_3_months_fever_not_measured", "infant_under_3_months"],
  ],
  // Age 3 to 6 months: amber with 39 °C or more.
  ["a baby of 3 months at 38.9 °C", "SELF_CARE", { ...baby(3), temperature: "38.9" }, ["no_amber_or_red_feature"]],
  ["a baby of 3 months at 39.0 °C", "URGENT", { ...baby(3), temperature: "39.0" }, ["infant_3_to_6_months_temperature_39_or_more"]],
  ["a baby of 6 months at 39.0 °C", "URGENT", { ...baby(6), temperature: "39" }, ["infant_3_to_6_months_temperature_39_or_more"]],
  ["a baby of 7 months at 39.0 °C", "SELF_CARE", { ...baby(7), temperature: "39" }, ["no_amber_or_red_feature"]],
  ["a baby of 3 months, temperature not measured", "SOON", { ...baby(3), ...notMeasured }, ["infant_3_to_6_months_fever_not_measured"]],
  ["a baby of 6 months, temperature not measured", "SOON", { ...baby(6), ...notMeasured }, ["infant_3_to_6_months_fever_not_measured"]],
  ["a baby of 7 months, temperature not measured", "SELF_CARE", { ...baby(7), ...notMeasured }, ["no_amber_or_red_feature"]],
  // Counted breaths: over 50 at 6-11 months, over 40 from 12 months (amber); NG143 gives no amber threshold under 6 months.
  ["24 months, 40 breaths a minute", "SELF_CARE", counted(24, 40), ["no_amber_or_red_feature"]],
  ["24 months, 41 breaths a minute", "URGENT", counted(24, 41), ["fast_breathing_for_age"]],
  ["12 months, 41 breaths a minute", "URGENT", counted(12, 41), ["fast_breathing_for_age"]],
  ["11 months, 50 breaths a minute", "SELF_CARE", counted(11, 50), ["no_amber_or_red_feature"]],
  ["11 months, 51 breaths a minute", "URGENT", counted(11, 51), ["fast_breathing_for_age"]],
  ["6 months, 51 breaths a minute", "URGENT", counted(6, 51), ["fast_breathing_for_age"]],
  ["5 months, 60 breaths a minute", "SELF_CARE", counted(5, 60), ["no_amber_or_red_feature"]],
  [
    "fast breathing seen and counted: one amber feature, not two",
    "URGENT",
    { ...counted(24, 45), breathing_signs: ["fast_breathing"] },
    ["fast_breathing_for_age", "fast_breathing_reported"],
  ],
  // Other red features and the amber features of consciousness, breathing and circulation: URGENT.
  ["skin fold stays when pinched", "URGENT", { hydration_signs: ["skin_stays_pinched"] }, ["reduced_skin_turgor"]],
  ["not responding normally", "URGENT", { child_activity: "not_responding_normally" }, ["not_responding_normally"]],
  ["nostrils flaring", "URGENT", { breathing_signs: ["nasal_flaring"] }, ["nasal_flaring"]],
  ["breathing faster than usual", "URGENT", { breathing_signs: ["fast_breathing"] }, ["fast_breathing_reported"]],
  ["capillary refill 3 seconds or more", "URGENT", { capillary_refill: "three_seconds_or_more" }, ["capillary_refill_3_seconds_or_more"]],
  // One other amber feature: SOON; two or more: URGENT.
  ["paler than usual", "SOON", { child_colour: "pale" }, ["pallor_reported"]],
  ["less active than usual", "SOON", { child_activity: "less_active" }, ["reduced_activity"]],
  ["dry mouth", "SOON", { hydration_signs: ["dry_mouth"] }, ["dry_mucous_membranes"]],
  ["feeding poorly", "SOON", { hydration_signs: ["poor_feeding"] }, ["poor_feeding"]],
  ["fewer wet nappies", "SOON", { hydration_signs: ["less_urine"] }, ["reduced_urine_output"]],
  ["fever for 4 days", "SELF_CARE", { fever_duration: "4 days" }, ["no_amber_or_red_feature"]],
  ["fever for 5 days", "SOON", { fever_duration: "5 days" }, ["fever_5_days_or_more"]],
  ["shaking chills", "SOON", { other_signs: ["rigors"] }, ["shaking_chills"]],
  ["a swollen knee", "SOON", { other_signs: ["limb_joint_swelling"] }, ["limb_or_joint_swelling"]],
  ["not standing on a leg", "SOON", { other_signs: ["not_using_limb"] }, ["not_using_limb"]],
  [
    "paler than usual with a dry mouth",
    "URGENT",
    { child_colour: "pale", hydration_signs: ["dry_mouth"] },
    ["several_amber_features", "pallor_reported", "dry_mucous_membranes"],
  ],
  [
    "a 9-year-old feeding poorly with fewer wet nappies",
    "URGENT",
    { age_years: 9, hydration_signs: ["poor_feeding", "less_urine"] },
    ["several_amber_features", "poor_feeding", "reduced_urine_output"],
  ],
  // Urinary symptoms with a fever: possible urine infection (NICE NG224), not an NG143 amber feature.
  ["pain on passing urine at 2", "SOON", { other_signs: ["urinary_symptoms"] }, ["possible_uti"]],
  ["pain on passing urine at 9", "SOON", { age_years: 9, other_signs: ["urinary_symptoms"] }, ["possible_uti"]],
  ["smelly urine in a baby of 3 months at 38.5 °C", "SOON", { ...baby(3), temperature: "38.5", other_signs: ["urinary_symptoms"] }, ["possible_uti"]],
  [
    "smelly urine in a baby of 2 months at 37.9 °C",
    "URGENT",
    { ...baby(2), temperature: "37.9", other_signs: ["urinary_symptoms"] },
    ["possible_uti_under_3_months", "infant_under_3_months", "possible_uti"],
  ],
  ["urinary symptoms and shaking chills: still one amber feature", "SOON", { other_signs: ["urinary_symptoms", "rigors"] }, ["possible_uti", "shaking_chills"]],
];

describe(`${SLUG}: decision`, () => {
  itRunsDecisionTable({ slug: SLUG, loaded, withAnswers, rows: SCENARIOS, redFlags: { cases: redFlagCases, path: redFlagPath } });

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
