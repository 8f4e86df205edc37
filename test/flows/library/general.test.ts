import { describe, expect, it } from "vitest";
import {
  answerSession,
  compileFlow,
  flowSchema,
  parseAnswer,
  resolverOf,
  sessionQuestion,
  startSession,
  variablesOf,
  type Condition,
  type Flow,
  type FlowResolver,
} from "../../../flows/index.js";
import { expectRedFlagEnd } from "./redFlagSuite.js";
import { ECTOPIC_SIGNS, expectEctopicEmergency } from "./ectopicChecks.js";
import { expectLevelAndReasons, expectOutcomeTextsInBothLanguages, loadLibraryFlow, readSharedScreens } from "./flowTestParts.js";
import { libraryResolver, readLibraryFiles, runScenario, type ScenarioAnswers } from "../libraryFlows.js";
import { MILD_URINARY, MILD_VOMITING_DIARRHOEA } from "../../fixtures/mildStories.js";

/**
 * The entry flow: global red flags, free-text screening, demographics, the young-infant rule,
 * handover to every complaint flow, and the clinician review that ends a complaint with no flow.
 */

const { flow, question, outcome } = loadLibraryFlow("general");
const { shared, demographics } = readSharedScreens();

/** An adult with no danger sign, no alarming words, complaint "something else". */
const base: ScenarioAnswers = {
  danger_signs: ["none"],
  complaint_text: "J'ai des démangeaisons sur les bras",
  text_signs_confirm: ["none"],
  age_years: 34,
  child_age_months: 6,
  sex: "male",
  pregnant: "no",
  main_complaint: "other",
  missed_period: "no",
  pregnancy_emergency: ["none"],
  other_warning_signs: ["none"],
  other_how_unwell: 3,
  other_duration: "3 days",
  other_getting_worse_fast: "no",
  other_usual_activities: "yes",
};
const withAnswers = (overrides: ScenarioAnswers): ScenarioAnswers => ({ ...base, ...overrides });

// ---------------------------------------------------------------------------------------------
// Red flags: one case per (red flag, question it reads, value that makes it hold), from the data.

interface RedFlagCase {
  flag: string;
  question: string;
  answers: ScenarioAnswers;
  label: string;
}

/** What `pick` finds in a condition's atoms (an operator and its arguments), looking inside the atoms it finds nothing in. */
function collectFromAtoms(condition: Condition, pick: (op: string, args: unknown) => string[] | undefined): string[] {
  const found: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== "object") return;
    for (const [op, args] of Object.entries(node)) {
      const picked = pick(op, args);
      if (picked) found.push(...picked);
      else visit(args);
    }
  };
  visit(condition);
  return found;
}

const isAnswerOf = (arg: unknown, questionId: string) => JSON.stringify(arg) === JSON.stringify({ var: questionId });

/** Options a danger_signs red flag fires on: the literals of its `{"in": [option, {"var": "danger_signs"}]}` atoms. */
const optionsOf = (condition: Condition, questionId: string): string[] =>
  collectFromAtoms(condition, (op, args) =>
    op === "in" && Array.isArray(args) && typeof args[0] === "string" && isAnswerOf(args[1], questionId) ? [args[0]] : undefined,
  );

/** Keywords a free-text red flag screens for: the lists of its `mentions` atoms on `questionId`. */
const keywordsOf = (condition: Condition, questionId: string): string[] =>
  collectFromAtoms(condition, (op, args) =>
    op === "mentions" && Array.isArray(args) && isAnswerOf(args[0], questionId) && Array.isArray(args[1])
      ? args[1].filter((k): k is string => typeof k === "string")
      : undefined,
  );

const redFlagCases: RedFlagCase[] = flow.redFlags.flatMap((rf) => [
  ...optionsOf(rf.when, "danger_signs").map((option) => ({
    flag: rf.id,
    question: "danger_signs",
    answers: withAnswers({ danger_signs: [option] }),
    label: `danger sign "${option}"`,
  })),
  ...keywordsOf(rf.when, "complaint_text").map((keyword) => ({
    flag: rf.id,
    question: "complaint_text",
    // The keyword inside a sentence, capitalised, as a patient would type it.
    answers: withAnswers({ complaint_text: `Bonjour, ${keyword.toUpperCase()} depuis ce matin` }),
    label: `the words "${keyword}"`,
  })),
  // A pregnancy emergency sign of a woman who may be pregnant and picked "something else".
  ...optionsOf(rf.when, "pregnancy_emergency").map((option) => ({
    flag: rf.id,
    question: "pregnancy_emergency",
    answers: withAnswers({ sex: "female", age_years: 28, pregnant: "unsure", pregnancy_emergency: [option] }),
    label: `the pregnancy emergency sign "${option}"`,
  })),
  // A sign the message may describe, confirmed by the patient: the message names it, the patient ticks it.
  ...optionsOf(rf.when, "text_signs_confirm").map((option) => ({
    flag: rf.id,
    question: "text_signs_confirm",
    answers: withAnswers({ complaint_text: `Bonjour, ${screenKeyword(option).toUpperCase()} depuis ce matin`, text_signs_confirm: [option] }),
    label: `the confirmed sign "${option}"`,
  })),
]);

/** A keyword of the screen that leads to confirming `option` (the branch into text_signs_confirm lists them all). */
function screenKeyword(option: string): string {
  const complaintText = question("complaint_text");
  const branch = complaintText.next.branches.find((b) => b.to === "text_signs_confirm")!;
  const screens = (branch.when as { or: { mentions: [unknown, string[]] }[] }).or;
  const index = (flow.nodes.find((n) => n.id === "text_signs_confirm") as { options: { value: string }[] }).options.findIndex((o) => o.value === option);
  return screens[index]!.mentions[1][0]!;
}

describe("general: red flags", () => {
  it("has a firing case for every red flag and every question each red flag reads", () => {
    const covered = new Set(redFlagCases.map((c) => `${c.flag}@${c.question}`));
    const expected = flow.redFlags.flatMap((rf) => variablesOf(rf.when).map((q) => `${rf.id}@${q}`));
    expect(expected.length).toBeGreaterThanOrEqual(flow.redFlags.length);
    expect(expected.filter((key) => !covered.has(key))).toEqual([]);
  });

  it("includes the shared danger_signs question and every global red flag exactly as given", () => {
    const { next: _sharedNext, ...sharedQuestion } = shared.question;
    const { next, ...ownQuestion } = question("danger_signs");
    expect(ownQuestion).toEqual(sharedQuestion);
    expect(next.default).toBe("complaint_text");
    for (const rf of shared.redFlags) expect(flow.redFlags.find((f) => f.id === rf.id)).toEqual(rf);
    for (const id of ["emergency", "emergency_mental_health"]) {
      expect(outcome(id)).toMatchObject({ urgency: "EMERGENCY", routing: "emergency_services" });
    }
  });

  it("includes the shared demographic questions exactly as given", () => {
    for (const q of demographics.questions) {
      const { next: _next, ...sharedQuestion } = q;
      const { next: _own, ...own } = question(q.id);
      expect(own).toEqual(sharedQuestion);
    }
  });

  it.each(redFlagCases.map((c) => [`${c.flag} fires at ${c.question} on ${c.label} and ends the flow there`, c] as const))("%s", (_name, c) => {
    const run = runScenario("general", c.answers);
    expectRedFlagEnd(flow, run, c.flag, c.question);
    expect(run.flows).toEqual(["general"]);
  });

  it.each([
    ["Je veux me suicider", "rf_text_suicide_self_harm"],
    ["j'ai des idées suicidaires depuis une semaine", "rf_text_suicide_self_harm"],
    ["Je pense à mettre fin à mes jours", "rf_text_suicide_self_harm"],
    ["je n'ai plus envie de vivre", "rf_text_suicide_self_harm"],
    ["I keep thinking I want to KILL MYSELF", "rf_text_suicide_self_harm"],
    ["my daughter has been self-harming", "rf_text_suicide_self_harm"],
    ["Mon bébé s'étouffe avec un jouet", "rf_text_cannot_breathe"],
    ["J'étouffe, je n'arrive pas à respirer", "rf_text_cannot_breathe"],
    ["I can’t breathe", "rf_text_cannot_breathe"],
    ["Mon père est inconscient par terre", "rf_text_unresponsive"],
    ["my husband won't wake up", "rf_text_unresponsive"],
    ["mon fils a avalé une pile bouton", "rf_text_overdose_poisoning"],
    ["I took too many pills", "rf_text_overdose_poisoning"],
  ])("reads %j as red flag %s", (text, flag) => {
    const run = runScenario("general", withAnswers({ complaint_text: text }));
    expect(run.result?.redFlag).toBe(flag);
    expect(run.asked).toEqual(["danger_signs", "complaint_text"]);
  });

  it.each([
    "J'ai mal à la poitrine depuis ce matin",
    "I have a cough and a fever",
    "je me suis fait mal au dos en portant un carton",
    "I hurt myself playing football",
    "j'ai un peu de mal à respirer quand je monte les escaliers",
    "la fièvre ne répond pas au paracétamol",
    "intoxication alimentaire, je vomis depuis hier",
  ])("does not read the ordinary complaint %j as an emergency", (text) => {
    const run = runScenario("general", withAnswers({ complaint_text: text }));
    expect(run.result?.redFlag).toBeUndefined();
    expect(run.asked).toContain("main_complaint");
  });
});

// ---------------------------------------------------------------------------------------------
// Handover: every complaint option goes to its flow, carrying the demographic answers.

const TARGET_FLOWS = [
  "chest-pain",
  "breathing-cough",
  "fever-adult",
  "fever-child",
  "headache",
  "abdominal-pain",
  "urinary",
  "vomiting-diarrhoea",
  "throat-ear-sinus",
  "skin",
  "eye",
  "neuro",
  "palpitations",
  "back-pain",
  "limb-joint",
  "injury",
  "pregnancy",
  "mental-health",
  "admin-request",
];
const CARRIED = ["age_years", "sex", "pregnant", "danger_signs", "complaint_text", "child_age_months"];

/** Answers general's questions until the session leaves it; returns the flows and the next question asked. */
function runUntilHandover(answers: ScenarioAnswers, resolver: FlowResolver) {
  let state = startSession(resolver, "general");
  const asked: string[] = [];
  for (;;) {
    const { compiled: running, question: current } = sessionQuestion(resolver, state);
    if (running.flow.slug !== "general" || !current) {
      return { flows: state.frames.map((f) => f.slug), asked, state, next: current?.id };
    }
    const parsed = parseAnswer(current, answers[current.id]);
    if (!parsed.ok) throw new Error(`no valid scripted answer for ${current.id}`);
    asked.push(current.id);
    state = answerSession(resolver, state, current.id, parsed.value);
  }
}

describe("general: handover to the complaint flows", () => {
  const resolver = libraryResolver();
  const EXPECTED: Record<string, string> = {
    chest_pain: "chest-pain",
    breathing_cough: "breathing-cough",
    fever_adult: "fever-adult",
    fever_child: "fever-adult", // chosen for a 34-year-old: routed by age, not by the label
    headache: "headache",
    abdominal_pain: "abdominal-pain",
    urinary: "urinary",
    vomiting_diarrhoea: "vomiting-diarrhoea",
    throat_ear_sinus: "throat-ear-sinus",
    skin: "skin",
    eye: "eye",
    neuro: "neuro",
    palpitations: "palpitations",
    back_pain: "back-pain",
    limb_joint: "limb-joint",
    injury: "injury",
    pregnancy: "pregnancy",
    mental_health: "mental-health",
    admin_request: "admin-request",
  };

  it("has an expected flow for every complaint option except 'other'", () => {
    const main = question("main_complaint");
    if (main.type !== "single_choice") throw new Error("main_complaint is a single choice");
    expect(
      main.options
        .map((o) => o.value)
        .filter((v) => v !== "other")
        .sort(),
    ).toEqual(Object.keys(EXPECTED).sort());
  });

  it("hands over only to the known complaint flows, all of them in the library", () => {
    const targets = flow.nodes.flatMap((n) => (n.kind === "handover" ? [n.flow] : []));
    expect([...new Set(targets)].sort()).toEqual([...TARGET_FLOWS].sort());
    const slugs = readLibraryFiles().map(({ json }) => (json as { slug: string }).slug);
    expect(TARGET_FLOWS.filter((slug) => !slugs.includes(slug))).toEqual([]);
  });

  it("carries a baby's age in months into fever-child, which does not ask it again", () => {
    const run = runUntilHandover(withAnswers({ age_years: 0, child_age_months: 7, main_complaint: "fever_child" }), resolver);
    expect(run.flows).toEqual(["general", "fever-child"]);
    expect(run.state.frames[1]!.snapshot.context.answers.child_age_months).toBe(7);
    expect(run.next).not.toBe("child_age_months");
  });

  it.each(Object.entries(EXPECTED))("hands over the complaint %s to the flow %s, carrying the demographic answers", (option, slug) => {
    const run = runUntilHandover(withAnswers({ main_complaint: option }), resolver);
    expect(run.flows).toEqual(["general", slug]);
    expect(run.asked.at(-1)).toBe("main_complaint");
    const target = run.state.frames[1]!.snapshot.context;
    // pregnant and child_age_months are not asked of a 34-year-old man, so there is nothing to carry for them.
    expect(target.carried.sort()).toEqual(["age_years", "complaint_text", "danger_signs", "sex"]);
    expect(target.answers).toMatchObject({ age_years: 34, sex: "male", danger_signs: ["none"] });
    // The complaint flow does not ask again what general carried (pregnancy asks the man whether pregnancy concerns him: never asked, never carried).
    expect(target.carried).not.toContain(run.next);
  });

  it.each([
    ["fever_child", 11, "fever-child"],
    ["fever_adult", 11, "fever-child"],
    ["fever_child", 12, "fever-adult"],
    ["fever_adult", 12, "fever-adult"],
    ["fever_adult", 3, "fever-child"],
    ["fever_child", 0, "fever-child"],
    ["fever_adult", 80, "fever-adult"],
  ] as const)("routes %s at age %i to %s (fever is routed by age: under 12 to the child flow, as fever-adult does)", (option, age, slug) => {
    const run = runUntilHandover(withAnswers({ main_complaint: option, age_years: age, child_age_months: 3 }), resolver);
    expect(run.flows).toEqual(["general", slug]);
  });

  it("carries pregnancy to the complaint flow when it was asked", () => {
    const run = runUntilHandover(withAnswers({ sex: "female", age_years: 29, pregnant: "yes", main_complaint: "headache" }), resolver);
    expect(run.asked).toContain("pregnant");
    expect(run.state.frames[1]!.snapshot.context.answers.pregnant).toBe("yes");
  });

  it("gives each handover a reason in both languages", () => {
    const run = runUntilHandover(withAnswers({ main_complaint: "urinary" }), resolver);
    const reasons = run.state.frames[0]!.snapshot.context.reasons.filter((r) => r.kind === "handover");
    expect(reasons.map((r) => r.rule)).toEqual(["to_urinary"]);
    for (const node of flow.nodes) {
      if (node.kind !== "handover") continue;
      expect(node.reason?.fr, node.id).toBeTruthy();
      expect(node.reason?.en, node.id).toBeTruthy();
      expect(node.carry).toEqual(CARRIED);
    }
  });

  it("runs end to end into chest-pain without asking the carried questions again", () => {
    const run = runScenario(
      "general",
      withAnswers({
        main_complaint: "chest_pain",
        chest_injury: "no",
        pain_character: ["none_fit"],
        associated_features: ["none"],
        syncope: "no",
        pain_now: "yes",
        pain_at_rest: "yes",
        episode_duration: "20 min",
      }),
    );
    expect(run.flows).toEqual(["general", "chest-pain"]);
    expect(run.asked.filter((q) => q === "danger_signs" || q === "age_years" || q === "sex")).toHaveLength(3);
    expect(run.result?.redFlag).toBe("rf_pain_at_rest_15_minutes_or_more");
    expect(run.result?.reasons.map((r) => r.rule)).toEqual(["to_chest_pain", "rf_pain_at_rest_15_minutes_or_more"]);
  });
});

// ---------------------------------------------------------------------------------------------
// Demographics and infants.

describe("general: demographics and babies", () => {
  it.each([
    ["female", 12, true],
    ["female", 55, true],
    ["female", 11, false],
    ["female", 56, false],
    ["male", 30, false],
    ["other", 30, false],
  ] as const)("asks about pregnancy for sex %s aged %i: %s", (sex, age, asked) => {
    const run = runScenario("general", withAnswers({ sex, age_years: age }));
    expect(run.asked.includes("pregnant")).toBe(asked);
  });

  it("asks the baby's age in months only for age 0", () => {
    expect(runScenario("general", withAnswers({ age_years: 0 })).asked).toContain("child_age_months");
    expect(runScenario("general", withAnswers({ age_years: 1 })).asked).not.toContain("child_age_months");
  });

  it.each([
    [0, "fever_child", ["young_infant_with_fever"]],
    [2, "fever_adult", ["young_infant_with_fever"]],
    [2, "other", ["young_infant"]],
    [1, "abdominal_pain", ["young_infant"]],
    [0, "breathing_cough", ["young_infant"]],
  ] as const)("sends a baby of %i months with complaint %s to URGENT clinician review at once", (months, complaint, rules) => {
    const run = runScenario("general", withAnswers({ age_years: 0, child_age_months: months, main_complaint: complaint }));
    expect(run.flows).toEqual(["general"]);
    expect(run.result).toMatchObject({ urgency: "URGENT", routing: "on_call_clinician", outcome: "urgent_young_infant" });
    expect(run.result?.reasons.map((r) => r.rule)).toEqual(rules);
    expect(run.asked.at(-1)).toBe("main_complaint");
    for (const r of run.result!.reasons) expect(r.text.fr && r.text.en).toBeTruthy();
  });

  it("does not apply the under-3-months rule from 3 months on", () => {
    const run = runScenario("general", withAnswers({ age_years: 0, child_age_months: 3, main_complaint: "other" }));
    expect(run.result?.reasons.map((r) => r.rule)).not.toContain("young_infant");
    expect(run.asked).toContain("other_how_unwell");
  });
});

/** Emergency numbers the engine shows itself; a duration or an age ("15 minutes") is not one. */
const PHONE_NUMBER = /\b(15|112|114|141|911|999|3114)\b(?!\s*(min|minutes|ans|years|mois|months|jours|days|h\b|heures|hours))/;

/** Every text a patient or clinician reads in the flow, in every locale. */
function patientTexts(f: Flow): string[] {
  const texts: string[] = [];
  const visit = (value: unknown, key?: string): void => {
    if (typeof value === "string") {
      if (key === "fr" || key === "en") texts.push(value);
    } else if (Array.isArray(value)) value.forEach((v) => visit(v));
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) if (k !== "when") visit(v, k);
  };
  visit({ title: f.title, description: f.description, nodes: f.nodes, redFlags: f.redFlags });
  return texts;
}

// ---------------------------------------------------------------------------------------------
// A complaint with no flow: generic questions, then clinician review (never self-care).

describe("general: a complaint with no dedicated flow", () => {
  it.each([
    ["a mild, stable problem of 3 days", "SELF_CARE", {}, ["mild_and_improving"]],
    ["a mild problem of 23 hours", "SELF_CARE", { other_duration: "23h" }, ["mild_and_improving"]],
    ["feeling 6/10 unwell for 3 days", "ROUTINE", { other_how_unwell: 6 }, ["moderately_unwell"]],
    ["feeling 6/10 unwell for 2 days", "SOON", { other_how_unwell: 6, other_duration: "2 days" }, ["new_and_moderately_unwell", "moderately_unwell"]],
    ["a mild problem of 3 weeks", "ROUTINE", { other_duration: "3 weeks" }, ["lasting_over_two_weeks"]],
    ["a mild problem at 80", "ROUTINE", { age_years: 80 }, ["older_person"]],
    ["feeling 7/10 unwell", "URGENT", { other_how_unwell: 7 }, ["feels_very_unwell", "moderately_unwell"]],
    ["getting worse quickly", "URGENT", { other_getting_worse_fast: "yes" }, ["getting_worse_quickly"]],
    ["unable to do usual activities", "SOON", { other_usual_activities: "no" }, ["unable_to_do_usual_activities"]],
    ["a pregnant woman", "SOON", { sex: "female", age_years: 28, pregnant: "yes" }, ["pregnant_or_possibly_pregnant"]],
    ["a woman unsure whether she is pregnant", "SOON", { sex: "female", age_years: 28, pregnant: "unsure" }, ["pregnant_or_possibly_pregnant"]],
    ["a woman whose period is late", "SOON", { sex: "female", age_years: 28, pregnant: "no", missed_period: "yes" }, ["pregnant_or_possibly_pregnant"]],
    [
      "a woman not pregnant whose period is not late",
      "SELF_CARE",
      { sex: "female", age_years: 28, pregnant: "no", missed_period: "no" },
      ["mild_and_improving"],
    ],
    ["a baby of 5 months", "SOON", { age_years: 0, child_age_months: 5 }, ["baby_under_one"]],
    [
      "a baby of 5 months not feeding or playing",
      "URGENT",
      { age_years: 0, child_age_months: 5, other_usual_activities: "no" },
      ["baby_not_doing_usual_activities", "unable_to_do_usual_activities", "baby_under_one"],
    ],
    [
      "very unwell, worsening fast and unable to do anything",
      "URGENT",
      { other_how_unwell: 9, other_getting_worse_fast: "yes", other_usual_activities: "no", other_duration: "6h" },
      ["getting_worse_quickly", "feels_very_unwell", "unable_to_do_usual_activities", "new_and_moderately_unwell", "moderately_unwell"],
    ],
    ["having fainted", "URGENT", { other_warning_signs: ["fainted"] }, ["fainted"]],
    ["sudden, very severe pain", "URGENT", { other_warning_signs: ["sudden_severe_pain"] }, ["sudden_severe_pain"]],
    ["fever while feeling very unwell", "URGENT", { other_warning_signs: ["fever_very_unwell"] }, ["fever_and_very_unwell"]],
    ["vomiting blood, however mild the rest", "EMERGENCY", { other_warning_signs: ["vomiting_blood_black_stools"] }, ["vomiting_blood_or_black_stools"]],
    ["signs of shock", "EMERGENCY", { other_warning_signs: ["shock_signs", "fainted"] }, ["signs_of_shock", "fainted"]],
  ] as const)("ends %s at %s with the matching reasons", (_name, urgency, overrides, rules) => {
    const run = runScenario("general", withAnswers(overrides));
    expect(run.flows).toEqual(["general"]);
    expectLevelAndReasons(run.result, urgency, rules);
    expect(run.asked.slice(-5)).toEqual(["other_warning_signs", "other_how_unwell", "other_duration", "other_getting_worse_fast", "other_usual_activities"]);
  });

  it("can reach every level, from EMERGENCY to SELF_CARE (a catch-all must not cap the scale)", () => {
    const urgencies = new Set(flow.nodes.flatMap((n) => (n.kind === "outcome" ? [n.urgency] : [])));
    expect([...urgencies].sort()).toEqual(["EMERGENCY", "ROUTINE", "SELF_CARE", "SOON", "URGENT"]);
  });

  it("gives the same urgency and routing to the same story told in French and in English", () => {
    const fr = runScenario(
      "general",
      withAnswers({
        complaint_text: "J'ai le genou gonflé et chaud",
        other_how_unwell: "5",
        other_duration: "2 jours",
        other_getting_worse_fast: "oui",
        other_usual_activities: "non",
      }),
    );
    const en = runScenario(
      "general",
      withAnswers({
        complaint_text: "My knee is swollen and warm",
        other_how_unwell: 5,
        other_duration: "2 days",
        other_getting_worse_fast: "yes",
        other_usual_activities: "no",
      }),
    );
    expect(fr.result).toBeDefined();
    expect({ urgency: fr.result?.urgency, routing: fr.result?.routing }).toEqual({ urgency: "URGENT", routing: "on_call_clinician" });
    expect({ urgency: en.result?.urgency, routing: en.result?.routing }).toEqual({ urgency: fr.result?.urgency, routing: fr.result?.routing });
    expect(en.result?.reasons.map((r) => r.rule)).toEqual(fr.result?.reasons.map((r) => r.rule));
    expect(fr.result!.reasons.map((r) => r.text.fr)).toEqual([
      "Problème qui s'aggrave rapidement",
      "N'arrive plus à faire ses activités habituelles",
      "Problème récent (moins de 3 jours) qui gêne nettement (4/10 ou plus)",
      "Problème qui gêne nettement (4/10 ou plus) sans signe d'urgence",
    ]);
    expect(en.result!.reasons.map((r) => r.text.en)).toEqual([
      "Problem getting worse quickly",
      "Unable to do usual activities",
      "Recent problem (under 3 days) that clearly bothers you (4/10 or more)",
      "Problem that clearly bothers you (4/10 or more) without a sign of urgency",
    ]);
  });

  it("has outcomes with a title, advice and safety-net in both languages, and no phone number", () => {
    expectOutcomeTextsInBothLanguages(flow);
    expect(patientTexts(flow).filter((text) => PHONE_NUMBER.test(text))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// Ectopic pregnancy (NICE NG126) in the catch-all: it often presents atypically.

describe("general: ectopic pregnancy behind 'something else' (NICE NG126, issue 18)", () => {
  const WOMAN = { sex: "female", age_years: 28 };

  it.each([
    ["pregnant", { pregnant: "yes" }, ["pregnant", "main_complaint", "pregnancy_emergency"]],
    ["maybe pregnant", { pregnant: "unsure" }, ["pregnant", "main_complaint", "pregnancy_emergency"]],
    ["whose period is late", { pregnant: "no", missed_period: "yes" }, ["pregnant", "main_complaint", "missed_period", "pregnancy_emergency"]],
  ] as const)(
    "asks a woman %s the pregnancy emergency signs before the other warning signs, and any of them ends at EMERGENCY with the ectopic reason",
    (_who, answers, path) => {
      const calm = runScenario("general", withAnswers({ ...WOMAN, ...answers }));
      expect(calm.asked.slice(calm.asked.indexOf("pregnant"), calm.asked.indexOf("other_warning_signs"))).toEqual(path);
      for (const sign of ECTOPIC_SIGNS) {
        const run = runScenario("general", withAnswers({ ...WOMAN, ...answers, pregnancy_emergency: [sign] }));
        expect(run.flows).toEqual(["general"]);
        expectEctopicEmergency(run.result, sign);
      }
    },
  );

  it.each([
    ["a man", { sex: "male", age_years: 28 }],
    ["a person of unstated sex", { sex: "other", age_years: 28 }],
    ["a girl of 11", { sex: "female", age_years: 11 }],
    ["a woman of 56", { sex: "female", age_years: 56 }],
  ] as const)("never asks %s with the same story about pregnancy, a late period or its emergency signs", (_who, who) => {
    const run = runScenario("general", withAnswers({ ...who, missed_period: "yes", pregnancy_emergency: ["shoulder_tip_pain"] }));
    for (const id of ["pregnant", "missed_period", "pregnancy_emergency"]) expect(run.asked).not.toContain(id);
    expect(run.result?.urgency).toBe("SELF_CARE");
  });

  // As patients meet it: from the entry flow, through the whole library, with question economy on.
  const patientResolver = resolverOf(readLibraryFiles().map(({ json }) => compileFlow(flowSchema.parse(json), { economy: true })));
  const ECTOPIC_STORY = {
    ...WOMAN,
    pregnant: "no",
    missed_period: "yes",
    pregnancy_emergency: ["shoulder_tip_pain"],
    // The mild story of each flow it picks, so that only the ectopic screen can make it urgent.
    ...MILD_VOMITING_DIARRHOEA,
    ...MILD_URINARY,
  };

  it.each([
    ["vomiting_diarrhoea", ["general", "vomiting-diarrhoea"]],
    ["urinary", ["general", "urinary"]],
    ["other", ["general"]],
  ] as const)(
    "plays a woman with a late period and shoulder-tip pain who picks %s from the entry flow, with question economy, to EMERGENCY with the ectopic reason; a man with the same story is never asked",
    (complaint, flows) => {
      const woman = runScenario("general", withAnswers({ ...ECTOPIC_STORY, main_complaint: complaint }), patientResolver);
      expect(woman.flows).toEqual(flows);
      expect(woman.result?.urgency).toBe("EMERGENCY");
      expect(woman.result?.redFlag).toBe("rf_possible_ectopic_pregnancy");
      expect(woman.asked.slice(-2)).toEqual(["missed_period", "pregnancy_emergency"]);

      const man = runScenario("general", withAnswers({ ...ECTOPIC_STORY, sex: "male", main_complaint: complaint }), patientResolver);
      expect(man.flows).toEqual(flows);
      for (const id of ["pregnant", "missed_period", "pregnancy_emergency"]) expect(man.asked).not.toContain(id);
      expect(man.result?.urgency).not.toBe("EMERGENCY");
    },
  );

  it("does not ask the pregnancy emergency signs in the entry flow of a woman who picks a complaint with its own flow (the screens of that flow apply there)", () => {
    const run = runUntilHandover(withAnswers({ ...WOMAN, pregnant: "yes", main_complaint: "skin" }), libraryResolver());
    expect(run.asked).not.toContain("pregnancy_emergency");
    expect(run.flows).toEqual(["general", "skin"]);
  });
});

// ---------------------------------------------------------------------------------------------
// Free text that may describe an emergency is shown back for confirmation, whatever the spelling.

describe("general: emergencies described only in the opening message", () => {
  it.each([
    ["my lips are swelling", "face_swelling_text", "rf_text_confirmed_face_swelling"],
    ["his face is drooping and he talks funny", "stroke_signs_text", "rf_text_confirmed_stroke_signs"],
    ["I vomited blood this morning", "vomiting_blood_text", "rf_text_confirmed_vomiting_blood"],
    ["jai vomi du sang", "vomiting_blood_text", "rf_text_confirmed_vomiting_blood"],
    ["mon fils convulse", "seizure_text", "rf_text_confirmed_seizure"],
    ["3andi sra3", "seizure_text", "rf_text_confirmed_seizure"],
    ["le pire mal de tete de ma vie", "sudden_headache_text", "rf_text_confirmed_sudden_headache"],
    ["ma mere est confuse depuis ce matin", "confusion_text", "rf_text_confirmed_confusion"],
    ["taches violettes et fievre chez mon fils", "rash_fever_text", "rf_text_confirmed_rash_fever"],
    ["bleeding a lot from my leg, wont stop bleeding", "heavy_bleeding_text", "rf_text_confirmed_heavy_bleeding"],
  ])("asks to confirm the sign in %j, and a confirmed sign ends at once at EMERGENCY", (text, option, flag) => {
    const confirmed = runScenario("general", withAnswers({ complaint_text: text, text_signs_confirm: [option] }));
    expect(confirmed.asked).toEqual(["danger_signs", "complaint_text", "text_signs_confirm"]);
    expect(confirmed.result?.urgency).toBe("EMERGENCY");
    expect(confirmed.result?.redFlag).toBe(flag);
  });

  it("goes on with the usual questions when the patient says none of the signs is happening: text never lowers, never decides alone", () => {
    const run = runScenario("general", withAnswers({ complaint_text: "my lips are swelling a little since I changed lipstick", text_signs_confirm: ["none"] }));
    expect(run.asked.slice(0, 4)).toEqual(["danger_signs", "complaint_text", "text_signs_confirm", "age_years"]);
    expect(run.result?.redFlag).toBeUndefined();
    expect(run.asked).toContain("main_complaint");
  });

  it("does not ask for confirmation when the message describes nothing urgent", () => {
    const run = runScenario("general", withAnswers({ complaint_text: "j'ai besoin d'un renouvellement d'ordonnance" }));
    expect(run.asked).not.toContain("text_signs_confirm");
  });
});
