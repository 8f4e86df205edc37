import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileFlow, currentQuestion, flowSchema, resolverOf, startFlow, type Flow } from "../../../flows/index.js";
import { describeRedFlagCases } from "./redFlagSuite.js";
import { LIBRARY_DIR, reasonTexts, runScenario, type ScenarioAnswers } from "../libraryFlows.js";

const SLUG = "headache";
const readJson = (file: string) => JSON.parse(readFileSync(join(LIBRARY_DIR, file), "utf8"));
const RAW = readJson(`${SLUG}.json`);
const flow: Flow = flowSchema.parse(RAW);
// This flow hands over to no other flow: a resolver of its own keeps these tests independent of
// the rest of the library (a flow being written by someone else cannot break them).
const resolver = resolverOf([compileFlow(flow)]);
const run = (answers: ScenarioAnswers) => runScenario(SLUG, answers, resolver);

/** A patient with a mild, usual headache: every question has an answer, no rule fires. */
const BASE: ScenarioAnswers = {
  danger_signs: ["none"],
  age_years: 30,
  sex: "female",
  pregnant: "no",
  pregnancy_weeks: 12,
  recently_gave_birth: "no",
  onset: "gradual",
  neuro_symptoms: ["none"],
  associated_symptoms: ["none"],
  head_injury: "no",
  head_injury_symptoms: ["none"],
  severity: 3,
  worst_ever: "no",
  headache_duration: "5 hours",
  headache_pattern: ["none"],
  arteritis_symptoms: ["none"],
  immune_or_cancer: "no",
  usual_headache: "same_as_usual",
  painkiller_overuse: "no",
};

/** What to change in BASE so that a question is asked at all (questions behind a branch). */
const REACH: Record<string, ScenarioAnswers> = {
  pregnancy_weeks: { pregnant: "yes" },
  head_injury_symptoms: { head_injury: "yes" },
  arteritis_symptoms: { age_years: 60 },
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
  s("a mild usual headache is self care", {}, "SELF_CARE", ["no_warning_sign"]),
  s("a usual migraine at 6/10 stays self care", { severity: 6 }, "SELF_CARE", ["no_warning_sign"]),
  s("a usual migraine at 7/10 needs a routine review of treatment", { severity: 7 }, "ROUTINE", ["severe_usual_migraine"]),
  s("a usual attack of 71 hours stays self care", { headache_duration: "71 hours" }, "SELF_CARE", ["no_warning_sign"]),
  s("a usual attack of 72 hours is seen the same day", { headache_duration: "3 days" }, "SOON", ["usual_migraine_over_72_hours"]),
  s("a new headache at 49 is self care", { age_years: 49, usual_headache: "no" }, "SELF_CARE", ["no_warning_sign"]),
  s("a new headache at 50 is seen the same day", { age_years: 50, usual_headache: "no" }, "SOON", ["new_headache_over_50"]),
  s("jaw pain on chewing at 50 is urgent (giant cell arteritis)", { age_years: 50, arteritis_symptoms: ["jaw_pain_chewing"] }, "URGENT", ["giant_cell_arteritis_signs"]),
  s("scalp tenderness with a new headache at 70 is urgent", { age_years: 70, sex: "male", usual_headache: "no", arteritis_symptoms: ["scalp_tenderness"] }, "URGENT", ["giant_cell_arteritis_signs", "new_headache_over_50"]),
  s("visual disturbance at 19 weeks of pregnancy is routine", { pregnant: "yes", pregnancy_weeks: 19, associated_symptoms: ["visual_disturbance"] }, "ROUTINE", ["pregnant_or_possibly_pregnant"]),
  s("visual disturbance at 20 weeks of pregnancy is an emergency (severe pre-eclampsia, NICE NG133)", { pregnant: "yes", pregnancy_weeks: 20, associated_symptoms: ["visual_disturbance"] }, "EMERGENCY", ["pre_eclampsia_signs", "headache_in_late_pregnancy", "pregnant_or_possibly_pregnant"]),
  s("a 6/10 headache at 20 weeks is seen the same day", { pregnant: "yes", pregnancy_weeks: 20, severity: 6 }, "SOON", ["headache_in_late_pregnancy", "pregnant_or_possibly_pregnant"]),
  s("a 7/10 headache at 32 weeks is an emergency (severe pre-eclampsia, NICE NG133)", { pregnant: "yes", pregnancy_weeks: 32, severity: 7, usual_headache: "no" }, "EMERGENCY", ["pre_eclampsia_signs", "headache_in_late_pregnancy", "severe_unusual_headache", "pregnant_or_possibly_pregnant"]),
  s("possible pregnancy is routine", { pregnant: "unsure" }, "ROUTINE", ["pregnant_or_possibly_pregnant"]),
  s("a headache after childbirth is seen the same day", { recently_gave_birth: "yes" }, "SOON", ["headache_after_childbirth"]),
  s("visual disturbance after childbirth is an emergency (postpartum pre-eclampsia, NICE NG133)", { recently_gave_birth: "yes", associated_symptoms: ["visual_disturbance"] }, "EMERGENCY", ["postpartum_headache_warning_signs", "headache_after_childbirth"]),
  s("worse on waking with vomiting is urgent (raised pressure)", { headache_pattern: ["worse_on_waking"], associated_symptoms: ["vomiting"] }, "URGENT", ["raised_intracranial_pressure_signs", "worse_lying_down_or_on_waking"]),
  s("worse lying down without vomiting is seen the same day", { headache_pattern: ["worse_lying_down"] }, "SOON", ["worse_lying_down_or_on_waking"]),
  s("a headache brought on by straining is seen the same day", { headache_pattern: ["triggered_by_straining"] }, "SOON", ["triggered_by_straining"]),
  s("the worst headache of one's life is urgent", { worst_ever: "yes" }, "URGENT", ["worst_headache_ever"]),
  s("a stiff neck without fever is urgent", { associated_symptoms: ["stiff_neck"] }, "URGENT", ["stiff_neck"]),
  s("fever with vomiting is urgent", { associated_symptoms: ["fever", "vomiting"] }, "URGENT", ["fever_with_vomiting", "fever"]),
  s("fever with a weak immune system is urgent", { associated_symptoms: ["fever"], immune_or_cancer: "yes" }, "URGENT", ["fever_with_weak_immunity", "weak_immunity_or_cancer", "fever"]),
  s("fever alone is seen the same day", { associated_symptoms: ["fever"] }, "SOON", ["fever"]),
  s("a weak immune system or cancer is seen the same day", { immune_or_cancer: "yes" }, "SOON", ["weak_immunity_or_cancer"]),
  s("a red painful eye with halos is urgent (acute glaucoma)", { associated_symptoms: ["painful_red_eye"] }, "URGENT", ["acute_glaucoma_signs"]),
  s("a headache after a head injury is seen the same day", { head_injury: "yes" }, "SOON", ["after_head_injury"]),
  s("a head injury on blood thinners is urgent", { head_injury: "yes", head_injury_symptoms: ["blood_thinners"] }, "URGENT", ["head_injury_on_blood_thinners", "after_head_injury"]),
  s("the usual migraine aura stays self care", { associated_symptoms: ["visual_disturbance"] }, "SELF_CARE", ["no_warning_sign"]),
  s("new visual disturbance is seen the same day", { associated_symptoms: ["visual_disturbance"], usual_headache: "no" }, "SOON", ["new_visual_disturbance"]),
  s("a new headache at 6/10 is self care", { usual_headache: "no", severity: 6 }, "SELF_CARE", ["no_warning_sign"]),
  s("a new headache at 7/10 is seen the same day", { usual_headache: "no", severity: 7 }, "SOON", ["severe_unusual_headache"]),
  s("vomiting with a new headache is seen the same day", { usual_headache: "no", associated_symptoms: ["vomiting"] }, "SOON", ["vomiting_with_unusual_headache"]),
  s("vomiting with the usual migraine stays self care", { associated_symptoms: ["vomiting"] }, "SELF_CARE", ["no_warning_sign"]),
  s("a headache different from the usual ones is routine", { usual_headache: "different_from_usual" }, "ROUTINE", ["different_from_usual"]),
  s("a new headache of 167 hours is self care", { usual_headache: "no", headache_duration: "167 hours" }, "SELF_CARE", ["no_warning_sign"]),
  s("a new headache of 7 days is routine", { usual_headache: "no", headache_duration: "7 days" }, "ROUTINE", ["persistent_new_headache"]),
  s("painkillers on 10 or more days a month is routine (medication overuse)", { painkiller_overuse: "yes" }, "ROUTINE", ["medication_overuse"]),
  s("a child of 11 is routine", { age_years: 11, sex: "male" }, "ROUTINE", ["child_under_12"]),
  s("a young person of 12 with a mild usual headache is self care", { age_years: 12, sex: "male" }, "SELF_CARE", ["no_warning_sign"]),
  // Cluster headache (NICE CG150): a first bout the same day (oxygen, triptan, imaging to discuss), a known one within days.
  s("new one-sided attacks around the eye with a watery eye are seen the same day (cluster headache)", { headache_pattern: ["one_sided_eye_attacks"], usual_headache: "no", severity: 2, headache_duration: "45 min" }, "SOON", ["cluster_headache_first_bout"]),
  s("the usual headache going on for 13 days is seen the same day (attack over 72 hours)", { headache_duration: "13 days" }, "SOON", ["usual_migraine_over_72_hours"]),
  s("the usual headache almost every day for 3 months is routine (chronic daily headache)", { headache_duration: "3 months" }, "ROUTINE", ["persistent_usual_headache"]),
  s("the usual cluster attacks are routine", { headache_pattern: ["one_sided_eye_attacks"], usual_headache: "same_as_usual", severity: 2, headache_duration: "45 min" }, "ROUTINE", ["cluster_headache_known_bout"]),
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

  it("asks about pregnancy only for women aged 12 to 55", () => {
    expect(run({ ...BASE, sex: "male" }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, age_years: 56 }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, age_years: 11 }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, age_years: 12 }).asked).toContain("pregnant");
    expect(run({ ...BASE, age_years: 55 }).asked).toContain("pregnant");
    expect(run({ ...BASE, pregnant: "yes" }).asked).toContain("pregnancy_weeks");
    expect(run({ ...BASE, pregnant: "yes" }).asked).not.toContain("recently_gave_birth");
  });

  it("asks about jaw pain and scalp tenderness only from age 50", () => {
    expect(run({ ...BASE, age_years: 49 }).asked).not.toContain("arteritis_symptoms");
    expect(run({ ...BASE, age_years: 50 }).asked).toContain("arteritis_symptoms");
  });

  it("starts with the danger signs, then the demographic questions", () => {
    expect(run(BASE).asked.slice(0, 4)).toEqual(["danger_signs", "age_years", "sex", "pregnant"]);
  });

  it("skips the questions already answered in the general flow", () => {
    const compiled = compileFlow(flow);
    const carried = { danger_signs: ["none"], age_years: 30, sex: "female", pregnant: "no" };
    expect(currentQuestion(compiled, startFlow(compiled, carried))?.id).toBe("recently_gave_birth");
    expect(currentQuestion(compiled, startFlow(compiled, { ...carried, sex: "male" }))?.id).toBe("onset");
  });
});

describe(`${SLUG}: both locales`, () => {
  const fr: ScenarioAnswers = { ...BASE, danger_signs: "none", age_years: "62", sex: "female", worst_ever: "non", head_injury: "non", recently_gave_birth: "non", immune_or_cancer: "non", painkiller_overuse: "oui", associated_symptoms: "fever,vomiting", headache_duration: "2 jours", usual_headache: "no" };
  const en: ScenarioAnswers = { ...fr, worst_ever: "no", head_injury: "no", recently_gave_birth: "no", immune_or_cancer: "no", painkiller_overuse: "yes", headache_duration: "2 days" };

  it("gives the same urgency, routing and reasons whatever the language of the answers", () => {
    const a = run(fr).result!;
    const b = run(en).result!;
    expect(a.urgency).toBe("URGENT");
    expect(b.urgency).toBe(a.urgency);
    expect(b.routing).toBe(a.routing);
    expect(b.reasons.map((r) => r.rule)).toEqual(a.reasons.map((r) => r.rule));
    expect(a.reasons.map((r) => r.rule)).toEqual(expect.arrayContaining(["fever_with_vomiting", "new_headache_over_50", "medication_overuse"]));
  });

  it("explains its reasons in French and in English", () => {
    const result = run(fr).result;
    const textsFr = reasonTexts(result, "fr");
    const textsEn = reasonTexts(result, "en");
    expect(textsFr.length).toBeGreaterThan(0);
    expect(textsFr.every((t) => t.length > 0)).toBe(true);
    expect(textsEn.every((t) => t.length > 0)).toBe(true);
    textsFr.forEach((t, i) => expect(t).not.toBe(textsEn[i]));
    expect(textsFr.join(" ")).toMatch(/fièvre/i);
    expect(textsEn.join(" ")).toMatch(/fever/i);
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
