import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Flow } from "../../../flows/index.js";
import { describeRedFlagCases } from "./redFlagSuite.js";
import { describeBothLocales, describeSharedContent, itGivesOnlyTheOtherwiseRule, itRunsScenarioTable, loadLibraryFlow } from "./flowTestParts.js";
import type { ScenarioAnswers, ScenarioRun } from "../libraryFlows.js";
import { bilingualOf, readScenarioTable, type ScenarioTable } from "./scenarioTables.js";

/*
 * The tests every complaint flow of issue 20 shares: red flags from the flow's data, its table of
 * scenarios with their exact reasons (scenarios/<slug>.json), every outcome and rule reached, the shared danger signs and
 * demographics unchanged, outcome texts (the wording rules are library-wide: test/flows/libraryWording.test.ts), and the flow's vignette drafts (test/vignettes-drafts)
 * reaching their gold level. Each flow's own test adds what is particular to it (question gating).
 */

interface Vignette {
  id: string;
  locale: "fr" | "en";
  story: string;
  answers: ScenarioAnswers;
  gold: string;
  source: string;
}

/** Declares the shared tests of a complaint flow from its scenario table; returns the flow, a runner and the table for its own tests. */
export function describeComplaintFlow(slug: string): {
  flow: Flow;
  run: (answers: ScenarioAnswers) => ScenarioRun;
  /** The table's base patient: every question answered, no rule fires. */
  base: ScenarioAnswers;
  scenarios: ScenarioTable["scenarios"];
} {
  const table = readScenarioTable(slug);
  const { base, reach, scenarios: rows } = table;
  const loaded = loadLibraryFlow(slug);
  const { flow, run } = loaded;
  const { cases: RED_FLAG_CASES } = describeRedFlagCases({ slug, flow, base, reach, run });
  const outcomes = flow.nodes.filter((n) => n.kind === "outcome");
  const scenarios = rows.map((sc) => ({ ...sc, answers: { ...base, ...sc.change } }));

  describe(`${slug}: scenarios`, () => {
    itRunsScenarioTable({ flow, run, scenarios, otherPaths: RED_FLAG_CASES.map((c) => c.answers) });
    itGivesOnlyTheOtherwiseRule(flow, run, base);

    it("starts with the danger signs, then the age", () => {
      expect(run(base).asked.slice(0, 2)).toEqual(["danger_signs", "age_years"]);
    });
  });

  describeBothLocales(slug, run, bilingualOf(table));

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

  return { flow, run, base, scenarios: rows };
}
