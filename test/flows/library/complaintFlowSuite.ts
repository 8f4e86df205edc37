import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Flow } from "../../../flows/index.js";
import { describeRedFlagCases } from "./redFlagSuite.js";
import { describeBothLocales, describeSharedContent, itGivesOnlyTheOtherwiseRule, itRunsScenarioTable, loadLibraryFlow } from "./flowTestParts.js";
import type { ScenarioAnswers, ScenarioRun } from "../libraryFlows.js";

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

/** Writes a row of the scenario table: what changes in the base answers, and what it must give. */
export const scenario = (name: string, change: ScenarioAnswers, urgency: string, rules: string[], outcome?: string): FlowScenario => ({
  name,
  change,
  urgency,
  rules,
  outcome,
});

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

interface Vignette {
  id: string;
  locale: "fr" | "en";
  story: string;
  answers: ScenarioAnswers;
  gold: string;
  source: string;
}

/** Declares the shared tests of a complaint flow; returns the flow and a runner for its own tests. */
export function describeComplaintFlow(spec: ComplaintFlowSpec): { flow: Flow; run: (answers: ScenarioAnswers) => ScenarioRun } {
  const { slug } = spec;
  const loaded = loadLibraryFlow(slug);
  const { flow, run } = loaded;
  const { cases: RED_FLAG_CASES } = describeRedFlagCases({ slug, flow, base: spec.base, reach: spec.reach, run });
  const outcomes = flow.nodes.filter((n) => n.kind === "outcome");
  const scenarios = spec.scenarios.map((sc) => ({ ...sc, answers: { ...spec.base, ...sc.change } }));

  describe(`${slug}: scenarios`, () => {
    itRunsScenarioTable({ flow, run, scenarios, otherPaths: RED_FLAG_CASES.map((c) => c.answers) });
    itGivesOnlyTheOtherwiseRule(flow, run, spec.base);

    it("starts with the danger signs, then the age", () => {
      expect(run(spec.base).asked.slice(0, 2)).toEqual(["danger_signs", "age_years"]);
    });
  });

  const { fr, en, urgency, rules, reasonFr, reasonEn } = spec.bilingual;
  describeBothLocales(slug, run, { fr, en, urgency, rules, reasonFr, reasonEn });

  describeSharedContent({
    slug,
    loaded,
    demographics: "present",
    more: () =>
      it("is marked as needing clinical review and cites its sources", () => {
        expect(flow.review.status).toBe("needs-clinical-review");
        expect(flow.review.note?.length).toBeGreaterThan(100);
        expect(flow.sources.length).toBeGreaterThanOrEqual(3);
      }),
  });

  const vignettesFile = join(import.meta.dirname, "../../vignettes-drafts", `${slug}.json`);
  describe(`${slug}: vignette drafts`, () => {
    const vignettes: Vignette[] = existsSync(vignettesFile) ? JSON.parse(readFileSync(vignettesFile, "utf8")) : [];

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
