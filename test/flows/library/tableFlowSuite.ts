import { describe, expect, it } from "vitest";
import type { AnswerValue } from "../../../flows/index.js";
import { describeRedFlagCases } from "./redFlagSuite.js";
import {
  describeBothLocales,
  describeGoldVignettes,
  describeSharedContent,
  firstQuestionAfter,
  itRunsScenarioTable,
  itSkipsQuestionsAnsweredInGeneral,
  loadLibraryFlow,
  type LoadedFlow,
  type SharedContentSpec,
  type TableScenario,
} from "./flowTestParts.js";
import type { ScenarioAnswers } from "../libraryFlows.js";
import { bilingualOf, readScenarioTable, type ScenarioTable } from "./scenarioTables.js";

/*
 * The frame of a library flow tested by its own table of scenarios (the flows written before the
 * complaint suite of issue 20): the flow loaded with a resolver of its own, its red-flag cases
 * declared from its data, its scenario table (scenarios/<slug>.json: changes to one base patient),
 * and the checks every such flow ends with. Each flow's test keeps what is particular to it.
 */

export interface TableFlow extends LoadedFlow {
  slug: string;
  /** The flow's scenario table (scenarios/<slug>.json). */
  table: ScenarioTable;
  /** The base patient of the flow's scenario table: every question answered, no rule fires. */
  base: ScenarioAnswers;
  /** The first question this flow asks a patient who arrives with these answers from the general flow. */
  firstQuestionAfter: (carried: Record<string, AnswerValue>) => string | undefined;
  /** Declares the test that a patient coming from the general flow with these answers is asked this question first. */
  itSkipsAnsweredQuestions: (firstAfter: [carried: Record<string, AnswerValue>, first: string][]) => void;
  /**
   * Declares the test `title`: the pregnancy question is asked of women aged 12 to 55 only (the base
   * patient being a woman in that range), and the flow's own checks of what follows (`more`).
   */
  itAsksPregnancyOnlyFrom12To55: (title: string, more?: () => void) => void;
}

/** Loads the flow and its scenario table, and declares its red-flag cases (from the table's base patient) and the table's scenarios. */
export function tableFlowTest(slug: string): TableFlow {
  const loaded = loadLibraryFlow(slug);
  const { flow, run, compiled } = loaded;
  const table = readScenarioTable(slug);
  const { base, reach, scenarios } = table;
  const { cases } = describeRedFlagCases({ slug, flow, base, reach, run });
  const rows: TableScenario[] = scenarios.map(({ name, change, urgency, rules, outcome }) => ({
    name,
    answers: { ...base, ...change },
    urgency,
    rules,
    outcome,
  }));
  const otherPaths = [...cases.map((c) => c.answers), ...table.otherPaths.map(({ change }) => ({ ...base, ...change }))];
  describe(`${slug}: scenarios`, () => itRunsScenarioTable({ flow, run, scenarios: rows, otherPaths }));
  return {
    ...loaded,
    slug,
    table,
    base,
    firstQuestionAfter: (carried) => firstQuestionAfter(compiled, carried),
    itSkipsAnsweredQuestions: (firstAfter) => itSkipsQuestionsAnsweredInGeneral(compiled, firstAfter),
    itAsksPregnancyOnlyFrom12To55: (title, more) =>
      it(title, () => {
        expect(run({ ...base, sex: "male" }).asked).not.toContain("pregnant");
        expect(run({ ...base, age_years: 56 }).asked).not.toContain("pregnant");
        expect(run({ ...base, age_years: 11 }).asked).not.toContain("pregnant");
        expect(run({ ...base, age_years: 12 }).asked).toContain("pregnant");
        expect(run({ ...base, age_years: 55 }).asked).toContain("pregnant");
        more?.();
      }),
  };
}

export interface FlowChecksSpec extends Pick<SharedContentSpec, "demographics" | "title"> {
  /** Whether the flow has vignette drafts (test/vignettes-drafts/<slug>.json) to reach their gold level. */
  vignettes: boolean;
}

/** Declares the checks the flow ends with: both locales (the table's French and English patient), the shared content, and its vignette drafts. */
export function describeFlowChecks(loaded: TableFlow, { demographics, title, vignettes }: FlowChecksSpec): void {
  const { slug, raw, flow, run, table } = loaded;
  describeBothLocales(slug, run, bilingualOf(table));
  describeSharedContent({ slug, loaded: { raw, flow }, demographics, title });
  if (vignettes) describeGoldVignettes(slug, flow, run);
}
