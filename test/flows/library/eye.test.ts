import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileFlow, currentQuestion, flowSchema, resolverOf, startFlow, type Flow } from "../../../flows/index.js";
import { describeRedFlagCases } from "./redFlagSuite.js";
import { LIBRARY_DIR, reasonTexts, runScenario, type ScenarioAnswers } from "../libraryFlows.js";

const SLUG = "eye";
const readJson = (file: string) => JSON.parse(readFileSync(join(LIBRARY_DIR, file), "utf8"));
const RAW = readJson(`${SLUG}.json`);
const flow: Flow = flowSchema.parse(RAW);
// This flow hands over to no other flow: a resolver of its own keeps these tests independent of
// the rest of the library.
const resolver = resolverOf([compileFlow(flow)]);
const run = (answers: ScenarioAnswers) => runScenario(SLUG, answers, resolver);

/** Sticky red eye for 2 days: every question has an answer, no rule above self-care fires. */
const BASE: ScenarioAnswers = {
  danger_signs: ["none"],
  age_years: 30,
  eye_emergency: ["none"],
  eye_urgent: ["none"],
  eye_injury: "no",
  contact_lenses: "no",
  eye_symptoms: ["none"],
  symptom_duration: "2 days",
};

/** No question of this flow is behind a branch. */
const REACH: Record<string, ScenarioAnswers> = {};

const { cases: RED_FLAG_CASES } = describeRedFlagCases({ slug: SLUG, flow, base: BASE, reach: REACH, run });

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
  s("a red eye with no warning sign is self care", {}, "SELF_CARE", ["no_warning_sign"]),
  s("sticky discharge is self care (likely conjunctivitis)", { eye_symptoms: ["sticky_discharge"] }, "SELF_CARE", ["likely_conjunctivitis"]),
  s("a gritty eye is self care", { eye_symptoms: ["gritty"] }, "SELF_CARE", ["likely_conjunctivitis"]),
  s("itchy watering eyes are self care (likely allergy)", { eye_symptoms: ["itchy"] }, "SELF_CARE", ["likely_allergy"]),
  s("a painless red patch is self care", { eye_symptoms: ["red_patch"] }, "SELF_CARE", ["subconjunctival_haemorrhage"]),
  s("reduced vision is urgent", { eye_urgent: ["reduced_vision"] }, "URGENT", ["reduced_vision"]),
  s("severe eye pain is urgent", { eye_urgent: ["severe_pain"] }, "URGENT", ["severe_pain"]),
  s("light sensitivity is urgent", { eye_urgent: ["light_sensitivity"] }, "URGENT", ["light_sensitivity"]),
  s("haloes with nausea are urgent (acute glaucoma)", { eye_urgent: ["halos_nausea"] }, "URGENT", ["halos_nausea"]),
  s("flashes and a shadow are urgent (retinal detachment)", { eye_urgent: ["flashes_floaters_shadow"] }, "URGENT", ["flashes_floaters_shadow"]),
  s("new double vision is urgent", { eye_urgent: ["double_vision"] }, "URGENT", ["double_vision"]),
  s("a swollen eyelid with fever is urgent", { eye_urgent: ["swollen_eyelid_fever"] }, "URGENT", ["swollen_eyelid_fever"]),
  s("eye shingles is urgent", { eye_urgent: ["shingles_rash", "reduced_vision"] }, "URGENT", ["shingles_rash", "reduced_vision"]),
  s("a painful eye in a contact lens wearer is urgent", { contact_lenses: "yes", eye_symptoms: ["pain"] }, "URGENT", ["contact_lens_painful_eye", "eye_pain", "contact_lens_red_eye"]),
  s("a painful eye is seen the same day", { eye_symptoms: ["pain"] }, "SOON", ["eye_pain"]),
  s("a red eye in a contact lens wearer is seen the same day", { contact_lenses: "yes", eye_symptoms: ["gritty"] }, "SOON", ["contact_lens_red_eye", "likely_conjunctivitis"]),
  s("something in the eye is seen the same day", { eye_injury: "foreign_body" }, "SOON", ["foreign_body"]),
  s("a blow to the eye is seen the same day", { eye_injury: "blunt_blow" }, "SOON", ["blunt_eye_injury"]),
  s("a scratched eye is seen the same day", { eye_injury: "scratch" }, "SOON", ["eye_scratch"]),
  s("a sticky eye in a baby is seen the same day", { age_years: 0, eye_symptoms: ["sticky_discharge"] }, "SOON", ["baby_red_eye", "likely_conjunctivitis"]),
  s("a sticky eye for 9 days is self care", { eye_symptoms: ["sticky_discharge"], symptom_duration: "9 days" }, "SELF_CARE", ["likely_conjunctivitis"]),
  s("a sticky eye for 2 weeks is routine", { eye_symptoms: ["sticky_discharge"], symptom_duration: "2 weeks" }, "ROUTINE", ["lasting_over_10_days", "likely_conjunctivitis"]),
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

  it("tells a chemical splash to rinse the eye first", () => {
    const { result } = run({ ...BASE, eye_emergency: ["chemical", "sudden_vision_loss"] });
    expect(result?.outcome).toBe("emergency_chemical");
    const node = flow.nodes.find((n) => n.id === "emergency_chemical");
    if (node?.kind !== "outcome") throw new Error("no chemical outcome");
    expect(node.advice.en).toMatch(/rinse/i);
    expect(node.advice.fr).toMatch(/rincez/i);
  });

  it("stops asking once a sign needing same-day eye care is ticked", () => {
    const { asked } = run({ ...BASE, eye_urgent: ["reduced_vision"] });
    expect(asked).toEqual(["danger_signs", "age_years", "eye_emergency", "eye_urgent"]);
  });

  it("asks about the emergencies first, and never about sex or pregnancy", () => {
    const { asked } = run(BASE);
    expect(asked).toEqual(["danger_signs", "age_years", "eye_emergency", "eye_urgent", "eye_injury", "contact_lenses", "eye_symptoms", "symptom_duration"]);
  });

  it("skips the questions already answered in the general flow", () => {
    const compiled = compileFlow(flow);
    expect(currentQuestion(compiled, startFlow(compiled, { danger_signs: ["none"], age_years: 30, sex: "female", pregnant: "no" }))?.id).toBe("eye_emergency");
  });
});

describe(`${SLUG}: both locales`, () => {
  const fr: ScenarioAnswers = { ...BASE, danger_signs: "none", age_years: "45", contact_lenses: "oui", eye_symptoms: "pain,gritty", symptom_duration: "2 jours" };
  const en: ScenarioAnswers = { ...fr, contact_lenses: "yes", symptom_duration: "2 days" };

  it("gives the same urgency, routing and reasons whatever the language of the answers", () => {
    const a = run(fr).result!;
    const b = run(en).result!;
    expect(a.urgency).toBe("URGENT");
    expect(b.urgency).toBe(a.urgency);
    expect(b.routing).toBe(a.routing);
    expect(b.reasons.map((r) => r.rule)).toEqual(a.reasons.map((r) => r.rule));
    expect(a.reasons.map((r) => r.rule)).toContain("contact_lens_painful_eye");
  });

  it("explains its reasons in French and in English", () => {
    const result = run(fr).result;
    const textsFr = reasonTexts(result, "fr");
    const textsEn = reasonTexts(result, "en");
    expect(textsFr.length).toBeGreaterThan(0);
    textsFr.forEach((t, i) => expect(t).not.toBe(textsEn[i]));
    expect(textsFr.join(" ")).toMatch(/lentilles/i);
    expect(textsEn.join(" ")).toMatch(/contact lens/i);
  });
});

describe(`${SLUG}: content`, () => {
  it("includes the shared danger signs, global red flags and age question unchanged", () => {
    const shared = readJson("shared/dangerSigns.json");
    const demographics = readJson("shared/demographics.json");
    const withoutNext = (node: Record<string, unknown>) => Object.fromEntries(Object.entries(node).filter(([k]) => k !== "next"));
    const rawNode = (id: string) => (RAW.nodes as Record<string, unknown>[]).find((n) => n.id === id);
    expect(RAW.start).toBe("danger_signs");
    expect(withoutNext(rawNode("danger_signs")!)).toEqual(withoutNext(shared.question));
    // Only the age is asked here: no rule or advice of this flow depends on sex or pregnancy.
    const age = demographics.questions.find((q: { id: string }) => q.id === "age_years");
    expect(withoutNext(rawNode("age_years")!)).toEqual(withoutNext(age));
    expect(rawNode("sex")).toBeUndefined();
    expect(rawNode("pregnant")).toBeUndefined();
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

describe(`${SLUG}: vignette drafts`, () => {
  const VIGNETTES = JSON.parse(readFileSync(join(import.meta.dirname, `../../vignettes-drafts/${SLUG}.json`), "utf8")) as { id: string; locale: string; answers: ScenarioAnswers; gold: string }[];

  it("covers every level the flow can reach, in both languages", () => {
    const levels = new Set(flow.nodes.flatMap((n) => (n.kind === "outcome" ? [n.urgency] : [])));
    expect(new Set(VIGNETTES.map((vg) => vg.gold))).toEqual(levels);
    expect(VIGNETTES.filter((vg) => vg.locale === "fr").length).toBe(VIGNETTES.filter((vg) => vg.locale === "en").length);
  });

  it.each(VIGNETTES.map((vg) => [vg.id, vg] as const))("%s reaches its gold level", (_id, vg) => {
    expect(run(vg.answers).result?.urgency).toBe(vg.gold);
  });
});
