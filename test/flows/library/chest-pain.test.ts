import { describe, expect, it } from "vitest";
import { variablesOf, type Condition, type OutcomeNode } from "../../../flows/index.js";
import { expectRedFlagEnd } from "./redFlagSuite.js";
import { expectLevelAndReasons, expectOutcomeTextsInBothLanguages, loadLibraryFlow, outcomeTexts } from "./flowTestParts.js";
import { itKeepsSharedQuestions, type Level } from "./holdingFlowSuite.js";
import { runScenario as runWith, type ScenarioAnswers } from "../libraryFlows.js";

/**
 * Chest pain (NICE CG95, NHS 999 criteria, MTS chest pain chart): every red flag ends the flow at
 * the question that reveals it; the decision table's rules, outcomes and numeric boundaries.
 */

// A resolver of its own (with the entry flow for the handover test): a flow being written by someone else cannot break these tests.
const { flow, compiled, resolver, question } = loadLibraryFlow("chest-pain", ["general"]);
const runScenario = (slug: string, answers: ScenarioAnswers) => runWith(slug, answers, resolver);

/**
 * A 25-year-old man whose chest pain, tender to press and worse on moving after lifting a box,
 * started 2 days ago and went away a day ago: the only SELF_CARE story. Scenarios change a few answers.
 */
const base: ScenarioAnswers = {
  danger_signs: ["none"],
  age_years: 25,
  sex: "male",
  pregnant: "no",
  pain_now: "no",
  pain_at_rest: "no",
  episode_duration: "5 min",
  last_pain_hours_ago: "1 day",
  associated_features: ["none"],
  syncope: "no",
  pain_character: ["tender_to_press", "positional"],
  pain_first_started: "2 days",
  pain_getting_worse: "no",
  pain_sudden_onset: "no",
  pain_on_exertion: "no",
  pain_severity: 4,
  cardiac_risk_factors: ["none"],
  clot_risk_factors: ["none"],
  chest_injury: "minor",
  cough_or_fever: "no",
  usual_angina: "no",
};
const withAnswers = (overrides: ScenarioAnswers): ScenarioAnswers => ({ ...base, ...overrides });
/** Pain neither musculoskeletal nor cardiac-sounding (no strain, hard to describe). */
const nondescript: ScenarioAnswers = { pain_character: ["none_fit"], chest_injury: "no" };
/** Pressure on effort for 3 years, last felt 18 hours ago, at 68: angina, once the heart disease is known. */
const knownAngina: ScenarioAnswers = {
  ...nondescript,
  age_years: 68,
  pain_character: ["pressure"],
  pain_on_exertion: "yes",
  pain_first_started: "36 months",
  last_pain_hours_ago: "18 hours",
};

// ---------------------------------------------------------------------------------------------
// Red flags: one case per (red flag, question it reads, value that makes it hold).

/** Reaches every red-flag question: a pain neither musculoskeletal nor cardiac-sounding, there now, even at rest, for 5 minutes so far. */
const redFlagPath: ScenarioAnswers = withAnswers({ ...nondescript, pain_now: "yes", pain_at_rest: "yes", episode_duration: "5 min" });

interface RedFlagCase {
  flag: string;
  /** The question after which it fires (the last one asked). */
  question: string;
  answer: unknown;
  /** The question whose answer the case varies, when not `question` itself. */
  reads?: string;
  /** Answers other than the red-flag path's. */
  path?: ScenarioAnswers;
}

/** The (question, option) atoms of a condition: `{"in": [option, {"var": q}]}` and `{"==": [{"var": q}, option]}`. */
function optionAtoms(condition: Condition): { question: string; value: string }[] {
  const found: { question: string; value: string }[] = [];
  const varOf = (x: unknown) =>
    x && typeof x === "object" && !Array.isArray(x) && typeof (x as { var?: unknown }).var === "string" ? (x as { var: string }).var : undefined;
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== "object") return;
    for (const [op, args] of Object.entries(node)) {
      if (op === "in" && Array.isArray(args) && typeof args[0] === "string" && varOf(args[1])) found.push({ question: varOf(args[1])!, value: args[0] });
      else if (op === "==" && Array.isArray(args) && typeof args[1] === "string" && varOf(args[0])) found.push({ question: varOf(args[0])!, value: args[1] });
      else visit(args);
    }
  };
  visit(condition);
  return found;
}

/** The patient's reply that selects `value` at a question (a list for multiple choice). */
const replyFor = (questionId: string, value: string): unknown => (question(questionId).type === "multiple_choice" ? [value] : value);

const REST_PAIN = "rf_pain_at_rest_15_minutes_or_more";
const generatedCases: RedFlagCase[] = flow.redFlags
  .filter((rf) => rf.id !== REST_PAIN)
  .flatMap((rf) => optionAtoms(rf.when).map(({ question: q, value }) => ({ flag: rf.id, question: q, answer: replyFor(q, value) })));
/**
 * Pain at rest for 15 minutes or more, at both ends of its range (up to 84 hours: "3 days", a typical answer, is
 * well inside), whatever the pain is like unless it is only reproduced by pressing, moving or breathing: a tight,
 * tearing or burning pain fires even when pressing also hurts.
 */
const restPainCases: RedFlagCase[] = [
  { flag: REST_PAIN, question: "episode_duration", answer: "15 min" },
  { flag: REST_PAIN, question: "episode_duration", answer: "40 minutes" },
  { flag: REST_PAIN, question: "episode_duration", answer: "3 days" },
  { flag: REST_PAIN, question: "episode_duration", answer: "84h" },
  ...[["pressure", "tender_to_press"], ["burning_after_meals", "positional"], ["pressure", "sharp_on_breathing"], ["none_fit"]].map((character) => ({
    flag: REST_PAIN,
    question: "episode_duration",
    answer: "30 min",
    reads: "pain_character",
    path: { ...redFlagPath, pain_character: character },
  })),
  {
    flag: REST_PAIN,
    question: "episode_duration",
    answer: "30 min",
    reads: "pain_character",
    path: { ...redFlagPath, pain_character: ["pressure", "positional"], chest_injury: "minor" },
  },
];
const redFlagCases = [...generatedCases, ...restPainCases];

describe("chest-pain: red flags", () => {
  it("has a firing case for every red flag and every question each red flag reads", () => {
    const covered = new Set(redFlagCases.map((c) => `${c.flag}@${c.reads ?? c.question}`));
    const expected = flow.redFlags.flatMap((rf) => variablesOf(rf.when).map((q) => `${rf.id}@${q}`));
    expect(expected.filter((key) => !covered.has(key))).toEqual([]);
    expect(new Set(redFlagCases.map((c) => c.flag))).toEqual(new Set(flow.redFlags.map((rf) => rf.id)));
  });

  itKeepsSharedQuestions(compiled, flow, { emergencies: ["emergency", "emergency_mental_health"] });

  it.each(
    redFlagCases.map(
      (c) =>
        [
          `${c.flag} fires at ${c.question} on ${JSON.stringify(c.answer)}${c.path ? ` with ${c.reads} ${JSON.stringify(c.path[c.reads!])}` : ""} and ends the flow there`,
          c,
        ] as const,
    ),
  )("%s", (_name, c) => {
    const run = runScenario("chest-pain", { ...(c.path ?? redFlagPath), [c.question]: c.answer });
    expectRedFlagEnd(flow, run, c.flag, c.question);
  });

  it.each([
    ["14 min", "pain at rest for 14 minutes"],
    ["85h", "pain at rest without a break for more than 84 hours"],
  ])("does not end as an emergency on %s (%s) but goes to URGENT", (duration) => {
    const run = runScenario("chest-pain", { ...redFlagPath, episode_duration: duration });
    expect(run.result?.redFlag).toBeUndefined();
    expect(run.result?.urgency).toBe("URGENT");
    expect(run.result?.reasons.map((r) => r.rule)).toContain("pain_now_at_rest");
  });

  it.each([
    [
      "reproduced by pressing and moving, in a 25-year-old",
      { pain_character: ["tender_to_press", "positional"], chest_injury: "minor" },
      "ROUTINE",
      ["musculoskeletal_pain_at_rest_young_low_risk"],
    ],
    [
      "reproduced by pressing, in a 60-year-old smoker",
      { pain_character: ["tender_to_press"], age_years: 60, cardiac_risk_factors: ["smoker"] },
      "URGENT",
      ["pain_now_at_rest", "pain_still_present"],
    ],
    [
      "sharp on breathing and positional (pericarditis-like), 2 days",
      { pain_character: ["sharp_on_breathing", "positional"], episode_duration: "2 days", pain_first_started: "2 days" },
      "URGENT",
      ["pain_now_at_rest", "pain_still_present", "pleuritic_pain"],
    ],
  ] as const)("a pain at rest for 30 minutes or more %s is asked about before, so it ends at %s, not as an emergency", (_name, change, urgency, rules) => {
    const run = runScenario("chest-pain", { ...redFlagPath, episode_duration: "30 min", ...change });
    expect(run.asked.indexOf("pain_character")).toBeLessThan(run.asked.indexOf("pain_at_rest"));
    expect(run.asked.indexOf("chest_injury")).toBeLessThan(run.asked.indexOf("pain_at_rest"));
    expect(run.result?.redFlag).toBeUndefined();
    expect(run.result?.urgency).toBe(urgency);
    expect(run.result?.reasons.map((r) => r.rule)).toEqual(rules);
  });

  it("fires its own red flags after a handover from general, without asking the carried questions again", () => {
    const run = runScenario("general", {
      ...redFlagPath,
      complaint_text: "douleur dans la poitrine",
      main_complaint: "chest_pain",
      associated_features: ["spreads_jaw_neck", "nausea_vomiting"],
    });
    expect(run.flows).toEqual(["general", "chest-pain"]);
    expect(run.asked).toEqual([
      "danger_signs",
      "complaint_text",
      "age_years",
      "sex",
      "main_complaint",
      "chest_injury",
      "pain_character",
      "associated_features",
    ]);
    expect(run.result?.redFlag).toBe("rf_pain_spreading");
    expect(run.result?.urgency).toBe("EMERGENCY");
  });
});

// ---------------------------------------------------------------------------------------------
// Decision table: outcomes, rules and boundaries.

type Scenario = readonly [name: string, urgency: Level, overrides: ScenarioAnswers, rules: readonly string[]];

const SCENARIOS: Scenario[] = [
  // SELF_CARE, and the limits of "young, low-risk, clearly musculoskeletal".
  ["resolved strain pain in a 25-year-old", "SELF_CARE", {}, ["resolved_musculoskeletal_pain_young_low_risk"]],
  ["the same at 12", "SELF_CARE", { age_years: 12 }, ["resolved_musculoskeletal_pain_young_low_risk"]],
  ["the same at 11", "SOON", { age_years: 11 }, ["pain_in_last_72_hours"]],
  ["the same at 39", "SELF_CARE", { age_years: 39 }, ["resolved_musculoskeletal_pain_young_low_risk"]],
  ["the same at 40 (chest wall pain: not urgent for age alone)", "SOON", { age_years: 40 }, ["pain_in_last_72_hours"]],
  ["the same with pain 7/10", "SELF_CARE", { pain_severity: 7 }, ["resolved_musculoskeletal_pain_young_low_risk"]],
  ["the same with pain 8/10", "URGENT", { pain_severity: 8 }, ["severe_pain", "pain_in_last_72_hours"]],
  ["strain pain still there, only on moving", "SELF_CARE", { pain_now: "yes", pain_at_rest: "no" }, ["musculoskeletal_pain_on_moving_young_low_risk"]],
  [
    "strain pain there now even at rest, 10 minutes",
    "ROUTINE",
    { pain_now: "yes", pain_at_rest: "yes", episode_duration: "10 min" },
    ["musculoskeletal_pain_at_rest_young_low_risk"],
  ],
  // Heart-type pain now or in the last 12 hours with a cardiac risk: EMERGENCY from the decision table (NICE CG95, no ECG).
  [
    "tight pain 12 hours ago at 45",
    "EMERGENCY",
    { ...nondescript, pain_character: ["pressure"], age_years: 45, last_pain_hours_ago: "12h" },
    ["suspected_heart_attack_pain_within_12_hours", "acute_pain_age_40_or_over", "acute_pain_sounds_cardiac", "pain_in_last_72_hours"],
  ],
  [
    "tight pain 13 hours ago at 45",
    "URGENT",
    { ...nondescript, pain_character: ["pressure"], age_years: 45, last_pain_hours_ago: "13h" },
    ["acute_pain_age_40_or_over", "acute_pain_sounds_cardiac", "pain_in_last_72_hours"],
  ],
  [
    "pain on effort, there now, in a 30-year-old smoker",
    "EMERGENCY",
    { pain_now: "yes", pain_on_exertion: "yes", age_years: 30, cardiac_risk_factors: ["smoker"] },
    ["suspected_heart_attack_pain_within_12_hours", "acute_pain_cardiac_risk_factors", "acute_pain_sounds_cardiac", "pain_still_present"],
  ],
  [
    "pain on effort, there now, in a 30-year-old with no risk factor",
    "URGENT",
    { pain_now: "yes", pain_on_exertion: "yes", age_years: 30 },
    ["acute_pain_sounds_cardiac", "pain_still_present"],
  ],
  // Acute pain (now or in the last 3 days, new or worse) with a cardiac or clot risk: URGENT, unless clearly from the chest wall.
  ["known heart disease", "URGENT", { cardiac_risk_factors: ["heart_disease"] }, ["acute_pain_known_heart_disease", "pain_in_last_72_hours"]],
  ["nondescript pain at 40", "URGENT", { ...nondescript, age_years: 40 }, ["acute_pain_age_40_or_over", "pain_in_last_72_hours"]],
  [
    "nondescript pain with diabetes and smoking",
    "URGENT",
    { ...nondescript, cardiac_risk_factors: ["diabetes", "smoker"] },
    ["acute_pain_cardiac_risk_factors", "pain_in_last_72_hours"],
  ],
  ["strain pain with diabetes and smoking", "SOON", { cardiac_risk_factors: ["diabetes", "smoker"] }, ["pain_in_last_72_hours"]],
  ["cocaine", "URGENT", { cardiac_risk_factors: ["stimulants"] }, ["acute_pain_after_stimulants", "pain_in_last_72_hours"]],
  ["tight, heavy pain", "URGENT", { pain_character: ["pressure"] }, ["acute_pain_sounds_cardiac", "pain_in_last_72_hours"]],
  [
    "pain on effort, getting worse",
    "URGENT",
    { ...nondescript, pain_on_exertion: "yes", pain_getting_worse: "yes" },
    ["acute_pain_sounds_cardiac", "pain_in_last_72_hours", "pain_getting_worse"],
  ],
  ["the contraceptive pill", "URGENT", { sex: "female", clot_risk_factors: ["hormones"] }, ["acute_pain_with_clot_risk", "pain_in_last_72_hours"]],
  ["pregnancy", "URGENT", { sex: "female", age_years: 30, pregnant: "yes" }, ["acute_pain_with_clot_risk", "pain_in_last_72_hours"]],
  ["recent surgery", "URGENT", { clot_risk_factors: ["recent_surgery"] }, ["acute_pain_with_clot_risk", "pain_in_last_72_hours"]],
  ["nondescript pain of sudden onset", "URGENT", { ...nondescript, pain_sudden_onset: "yes" }, ["acute_pain_sudden_onset", "pain_in_last_72_hours"]],
  ["strain pain of sudden onset (a knock)", "SOON", { pain_sudden_onset: "yes" }, ["pain_in_last_72_hours"]],
  ["nearly fainting", "URGENT", { syncope: "nearly_fainted" }, ["nearly_fainted", "pain_in_last_72_hours"]],
  ["palpitations", "URGENT", { associated_features: ["palpitations"] }, ["pain_with_palpitations", "pain_in_last_72_hours"]],
  [
    "nondescript pain now at rest for 10 minutes",
    "URGENT",
    { ...nondescript, pain_now: "yes", pain_at_rest: "yes", episode_duration: "10 min" },
    ["pain_now_at_rest", "pain_still_present"],
  ],
  // SOON: pain still there, or recent and not clearly musculoskeletal, or another finding.
  ["nondescript pain still there, only on moving", "SOON", { ...nondescript, pain_now: "yes", pain_at_rest: "no" }, ["pain_still_present"]],
  [
    "pain gone 3 days (72 hours) ago, nondescript",
    "SOON",
    { ...nondescript, pain_first_started: "4 days", last_pain_hours_ago: "3 days" },
    ["pain_in_last_72_hours"],
  ],
  ["pain gone 84 hours ago, nondescript", "SOON", { ...nondescript, pain_first_started: "4 days", last_pain_hours_ago: "84h" }, ["pain_in_last_72_hours"]],
  ["pain worse on breathing in", "SOON", { pain_character: ["sharp_on_breathing"], chest_injury: "no" }, ["pain_in_last_72_hours", "pleuritic_pain"]],
  ["fever or cough", "SOON", { cough_or_fever: "yes" }, ["pain_in_last_72_hours", "possible_chest_infection"]],
  [
    "tight pain with a racing heart, 5 weeks, last 3 days ago",
    "SOON",
    { ...nondescript, pain_character: ["pressure"], associated_features: ["palpitations"], pain_first_started: "5 weeks", last_pain_hours_ago: "3 days" },
    ["palpitations_with_past_pain", "cardiac_sounding_pain"],
  ],
  [
    "exertional pain for 3 months, stable, last a week ago, age 55",
    "SOON",
    { ...nondescript, age_years: 55, pain_on_exertion: "yes", pain_first_started: "3 months", last_pain_hours_ago: "1 week" },
    ["cardiac_sounding_pain"],
  ],
  [
    "new exertional pain for 3 weeks, stable, gone since yesterday (NICE CG95 stable chest pain)",
    "SOON",
    { ...nondescript, pain_character: ["pressure"], pain_on_exertion: "yes", pain_first_started: "3 weeks", last_pain_hours_ago: "20 hours" },
    ["cardiac_sounding_pain"],
  ],
  [
    "new pain gone 5 days ago at 45",
    "SOON",
    { ...nondescript, age_years: 45, pain_first_started: "10 days", last_pain_hours_ago: "5 days" },
    ["new_pain_with_cardiac_risk"],
  ],
  [
    "stable chest wall pain for months with known heart disease",
    "SOON",
    { age_years: 60, cardiac_risk_factors: ["heart_disease"], pain_now: "yes", pain_first_started: "2 months" },
    ["known_heart_disease", "chronic_stable_musculoskeletal_pain"],
  ],
  [
    "known angina on effort for 3 years, not the usual attack",
    "SOON",
    { ...knownAngina, cardiac_risk_factors: ["heart_disease"] },
    ["cardiac_sounding_pain", "known_heart_disease"],
  ],
  [
    "the pill, pain gone 5 days ago",
    "SOON",
    { sex: "female", clot_risk_factors: ["hormones"], pain_first_started: "6 days", last_pain_hours_ago: "5 days" },
    ["clot_risk_factors"],
  ],
  [
    "a knock at 70, pain gone 5 days ago",
    "SOON",
    { age_years: 70, pain_first_started: "6 days", last_pain_hours_ago: "5 days" },
    ["new_pain_with_cardiac_risk", "injury_age_65_or_over"],
  ],
  [
    "a knock at 64, pain gone 5 days ago",
    "SOON",
    { age_years: 64, pain_first_started: "6 days", last_pain_hours_ago: "5 days" },
    ["new_pain_with_cardiac_risk"],
  ],
  [
    "long-standing nondescript pain getting worse, there now, at 50",
    "URGENT",
    { ...nondescript, age_years: 50, pain_now: "yes", pain_first_started: "2 months", pain_getting_worse: "yes" },
    ["acute_pain_age_40_or_over", "pain_still_present", "pain_getting_worse"],
  ],
  [
    "long-standing strain pain getting worse, there now, at 50",
    "SOON",
    { age_years: 50, pain_now: "yes", pain_first_started: "2 months", pain_getting_worse: "yes" },
    ["pain_still_present", "pain_getting_worse"],
  ],
  [
    "long-standing nondescript pain, stable, gone 2 weeks ago",
    "SOON",
    { ...nondescript, pain_first_started: "3 months", last_pain_hours_ago: "2 weeks" },
    ["chest_pain_needs_review"],
  ],
  // Burning after meals (reflux): self-care when recent, under 55 and without risk factors; review within days otherwise.
  [
    "burning after meals for 2 weeks, gone 12 hours ago",
    "SELF_CARE",
    { pain_character: ["burning_after_meals"], chest_injury: "no", pain_first_started: "2 weeks", last_pain_hours_ago: "12 hours" },
    ["reflux_young_low_risk"],
  ],
  [
    "the same at 56",
    "ROUTINE",
    { age_years: 56, pain_character: ["burning_after_meals"], chest_injury: "no", pain_first_started: "2 weeks", last_pain_hours_ago: "12 hours" },
    ["reflux_needs_review"],
  ],
  [
    "burning after meals for 3 months, stable",
    "ROUTINE",
    { pain_character: ["burning_after_meals"], chest_injury: "no", pain_first_started: "3 months", last_pain_hours_ago: "2 weeks" },
    ["reflux_needs_review"],
  ],
  // Known angina, a usual attack eased as usual: self-care (NICE CG126), even a few hours ago.
  [
    "usual angina attack 18 hours ago, eased by GTN",
    "SELF_CARE",
    { ...knownAngina, cardiac_risk_factors: ["heart_disease"], usual_angina: "yes" },
    ["usual_stable_angina"],
  ],
  // ROUTINE: stable long-standing musculoskeletal pain; new pain gone for over 84 hours in a low-risk person.
  [
    "chest wall pain for 2 months, stable, there now on moving, at 50",
    "ROUTINE",
    { age_years: 50, pain_now: "yes", pain_first_started: "2 months" },
    ["chronic_stable_musculoskeletal_pain"],
  ],
  [
    "pain gone 85 hours ago, nondescript",
    "ROUTINE",
    { ...nondescript, pain_first_started: "5 days", last_pain_hours_ago: "85h" },
    ["resolved_new_pain_low_risk"],
  ],
  // The 4-week line between new and long-standing pain.
  ["nondescript pain on moving, first started 27 days ago", "SOON", { ...nondescript, pain_now: "yes", pain_first_started: "27 days" }, ["pain_still_present"]],
  [
    "strain pain on moving, first started 4 weeks ago",
    "ROUTINE",
    { pain_now: "yes", pain_first_started: "4 weeks" },
    ["chronic_stable_musculoskeletal_pain", "musculoskeletal_pain_on_moving_young_low_risk"],
  ],
];

describe("chest-pain: decision", () => {
  it.each(SCENARIOS)("ends %s at %s", (_name, urgency, overrides, rules) => {
    const run = runScenario("chest-pain", withAnswers(overrides));
    expect(run.result?.redFlag).toBeUndefined();
    expectLevelAndReasons(run.result, urgency, rules);
    expect(run.asked).toContain("clot_risk_factors");
  });

  it("reaches every outcome of the flow in the scenarios or red-flag cases", () => {
    const reached = new Set(SCENARIOS.map(([, urgency]) => urgency as string));
    reached.add("EMERGENCY");
    const outcomes = flow.nodes.filter((n): n is OutcomeNode => n.kind === "outcome");
    expect(outcomes.filter((o) => !reached.has(o.urgency)).map((o) => o.id)).toEqual([]);
    expect(new Set(outcomes.map((o) => o.urgency))).toEqual(new Set(["EMERGENCY", "URGENT", "SOON", "ROUTINE", "SELF_CARE"]));
  });

  it("fires every rule of the decision table in at least one scenario", () => {
    const fired = new Set(SCENARIOS.flatMap(([, , , rules]) => rules));
    const decision = flow.nodes.find((n) => n.kind === "decision");
    if (decision?.kind !== "decision") throw new Error("chest-pain has a decision node");
    const all = [...decision.rules.map((r) => r.id), decision.otherwise.id];
    expect(all.filter((id) => !fired.has(id))).toEqual([]);
  });

  it("asks whether the pain has changed only when it started 4 weeks ago or more, or comes on effort (stable or unstable angina)", () => {
    expect(runScenario("chest-pain", withAnswers({ pain_first_started: "27 days" })).asked).not.toContain("pain_getting_worse");
    expect(runScenario("chest-pain", withAnswers({ pain_first_started: "4 weeks" })).asked).toContain("pain_getting_worse");
    expect(runScenario("chest-pain", withAnswers({ ...nondescript, pain_on_exertion: "yes", pain_first_started: "3 weeks" })).asked).toContain(
      "pain_getting_worse",
    );
  });

  it("asks whether it is the usual angina only with known heart disease and pain on effort", () => {
    expect(runScenario("chest-pain", withAnswers({ ...knownAngina, cardiac_risk_factors: ["heart_disease"] })).asked).toContain("usual_angina");
    expect(runScenario("chest-pain", withAnswers({ ...knownAngina, cardiac_risk_factors: ["smoker"] })).asked).not.toContain("usual_angina");
    expect(runScenario("chest-pain", withAnswers({ ...knownAngina, pain_on_exertion: "no", cardiac_risk_factors: ["heart_disease"] })).asked).not.toContain(
      "usual_angina",
    );
  });

  it("asks about an injury or strain and what the pain is like before whether it is there at rest", () => {
    const asked = runScenario("chest-pain", withAnswers({ pain_now: "yes", pain_at_rest: "yes", episode_duration: "30 min" })).asked;
    expect(asked.slice(asked.indexOf("chest_injury"), asked.indexOf("pain_now") + 1)).toEqual([
      "chest_injury",
      "pain_character",
      "associated_features",
      "syncope",
      "pain_now",
    ]);
    expect(asked.indexOf("pain_at_rest")).toBeGreaterThan(asked.indexOf("pain_character"));
  });

  it("asks how long the pain has lasted only when it is there now even at rest, and when it last came only when it is gone", () => {
    const atRest = runScenario("chest-pain", withAnswers({ ...nondescript, pain_now: "yes", pain_at_rest: "yes", episode_duration: "5 min" })).asked;
    const onMoving = runScenario("chest-pain", withAnswers({ pain_now: "yes", pain_at_rest: "no" })).asked;
    const gone = runScenario("chest-pain", withAnswers({ pain_now: "no" })).asked;
    expect(atRest).toContain("episode_duration");
    expect(atRest).not.toContain("last_pain_hours_ago");
    expect(onMoving).not.toContain("episode_duration");
    expect(gone).toContain("last_pain_hours_ago");
    expect(gone).not.toContain("pain_at_rest");
  });

  it("asks about pregnancy only for a woman aged 12 to 55", () => {
    expect(runScenario("chest-pain", withAnswers({ sex: "female", age_years: 30 })).asked).toContain("pregnant");
    expect(runScenario("chest-pain", withAnswers({ sex: "female", age_years: 60 })).asked).not.toContain("pregnant");
    expect(runScenario("chest-pain", withAnswers({ sex: "male" })).asked).not.toContain("pregnant");
  });
});

// ---------------------------------------------------------------------------------------------
// Both locales, and the outcome texts.

describe("chest-pain: languages and outcome texts", () => {
  const story = (locale: "fr" | "en"): ScenarioAnswers => {
    const yes = locale === "fr" ? "oui" : "yes";
    const no = locale === "fr" ? "non" : "no";
    return withAnswers({
      age_years: "52",
      sex: "female",
      pain_now: yes,
      pain_at_rest: no,
      pain_first_started: locale === "fr" ? "2 jours" : "2 days",
      pain_sudden_onset: no,
      pain_on_exertion: yes,
      pain_severity: "6",
      cardiac_risk_factors: ["high_blood_pressure"],
      cough_or_fever: no,
    });
  };

  it("gives the same urgency, routing and reasons to the same story told in French and in English", () => {
    const fr = runScenario("chest-pain", story("fr"));
    const en = runScenario("chest-pain", story("en"));
    expect(fr.result).toMatchObject({ urgency: "EMERGENCY", routing: "emergency_services" });
    expect({ urgency: en.result?.urgency, routing: en.result?.routing }).toEqual({ urgency: fr.result?.urgency, routing: fr.result?.routing });
    const rules = [
      "suspected_heart_attack_pain_within_12_hours",
      "acute_pain_age_40_or_over",
      "acute_pain_cardiac_risk_factors",
      "acute_pain_sounds_cardiac",
      "pain_still_present",
    ];
    expect(fr.result?.reasons.map((r) => r.rule)).toEqual(rules);
    expect(en.result?.reasons.map((r) => r.rule)).toEqual(rules);
    expect(fr.result!.reasons[1]!.text.fr).toBe("Douleur récente à 40 ans ou plus");
    expect(en.result!.reasons[1]!.text.en).toBe("Recent pain at age 40 or over");
    // The answers a rule read are described in both languages for the clinician.
    const tension = en.result!.reasons[2]!.answers.find((a) => a.id === "cardiac_risk_factors")!;
    expect(tension.display).toEqual({ fr: "Tension trop élevée (hypertension)", en: "High blood pressure" });
  });

  it("has outcomes with a title, advice and safety-net in both languages, with no phone number", () => {
    expectOutcomeTextsInBothLanguages(flow);
    // "15 minutes" is a duration; an emergency number never appears in a flow.
    for (const { id, text } of outcomeTexts(flow)) expect(`${text?.fr} ${text?.en}`, id).not.toMatch(/\b(15|112|114|141|911|999|3114)\b(?!\s*min)/);
  });

  it("tells every patient not sent to emergency services when to call the emergency number", () => {
    for (const node of flow.nodes) {
      if (node.kind !== "outcome" || node.urgency === "EMERGENCY") continue;
      expect(node.safetyNet?.fr, node.id).toMatch(/numéro d'urgence/);
      expect(node.safetyNet?.en, node.id).toMatch(/emergency number/);
      expect(node.safetyNet?.en, node.id).toMatch(/15 minutes/);
    }
  });
});
