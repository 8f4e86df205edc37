import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileFlow, flowSchema, resolverOf, type Flow } from "../../../flows/index.js";
import { describeRedFlagCases } from "./redFlagSuite.js";
import { LIBRARY_DIR, reasonTexts, runScenario, type ScenarioAnswers, type ScenarioRun } from "../libraryFlows.js";

/*
 * The tests every complaint flow of issue 20 shares: red flags from the flow's data, a table of
 * scenarios with their exact reasons, every outcome and rule reached, the shared danger signs and
 * demographics unchanged, outcome texts (the wording rules are library-wide: test/flows/libraryWording.test.ts), and the flow's vignette drafts (test/vignettes-drafts)
 * reaching their gold level. Each flow's own test adds what is particular to it (question gating).
 */

export interface FlowScenario {
  name: string;
  /** What to change in the base answers. */
  change: ScenarioAnswers;
  urgency: string;
  /** Decision rules (or the red flag) expected among the reasons, exactly. */
  rules: string[];
  /** The outcome node, when the level has more than one. */
  outcome?: string;
}

export interface ComplaintFlowSpec {
  slug: string;
  /** Answers to every question such that no rule fires. */
  base: ScenarioAnswers;
  /** What to change in `base` so that a question behind a branch is asked at all. */
  reach: Record<string, ScenarioAnswers>;
  scenarios: FlowScenario[];
  /** The same patient answered in French and in English words, and what it must give. */
  bilingual: { fr: ScenarioAnswers; en: ScenarioAnswers; urgency: string; rules: string[]; reasonFr: RegExp; reasonEn: RegExp };
}

export const ROUTING: Record<string, string> = {
  EMERGENCY: "emergency_services",
  URGENT: "on_call_clinician",
  SOON: "same_day_teleconsultation",
  ROUTINE: "routine_teleconsultation",
  SELF_CARE: "self_care",
};

interface Vignette {
  id: string;
  locale: "fr" | "en";
  story: string;
  answers: ScenarioAnswers;
  gold: string;
  source: string;
}

const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));

/** Declares the shared tests of a complaint flow; returns the flow and a runner for its own tests. */
export function describeComplaintFlow(spec: ComplaintFlowSpec): { flow: Flow; run: (answers: ScenarioAnswers) => ScenarioRun } {
  const { slug } = spec;
  const RAW = readJson(join(LIBRARY_DIR, `${slug}.json`));
  const flow: Flow = flowSchema.parse(RAW);
  // A resolver of its own: a flow being written by someone else cannot break these tests.
  const resolver = resolverOf([compileFlow(flow)]);
  const run = (answers: ScenarioAnswers) => runScenario(slug, answers, resolver);
  const { cases: RED_FLAG_CASES } = describeRedFlagCases({ slug, flow, base: spec.base, reach: spec.reach, run });
  const outcomes = flow.nodes.filter((n) => n.kind === "outcome");

  describe(`${slug}: scenarios`, () => {
    it.each(spec.scenarios.map((sc) => [sc.name, sc] as const))("%s", (_name, sc) => {
      const { result } = run({ ...spec.base, ...sc.change });
      expect(result?.redFlag).toBeUndefined();
      expect(result?.urgency).toBe(sc.urgency);
      expect(result?.routing).toBe(ROUTING[sc.urgency]);
      if (sc.outcome) expect(result?.outcome).toBe(sc.outcome);
      expect((result?.reasons ?? []).map((r) => r.rule).sort()).toEqual([...sc.rules].sort());
      for (const reason of result?.reasons ?? []) {
        expect(reason.text.fr, reason.rule).toBeTruthy();
        expect(reason.text.en, reason.rule).toBeTruthy();
      }
    });

    it("gives no reason but the otherwise rule to the base patient", () => {
      const decision = flow.nodes.find((n) => n.kind === "decision");
      if (decision?.kind !== "decision") throw new Error("no decision node");
      expect(run(spec.base).result?.reasons.map((r) => r.rule)).toEqual([decision.otherwise.id]);
    });

    it("reaches every outcome of the flow", () => {
      const reached = new Set(spec.scenarios.map((sc) => run({ ...spec.base, ...sc.change }).result?.outcome));
      for (const c of RED_FLAG_CASES) reached.add(run(c.answers).result?.outcome);
      expect(outcomes.map((o) => o.id).filter((o) => !reached.has(o))).toEqual([]);
    });

    it("fires every decision rule in at least one scenario", () => {
      const fired = new Set(spec.scenarios.flatMap((sc) => run({ ...spec.base, ...sc.change }).result?.reasons.map((r) => r.rule) ?? []));
      const decision = flow.nodes.find((n) => n.kind === "decision");
      if (decision?.kind !== "decision") throw new Error("no decision node");
      expect([...decision.rules.map((r) => r.id), decision.otherwise.id].filter((id) => !fired.has(id))).toEqual([]);
    });

    it("starts with the danger signs, then the age", () => {
      expect(run(spec.base).asked.slice(0, 2)).toEqual(["danger_signs", "age_years"]);
    });
  });

  describe(`${slug}: both locales`, () => {
    it("gives the same urgency, routing and reasons whatever the language of the answers", () => {
      const a = run(spec.bilingual.fr).result!;
      const b = run(spec.bilingual.en).result!;
      expect(a.urgency).toBe(spec.bilingual.urgency);
      expect(b.urgency).toBe(a.urgency);
      expect(b.routing).toBe(a.routing);
      expect(b.reasons.map((r) => r.rule)).toEqual(a.reasons.map((r) => r.rule));
      expect(a.reasons.map((r) => r.rule)).toEqual(expect.arrayContaining(spec.bilingual.rules));
    });

    it("explains its reasons in French and in English", () => {
      const result = run(spec.bilingual.fr).result;
      const textsFr = reasonTexts(result, "fr");
      const textsEn = reasonTexts(result, "en");
      expect(textsFr.length).toBeGreaterThan(0);
      textsFr.forEach((t, i) => expect(t).not.toBe(textsEn[i]));
      expect(textsFr.join(" ")).toMatch(spec.bilingual.reasonFr);
      expect(textsEn.join(" ")).toMatch(spec.bilingual.reasonEn);
    });
  });

  describe(`${slug}: content`, () => {
    it("includes the shared danger signs, global red flags and demographic questions unchanged", () => {
      const shared = readJson(join(LIBRARY_DIR, "shared/dangerSigns.json"));
      const demographics = readJson(join(LIBRARY_DIR, "shared/demographics.json"));
      const withoutNext = (node: Record<string, unknown>) => Object.fromEntries(Object.entries(node).filter(([k]) => k !== "next"));
      const rawNode = (id: string) => (RAW.nodes as Record<string, unknown>[]).find((n) => n.id === id);
      expect(RAW.start).toBe("danger_signs");
      expect(withoutNext(rawNode("danger_signs")!)).toEqual(withoutNext(shared.question));
      for (const question of demographics.questions) {
        const own = rawNode(question.id);
        if (own) expect(withoutNext(own)).toEqual(withoutNext(question));
      }
      expect(rawNode("age_years")).toBeDefined();
      expect(RAW.redFlags.slice(0, shared.redFlags.length)).toEqual(shared.redFlags);
      for (const id of ["emergency", "emergency_mental_health"]) {
        expect(rawNode(id)).toMatchObject({ kind: "outcome", urgency: "EMERGENCY", routing: "emergency_services" });
      }
    });

    it("is marked as needing clinical review and cites its sources", () => {
      expect(flow.review.status).toBe("needs-clinical-review");
      expect(flow.review.note?.length).toBeGreaterThan(100);
      expect(flow.sources.length).toBeGreaterThanOrEqual(3);
    });

    it("never writes an emergency phone number in a text", () => {
      const texts = JSON.stringify({ nodes: flow.nodes, redFlags: flow.redFlags });
      expect(texts).not.toMatch(/\b(15|112|114|141|999|911|3114)\b/);
    });

    it("gives every outcome a title, advice and safety-net in both languages, with the routing of its urgency", () => {
      for (const node of outcomes) {
        for (const text of [node.title, node.advice, node.safetyNet]) {
          expect(text?.fr, node.id).toBeTruthy();
          expect(text?.en, node.id).toBeTruthy();
        }
        expect(node.routing, node.id).toBe(ROUTING[node.urgency]);
      }
    });
  });

  const vignettesFile = join(import.meta.dirname, "../../vignettes-drafts", `${slug}.json`);
  describe(`${slug}: vignette drafts`, () => {
    const vignettes: Vignette[] = existsSync(vignettesFile) ? readJson(vignettesFile) : [];

    it("has vignettes, half in French and half in English, with unique ids and a source each", () => {
      expect(vignettes.length).toBeGreaterThan(0);
      expect(new Set(vignettes.map((v) => v.id)).size).toBe(vignettes.length);
      const fr = vignettes.filter((v) => v.locale === "fr").length;
      expect(Math.abs(fr - (vignettes.length - fr))).toBeLessThanOrEqual(1);
      for (const v of vignettes) {
        expect(v.story.length, v.id).toBeGreaterThan(10);
        expect(v.source.length, v.id).toBeGreaterThan(3);
      }
    });

    it("has at least two vignettes for every level the flow can reach", () => {
      const levels = new Set(outcomes.map((o) => o.urgency));
      for (const level of levels) expect(vignettes.filter((v) => v.gold === level).length, level).toBeGreaterThanOrEqual(2);
    });

    it.each(vignettes.map((v) => [v.id, v] as const))("vignette %s reaches its gold level", (_id, v) => {
      expect(run(v.answers).result?.urgency).toBe(v.gold);
    });
  });

  return { flow, run };
}
