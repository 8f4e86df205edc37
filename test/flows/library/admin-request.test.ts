import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileFlow, currentQuestion, flowSchema, resolverOf, startFlow, type Flow } from "../../../flows/index.js";
import { describeRedFlagCases } from "./redFlagSuite.js";
import { LIBRARY_DIR, reasonTexts, runScenario, type ScenarioAnswers } from "../libraryFlows.js";

const SLUG = "admin-request";
const readJson = (file: string) => JSON.parse(readFileSync(join(LIBRARY_DIR, file), "utf8"));
const RAW = readJson(`${SLUG}.json`);
const flow: Flow = flowSchema.parse(RAW);
// This flow hands over to no other flow: a resolver of its own keeps these tests independent of
// the rest of the library.
const resolver = resolverOf([compileFlow(flow)]);
const run = (answers: ScenarioAnswers) => runScenario(SLUG, answers, resolver);

/** A renewal of a regular medicine, nothing else: every question has an answer. */
const BASE: ScenarioAnswers = {
  danger_signs: ["none"],
  request_type: "prescription_renewal",
  new_symptom: "no",
  essential_medicine_running_out: "no",
  age_years: 40,
  sex: "female",
  pregnant: "no",
};

/** This flow has only the shared red flags, read at the first question. */
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
  s("a renewal is routine", {}, "ROUTINE", ["administrative_request"]),
  s("a certificate is routine", { request_type: "certificate" }, "ROUTINE", ["administrative_request"]),
  s("a sick note for an assessed, stable problem is routine", { request_type: "sick_note" }, "ROUTINE", ["administrative_request"]),
  s("results to discuss are routine", { request_type: "results_or_letter" }, "ROUTINE", ["administrative_request"]),
  s("a referral letter is routine", { request_type: "referral" }, "ROUTINE", ["administrative_request"]),
  s("another request is routine", { request_type: "other_admin" }, "ROUTINE", ["administrative_request"]),
  s("a renewal in a possible pregnancy is routine, with a reason for the clinician", { pregnant: "unsure" }, "ROUTINE", ["renewal_in_possible_pregnancy"]),
  s("an essential medicine running out is seen the same day", { essential_medicine_running_out: "yes" }, "SOON", ["essential_medicine_running_out"]),
  s("a sick note for a new symptom needs a triage", { request_type: "sick_note", new_symptom: "yes" }, "SOON", ["new_symptom_needs_triage"]),
  s("a renewal because of a side effect needs a triage", { new_symptom: "yes" }, "SOON", ["new_symptom_needs_triage"]),
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

  it("asks no symptom question: the danger screen, the request, whether a symptom needs a triage, then only what a renewal needs", () => {
    expect(run({ ...BASE, request_type: "certificate" }).asked).toEqual(["danger_signs", "request_type", "new_symptom"]);
    expect(run({ ...BASE, sex: "male" }).asked).toEqual(["danger_signs", "request_type", "new_symptom", "essential_medicine_running_out", "age_years", "sex"]);
    expect(run({ ...BASE, new_symptom: "yes" }).asked).toEqual(["danger_signs", "request_type", "new_symptom"]);
  });

  it("says in the outcome that a new symptom needs a triage first", () => {
    const { result } = run({ ...BASE, new_symptom: "yes" });
    expect(result?.outcome).toBe("needs_symptom_triage");
    const node = flow.nodes.find((n) => n.id === "needs_symptom_triage");
    if (node?.kind !== "outcome") throw new Error("no outcome");
    expect(node.title.en).toMatch(/triage/);
    expect(node.title.fr).toMatch(/évalués/);
    expect(node.advice.en).toMatch(/start a new triage/);
    expect(node.advice.fr).toMatch(/recommencez un triage/);
  });

  it("ends at EMERGENCY on a danger sign, before any question about the request", () => {
    const { result, asked } = run({ ...BASE, danger_signs: ["chest_pain_spreading"] });
    expect(asked).toEqual(["danger_signs"]);
    expect(result?.urgency).toBe("EMERGENCY");
  });

  it("asks about pregnancy only for women aged 12 to 55 renewing a medicine", () => {
    expect(run({ ...BASE, sex: "male" }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, age_years: 56 }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, age_years: 12 }).asked).toContain("pregnant");
    expect(run({ ...BASE, request_type: "certificate" }).asked).not.toContain("pregnant");
  });

  it("skips the questions already answered in the general flow", () => {
    const compiled = compileFlow(flow);
    expect(currentQuestion(compiled, startFlow(compiled, { danger_signs: ["none"], age_years: 30, sex: "female", pregnant: "no" }))?.id).toBe("request_type");
    const renewal = run({ ...BASE });
    expect(renewal.asked).toContain("age_years");
  });
});

describe(`${SLUG}: both locales`, () => {
  const fr: ScenarioAnswers = { ...BASE, danger_signs: "none", new_symptom: "non", essential_medicine_running_out: "oui", age_years: "40", pregnant: "yes" };
  const en: ScenarioAnswers = { ...fr, new_symptom: "no", essential_medicine_running_out: "yes" };

  it("gives the same urgency, routing and reasons whatever the language of the answers", () => {
    const a = run(fr).result!;
    const b = run(en).result!;
    expect(a.urgency).toBe("SOON");
    expect(b.urgency).toBe(a.urgency);
    expect(b.routing).toBe(a.routing);
    expect(b.reasons.map((r) => r.rule)).toEqual(a.reasons.map((r) => r.rule));
    expect(a.reasons.map((r) => r.rule)).toEqual(["essential_medicine_running_out", "renewal_in_possible_pregnancy"]);
  });

  it("explains its reasons in French and in English", () => {
    const result = run(fr).result;
    const textsFr = reasonTexts(result, "fr");
    const textsEn = reasonTexts(result, "en");
    textsFr.forEach((t, i) => expect(t).not.toBe(textsEn[i]));
    expect(textsFr.join(" ")).toMatch(/grossesse/i);
    expect(textsEn.join(" ")).toMatch(/pregnancy/i);
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
