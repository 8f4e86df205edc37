import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileFlow, currentQuestion, flowSchema, resolverOf, startFlow, type Flow } from "../../../flows/index.js";
import { describeRedFlagCases } from "./redFlagSuite.js";
import { LIBRARY_DIR, reasonTexts, runScenario, type ScenarioAnswers } from "../libraryFlows.js";

const SLUG = "palpitations";
const readJson = (file: string) => JSON.parse(readFileSync(join(LIBRARY_DIR, file), "utf8"));
const RAW = readJson(`${SLUG}.json`);
const flow: Flow = flowSchema.parse(RAW);
// This flow hands over to no other flow: a resolver of its own keeps these tests independent of
// the rest of the library.
const resolver = resolverOf([compileFlow(flow)]);
const run = (answers: ScenarioAnswers) => runScenario(SLUG, answers, resolver);

/** Brief pounding heartbeat for 3 days: every question has an answer, no rule fires. */
const BASE: ScenarioAnswers = {
  danger_signs: ["none"],
  age_years: 30,
  sex: "female",
  pregnant: "no",
  palp_red_flags: ["none"],
  palpitations_now: "no",
  palp_pattern: "pounding",
  palp_warning: ["none"],
  heart_history: ["none"],
  palp_triggers: ["none"],
  symptom_duration: "3 days",
};

/** No question of this flow read by a red flag is behind a branch. */
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
const NOW = { palpitations_now: "yes" };

const SCENARIOS: Scenario[] = [
  s("a brief pounding heartbeat is self care", {}, "SELF_CARE", ["no_warning_sign"]),
  s("skipped beats are self care", { palp_pattern: "skipped_beats" }, "SELF_CARE", ["likely_harmless_trigger"]),
  s("palpitations with coffee are self care", { palp_triggers: ["caffeine_alcohol"] }, "SELF_CARE", ["likely_harmless_trigger"]),
  s("palpitations with stress are self care", { palp_triggers: ["stress_anxiety"], palpitations_now: "yes" }, "SELF_CARE", ["likely_harmless_trigger"]),
  s("fast regular palpitations happening now are urgent", { ...NOW, palp_pattern: "fast_regular_sudden" }, "URGENT", ["ongoing_fast_regular", "fast_regular_episodes"]),
  s("palpitations during exercise are urgent", { palp_warning: ["during_exercise"] }, "URGENT", ["exertional_palpitations"]),
  s("chest pain during a past episode is urgent", { palp_warning: ["chest_pain_or_breathless_episode"] }, "URGENT", ["chest_pain_or_breathless_episode"]),
  s("irregular palpitations happening now are seen the same day", { ...NOW, palp_pattern: "irregular" }, "SOON", ["ongoing_irregular", "irregular_episodes"]),
  s("dizziness during episodes is seen the same day", { palp_warning: ["dizzy_near_faint"] }, "SOON", ["near_faint_episodes"]),
  s("known heart disease is seen the same day", { heart_history: ["heart_disease"] }, "SOON", ["known_heart_disease"]),
  s("a pacemaker is seen the same day", { heart_history: ["pacemaker_icd"] }, "SOON", ["pacemaker_or_defibrillator"]),
  s("a family history of sudden death is seen the same day", { heart_history: ["family_sudden_death"] }, "SOON", ["family_sudden_death"]),
  s("palpitations after cocaine are seen the same day", { palp_triggers: ["stimulant_drugs"] }, "SOON", ["stimulant_drugs"]),
  s("past irregular episodes are routine", { palp_pattern: "irregular" }, "ROUTINE", ["irregular_episodes"]),
  s("past fast regular episodes are routine", { palp_pattern: "fast_regular_sudden" }, "ROUTINE", ["fast_regular_episodes"]),
  s("thyroid signs are routine", { palp_triggers: ["thyroid_signs"] }, "ROUTINE", ["thyroid_signs"]),
  s("a new medicine is routine", { palp_triggers: ["new_medicine"] }, "ROUTINE", ["new_medicine"]),
  s("palpitations for 9 days are self care", { symptom_duration: "9 days" }, "SELF_CARE", ["no_warning_sign"]),
  s("palpitations for 2 weeks are routine", { symptom_duration: "2 weeks", palp_triggers: ["caffeine_alcohol"] }, "ROUTINE", ["lasting_palpitations", "likely_harmless_trigger"]),
  s("new palpitations at 64 are self care", { age_years: 64, sex: "male" }, "SELF_CARE", ["no_warning_sign"]),
  s("new palpitations at 65 are routine", { age_years: 65, sex: "male" }, "ROUTINE", ["aged_65_or_over"]),
  s("palpitations in pregnancy are routine", { pregnant: "yes" }, "ROUTINE", ["palpitations_in_pregnancy"]),
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

  it("asks the emergency signs right after the demographic questions", () => {
    expect(run({ ...BASE, sex: "male" }).asked.slice(0, 4)).toEqual(["danger_signs", "age_years", "sex", "palp_red_flags"]);
  });

  it("stops asking once an urgent feature is found", () => {
    expect(run({ ...BASE, ...NOW, palp_pattern: "fast_regular_sudden" }).asked.at(-1)).toBe("palp_pattern");
    expect(run({ ...BASE, palp_warning: ["during_exercise"] }).asked.at(-1)).toBe("palp_warning");
  });

  it("asks about pregnancy only for women aged 12 to 55", () => {
    expect(run({ ...BASE, sex: "male" }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, age_years: 56 }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, age_years: 11 }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, age_years: 12 }).asked).toContain("pregnant");
  });

  it("asks at most 10 questions after the danger screen", () => {
    expect(run(BASE).asked.length - 1).toBeLessThanOrEqual(10);
  });

  it("skips the questions already answered in the general flow", () => {
    const compiled = compileFlow(flow);
    expect(currentQuestion(compiled, startFlow(compiled, { danger_signs: ["none"], age_years: 30, sex: "female", pregnant: "no" }))?.id).toBe("palp_red_flags");
  });
});

describe(`${SLUG}: both locales`, () => {
  const fr: ScenarioAnswers = { ...BASE, danger_signs: "none", age_years: "70", sex: "male", palpitations_now: "oui", palp_pattern: "irregular", palp_warning: "dizzy_near_faint", symptom_duration: "3 semaines" };
  const en: ScenarioAnswers = { ...fr, palpitations_now: "yes", symptom_duration: "3 weeks" };

  it("gives the same urgency, routing and reasons whatever the language of the answers", () => {
    const a = run(fr).result!;
    const b = run(en).result!;
    expect(a.urgency).toBe("SOON");
    expect(b.urgency).toBe(a.urgency);
    expect(b.routing).toBe(a.routing);
    expect(b.reasons.map((r) => r.rule)).toEqual(a.reasons.map((r) => r.rule));
    expect(a.reasons.map((r) => r.rule)).toEqual(expect.arrayContaining(["ongoing_irregular", "near_faint_episodes", "lasting_palpitations", "aged_65_or_over"]));
  });

  it("explains its reasons in French and in English", () => {
    const result = run(fr).result;
    const textsFr = reasonTexts(result, "fr");
    const textsEn = reasonTexts(result, "en");
    expect(textsFr.length).toBeGreaterThan(0);
    textsFr.forEach((t, i) => expect(t).not.toBe(textsEn[i]));
    expect(textsFr.join(" ")).toMatch(/fibrillation atriale/i);
    expect(textsEn.join(" ")).toMatch(/atrial fibrillation/i);
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
