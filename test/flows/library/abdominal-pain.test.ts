import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileFlow, currentQuestion, flowSchema, resolverOf, startFlow, type Flow } from "../../../flows/index.js";
import { describeRedFlagCases } from "./redFlagSuite.js";
import { LIBRARY_DIR, reasonTexts, runScenario, type ScenarioAnswers } from "../libraryFlows.js";

const SLUG = "abdominal-pain";
const readJson = (file: string) => JSON.parse(readFileSync(join(LIBRARY_DIR, file), "utf8"));
const RAW = readJson(`${SLUG}.json`);
const flow: Flow = flowSchema.parse(RAW);
// This flow hands over to no other flow: a resolver of its own keeps these tests independent of
// the rest of the library (a flow being written by someone else cannot break them).
const resolver = resolverOf([compileFlow(flow)]);
const run = (answers: ScenarioAnswers) => runScenario(SLUG, answers, resolver);

/** An adult with mild upper tummy pain for a day: every question has an answer, no rule fires. */
const BASE: ScenarioAnswers = {
  danger_signs: ["none"],
  age_years: 30,
  sex: "female",
  pregnant: "no",
  missed_period: "no",
  pregnancy_symptoms: ["none"],
  testicle_pain: "no",
  alarm_symptoms: ["none"],
  pain_location: "upper_middle",
  pain_moved: "no",
  pain_after_fatty_meals: "no",
  severity: 3,
  onset: "over_hours",
  pain_duration: "1 day",
  fever: "no",
  vomiting: "no",
  diarrhoea: "no",
  diarrhoea_duration: "1 day",
  no_stool_no_gas: "no",
  jaundice: "no",
};

/** What to change in BASE so that a question is asked at all (questions behind a branch). */
const REACH: Record<string, ScenarioAnswers> = {
  pregnancy_symptoms: { pregnant: "yes" },
  testicle_pain: { sex: "male" },
  pain_moved: { pain_location: "right_lower" },
  diarrhoea_duration: { diarrhoea: "yes" },
};

// ---------------------------------------------------------------------------------------------
// Generic red-flag cases, generated from the flow data (redFlagSuite.ts, shared by the library tests).
const { cases: RED_FLAG_CASES } = describeRedFlagCases({ slug: SLUG, flow, base: BASE, reach: REACH, run });

// ---------------------------------------------------------------------------------------------

interface Scenario {
  name: string;
  answers: ScenarioAnswers;
  urgency: string;
  rules: string[];
}

const ROUTING: Record<string, string> = {
  EMERGENCY: "emergency_services",
  URGENT: "on_call_clinician",
  SOON: "same_day_teleconsultation",
  ROUTINE: "routine_teleconsultation",
  SELF_CARE: "self_care",
};

const s = (name: string, change: ScenarioAnswers, urgency: string, rules: string[]): Scenario => ({ name, answers: { ...BASE, ...change }, urgency, rules });


const SCENARIOS: Scenario[] = [
  s("mild pain with no warning sign is self care", {}, "SELF_CARE", ["mild_pain_no_warning_sign"]),
  s("pain at 4/10 stays self care", { severity: 4 }, "SELF_CARE", ["mild_pain_no_warning_sign"]),
  s("pain at 5/10 is seen the same day (moderate pain)", { severity: 5 }, "SOON", ["moderate_pain"]),
  s("pain at 7/10 that came on over hours is seen the same day", { severity: 7 }, "SOON", ["moderate_pain"]),
  s("pain at 8/10 is urgent (severe pain)", { severity: 8 }, "URGENT", ["very_severe_pain", "moderate_pain"]),
  s("sudden pain at 6/10 is seen the same day", { onset: "sudden", severity: 6 }, "SOON", ["moderate_pain"]),
  s("sudden pain at 7/10 is urgent", { onset: "sudden", severity: 7 }, "URGENT", ["sudden_severe_pain", "moderate_pain"]),
  s("pain at 7/10 at age 64 is seen the same day", { age_years: 64, sex: "male", severity: 7 }, "SOON", ["moderate_pain"]),
  s("pain at 7/10 at age 65 is urgent", { age_years: 65, sex: "male", severity: 7 }, "URGENT", ["severe_pain_age_65_or_over", "moderate_pain", "age_65_or_over"]),
  s("mild pain at age 65 is seen the same day", { age_years: 65, sex: "female" }, "SOON", ["age_65_or_over"]),
  s("lower right pain is seen the same day", { pain_location: "right_lower" }, "SOON", ["right_lower_pain"]),
  s("pain that moved to the lower right is urgent (appendicitis)", { pain_location: "right_lower", pain_moved: "yes" }, "URGENT", ["appendicitis_pattern", "right_lower_pain"]),
  s("lower right pain with fever is urgent", { pain_location: "right_lower", fever: "yes" }, "URGENT", ["right_lower_pain_with_fever", "fever", "right_lower_pain"]),
  s("vomiting while keeping drinks down stays self care", { vomiting: "keeps_fluids_down" }, "SELF_CARE", ["mild_pain_no_warning_sign"]),
  s("vomiting and unable to keep drinks down is urgent", { vomiting: "cannot_keep_fluids" }, "URGENT", ["cannot_keep_fluids_down"]),
  s("no stools or wind with a swollen tummy is urgent (obstruction)", { no_stool_no_gas: "yes" }, "URGENT", ["bowel_obstruction_signs"]),
  s("jaundice is seen the same day", { jaundice: "yes" }, "SOON", ["jaundice"]),
  s("jaundice with fever is urgent", { jaundice: "yes", fever: "yes" }, "URGENT", ["jaundice_with_fever", "fever", "jaundice"]),
  s("fever is seen the same day", { fever: "yes" }, "SOON", ["fever"]),
  s("mild pain in pregnancy is seen the same day", { pregnant: "yes" }, "SOON", ["pregnant_or_possibly_pregnant"]),
  s("severe pain in a possible pregnancy is urgent", { pregnant: "unsure", severity: 7 }, "URGENT", ["severe_pain_in_pregnancy", "moderate_pain", "pregnant_or_possibly_pregnant"]),
  s("diarrhoea with blood is seen the same day", { diarrhoea: "yes_with_blood" }, "SOON", ["bloody_diarrhoea"]),
  s("diarrhoea for 6 days stays self care", { diarrhoea: "yes", diarrhoea_duration: "6 days" }, "SELF_CARE", ["mild_pain_no_warning_sign"]),
  s("diarrhoea for 7 days is routine", { diarrhoea: "yes", diarrhoea_duration: "7 days" }, "ROUTINE", ["diarrhoea_over_7_days"]),
  s("pain for 167 hours stays self care", { pain_duration: "167 hours" }, "SELF_CARE", ["mild_pain_no_warning_sign"]),
  s("pain for a week is routine", { pain_duration: "1 week" }, "ROUTINE", ["pain_over_7_days"]),
  s("a child of 4 is seen the same day", { age_years: 4, sex: "male" }, "SOON", ["young_child"]),
  s("a child of 5 with mild pain is self care", { age_years: 5, sex: "male" }, "SELF_CARE", ["mild_pain_no_warning_sign"]),
  // Gallstones (NICE CKS): attacks after meals are biliary colic, pain under the right ribs with fever or jaundice possible cholecystitis.
  s("attacks of pain under the right ribs after fatty meals, gone now, are routine (biliary colic)", { pain_location: "upper_right", pain_after_fatty_meals: "yes", severity: 0 }, "ROUTINE", ["biliary_colic"]),
  s("attacks of upper middle pain after meals are routine too", { pain_after_fatty_meals: "yes" }, "ROUTINE", ["biliary_colic"]),
  s("pain under the right ribs with fever is seen the same day (cholecystitis)", { pain_location: "upper_right", fever: "yes" }, "SOON", ["possible_cholecystitis", "fever"]),
  s("pain under the right ribs with jaundice is seen the same day", { pain_location: "upper_right", jaundice: "yes" }, "SOON", ["possible_cholecystitis", "jaundice"]),
  // A period late counts as a possible pregnancy (NICE NG126).
  s("mild pain with a late period is seen the same day", { missed_period: "yes" }, "SOON", ["pregnant_or_possibly_pregnant"]),
  s("severe pain with a late period is urgent", { missed_period: "yes", severity: 7 }, "URGENT", ["severe_pain_in_pregnancy", "moderate_pain", "pregnant_or_possibly_pregnant"]),
];

describe(`${SLUG}: scenarios`, () => {
  it.each(SCENARIOS.map((sc) => [sc.name, sc] as const))("%s", (_name, sc) => {
    const { result } = run(sc.answers);
    expect(result?.redFlag).toBeUndefined();
    expect(result?.urgency).toBe(sc.urgency);
    expect(result?.routing).toBe(ROUTING[sc.urgency]);
    expect((result?.reasons ?? []).map((r) => r.rule).sort()).toEqual([...sc.rules].sort());
    for (const reason of result?.reasons ?? []) {
      expect(reason.text.fr, reason.rule).toBeTruthy();
      expect(reason.text.en, reason.rule).toBeTruthy();
    }
  });

  it("reaches every outcome of the flow", () => {
    const reached = new Set(SCENARIOS.map((sc) => run(sc.answers).result?.outcome));
    for (const c of RED_FLAG_CASES) reached.add(run(c.answers).result?.outcome);
    const outcomes = flow.nodes.filter((n) => n.kind === "outcome").map((n) => n.id);
    expect(outcomes.filter((o) => !reached.has(o))).toEqual([]);
  });

  it("fires every decision rule in at least one scenario", () => {
    const fired = new Set(SCENARIOS.flatMap((sc) => run(sc.answers).result?.reasons.map((r) => r.rule) ?? []));
    const decision = flow.nodes.find((n) => n.kind === "decision")!;
    if (decision.kind !== "decision") throw new Error("no decision node");
    expect([...decision.rules.map((r) => r.id), decision.otherwise.id].filter((id) => !fired.has(id))).toEqual([]);
  });

  it("asks about pregnancy only for women aged 12 to 55, and about bleeding only if pregnant or maybe", () => {
    expect(run({ ...BASE, sex: "male" }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, age_years: 56 }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, age_years: 11 }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, age_years: 12 }).asked).toContain("pregnant");
    expect(run({ ...BASE, age_years: 55 }).asked).toContain("pregnant");
    expect(run(BASE).asked).not.toContain("pregnancy_symptoms");
    expect(run({ ...BASE, pregnant: "yes" }).asked).toContain("pregnancy_symptoms");
    expect(run({ ...BASE, pregnant: "unsure" }).asked).toContain("pregnancy_symptoms");
  });

  it("asks whether the period is late only of a woman of 12 to 55 who says she is not pregnant: never of a man", () => {
    for (const sex of ["male", "other"]) {
      const asked = run({ ...BASE, sex }).asked;
      expect(asked).not.toContain("missed_period");
      expect(asked).not.toContain("pregnancy_symptoms");
    }
    expect(run({ ...BASE, age_years: 56 }).asked).not.toContain("missed_period");
    expect(run({ ...BASE, age_years: 11 }).asked).not.toContain("missed_period");
    expect(run({ ...BASE, pregnant: "yes" }).asked).not.toContain("missed_period");
    expect(run(BASE).asked).toContain("missed_period");
    expect(run({ ...BASE, missed_period: "yes" }).asked).toContain("pregnancy_symptoms");
  });

  it.each([["shoulder_tip_pain"], ["dizzy_faint"], ["vaginal_bleeding"]])("ends at once as an emergency on %s with a late period (possible ectopic pregnancy)", (sign) => {
    const { result, asked } = run({ ...BASE, missed_period: "yes", pregnancy_symptoms: [sign] });
    expect(result?.redFlag).toBe("rf_possible_ectopic_pregnancy");
    expect(result?.urgency).toBe("EMERGENCY");
    expect(asked.at(-1)).toBe("pregnancy_symptoms");
  });

  it("never asks about passing no stools or wind right after diarrhoea: yes", () => {
    expect(run({ ...BASE, diarrhoea: "yes" }).asked).not.toContain("no_stool_no_gas");
    expect(run({ ...BASE, diarrhoea: "yes_with_blood" }).asked).not.toContain("no_stool_no_gas");
    expect(run({ ...BASE, diarrhoea: "no" }).asked).toContain("no_stool_no_gas");
  });

  it("asks about attacks after meals only for upper tummy pain", () => {
    expect(run({ ...BASE, pain_location: "upper_right" }).asked).toContain("pain_after_fatty_meals");
    expect(run(BASE).asked).toContain("pain_after_fatty_meals");
    expect(run({ ...BASE, pain_location: "lower_middle" }).asked).not.toContain("pain_after_fatty_meals");
  });

  it("screens for ectopic pregnancy also when pregnancy is only possible", () => {
    const { result, asked } = run({ ...BASE, pregnant: "unsure", pregnancy_symptoms: ["shoulder_tip_pain"] });
    expect(result?.redFlag).toBe("rf_possible_ectopic_pregnancy");
    expect(result?.urgency).toBe("EMERGENCY");
    expect(asked[asked.length - 1]).toBe("pregnancy_symptoms");
  });

  it("asks about testicle pain unless the patient is female", () => {
    expect(run(BASE).asked).not.toContain("testicle_pain");
    expect(run({ ...BASE, sex: "male" }).asked).toContain("testicle_pain");
    expect(run({ ...BASE, sex: "other" }).asked).toContain("testicle_pain");
  });

  it("asks whether the pain moved only when it is in the lower right", () => {
    expect(run(BASE).asked).not.toContain("pain_moved");
    expect(run({ ...BASE, pain_location: "right_lower" }).asked).toContain("pain_moved");
  });

  it("starts with the danger signs, then the demographic questions", () => {
    expect(run(BASE).asked.slice(0, 4)).toEqual(["danger_signs", "age_years", "sex", "pregnant"]);
  });

  it("skips the questions already answered in the general flow", () => {
    const compiled = compileFlow(flow);
    const carried = { danger_signs: ["none"], age_years: 30, sex: "female", pregnant: "unsure" };
    expect(currentQuestion(compiled, startFlow(compiled, carried))?.id).toBe("pregnancy_symptoms");
    expect(currentQuestion(compiled, startFlow(compiled, { ...carried, pregnant: "no" }))?.id).toBe("missed_period");
    expect(currentQuestion(compiled, startFlow(compiled, { danger_signs: ["none"], age_years: 30, sex: "male" }))?.id).toBe("testicle_pain");
  });
});

describe(`${SLUG}: both locales`, () => {
  const fr: ScenarioAnswers = { ...BASE, danger_signs: "none", age_years: "70", sex: "male", testicle_pain: "non", pain_location: "right_lower", pain_moved: "oui", severity: "7", fever: "oui", pain_duration: "2 jours", no_stool_no_gas: "non", jaundice: "non" };
  const en: ScenarioAnswers = { ...fr, testicle_pain: "no", pain_moved: "yes", fever: "yes", pain_duration: "2 days", no_stool_no_gas: "no", jaundice: "no" };

  it("gives the same urgency, routing and reasons whatever the language of the answers", () => {
    const a = run(fr).result!;
    const b = run(en).result!;
    expect(a.urgency).toBe("URGENT");
    expect(b.urgency).toBe(a.urgency);
    expect(b.routing).toBe(a.routing);
    expect(b.reasons.map((r) => r.rule)).toEqual(a.reasons.map((r) => r.rule));
    expect(a.reasons.map((r) => r.rule)).toEqual(expect.arrayContaining(["appendicitis_pattern", "right_lower_pain_with_fever", "severe_pain_age_65_or_over"]));
  });

  it("explains its reasons in French and in English", () => {
    const result = run(fr).result;
    const textsFr = reasonTexts(result, "fr");
    const textsEn = reasonTexts(result, "en");
    expect(textsFr.length).toBeGreaterThan(0);
    expect(textsFr.every((t) => t.length > 0)).toBe(true);
    expect(textsEn.every((t) => t.length > 0)).toBe(true);
    textsFr.forEach((t, i) => expect(t).not.toBe(textsEn[i]));
    expect(textsFr.join(" ")).toMatch(/appendicite/i);
    expect(textsEn.join(" ")).toMatch(/appendicitis/i);
  });
});


describe(`${SLUG}: content`, () => {
  it("includes the shared danger signs, global red flags and demographic questions unchanged", () => {
    const shared = readJson("shared/dangerSigns.json");
    const demographics = readJson("shared/demographics.json");
    const withoutNext = (node: Record<string, unknown>) => Object.fromEntries(Object.entries(node).filter(([k]) => k !== "next"));
    const rawNode = (id: string) => (RAW.nodes as Record<string, unknown>[]).find((n) => n.id === id);
    expect(RAW.start).toBe("danger_signs");
    expect(withoutNext(rawNode("danger_signs")!)).toEqual(withoutNext(shared.question));
    for (const question of demographics.questions) expect(withoutNext(rawNode(question.id)!)).toEqual(withoutNext(question));
    expect(RAW.redFlags.slice(0, shared.redFlags.length)).toEqual(shared.redFlags);
    for (const id of ["emergency", "emergency_mental_health"]) {
      expect(rawNode(id)).toMatchObject({ kind: "outcome", urgency: "EMERGENCY", routing: "emergency_services" });
    }
  });

  it("never writes an emergency phone number in a text", () => {
    const texts = JSON.stringify({ nodes: flow.nodes, redFlags: flow.redFlags });
    expect(texts).not.toMatch(/\b(15|112|114|141|999|911|3114)\b/);
  });

  it("gives every outcome a title, advice and safety-net in both languages, with the routing of its urgency", () => {
    for (const node of flow.nodes) {
      if (node.kind !== "outcome") continue;
      for (const text of [node.title, node.advice, node.safetyNet]) {
        expect(text?.fr, node.id).toBeTruthy();
        expect(text?.en, node.id).toBeTruthy();
      }
      expect(node.routing, node.id).toBe(ROUTING[node.urgency]);
    }
  });
});
