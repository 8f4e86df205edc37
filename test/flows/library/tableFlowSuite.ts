import { expect } from "vitest";
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
  scenarioFrom,
  type BilingualSpec,
  type LoadedFlow,
  type SharedContentSpec,
  type TableScenario,
} from "./flowTestParts.js";
import type { ScenarioAnswers } from "../libraryFlows.js";

/*
 * The frame of a library flow tested by its own table of scenarios (the flows written before the
 * complaint suite of issue 20): the flow loaded with a resolver of its own, its red-flag cases
 * declared from its data, scenarios written as changes to one base patient, and the checks every
 * such flow ends with. Each flow's test keeps its table and what is particular to it.
 */

export interface TableFlow extends LoadedFlow {
  slug: string;
  /** Writes a scenario as a change to the base patient. */
  s: (name: string, change: ScenarioAnswers, urgency: string, rules: string[]) => TableScenario;
  /** Declares the scenario table; `morePaths` reach outcomes by a branch rather than the decision. */
  itRunsScenarios: (scenarios: TableScenario[], morePaths?: ScenarioAnswers[]) => void;
  /** The first question this flow asks a patient who arrives with these answers from the general flow. */
  firstQuestionAfter: (carried: Record<string, AnswerValue>) => string | undefined;
  /** Declares the test that a patient coming from the general flow with these answers is asked this question first. */
  itSkipsAnsweredQuestions: (firstAfter: [carried: Record<string, AnswerValue>, first: string][]) => void;
  /** Expects the pregnancy question asked of women aged 12 to 55 only (the base patient being a woman in that range). */
  expectPregnancyAskedFrom12To55: () => void;
}

/** Loads the flow and declares its red-flag cases (`reach`: what makes a question behind a branch asked at all). */
export function tableFlowTest(slug: string, base: ScenarioAnswers, reach: Record<string, ScenarioAnswers> = {}): TableFlow {
  const loaded = loadLibraryFlow(slug);
  const { flow, run, compiled } = loaded;
  const { cases } = describeRedFlagCases({ slug, flow, base, reach, run });
  return {
    ...loaded,
    slug,
    s: scenarioFrom(base),
    itRunsScenarios: (scenarios, morePaths = []) => itRunsScenarioTable({ flow, run, scenarios, otherPaths: [...cases.map((c) => c.answers), ...morePaths] }),
    firstQuestionAfter: (carried) => firstQuestionAfter(compiled, carried),
    itSkipsAnsweredQuestions: (firstAfter) => itSkipsQuestionsAnsweredInGeneral(compiled, firstAfter),
    expectPregnancyAskedFrom12To55: () => {
      expect(run({ ...base, sex: "male" }).asked).not.toContain("pregnant");
      expect(run({ ...base, age_years: 56 }).asked).not.toContain("pregnant");
      expect(run({ ...base, age_years: 11 }).asked).not.toContain("pregnant");
      expect(run({ ...base, age_years: 12 }).asked).toContain("pregnant");
      expect(run({ ...base, age_years: 55 }).asked).toContain("pregnant");
    },
  };
}

export interface FlowChecksSpec extends Pick<SharedContentSpec, "demographics" | "title"> {
  /** The same patient in French and in English words, and what it must give. */
  bilingual: BilingualSpec;
  /** Whether the flow has vignette drafts (test/vignettes-drafts/<slug>.json) to reach their gold level. */
  vignettes: boolean;
}

/** Declares the checks the flow ends with: both locales, the shared content, and its vignette drafts. */
export function describeFlowChecks(table: TableFlow, { bilingual, demographics, title, vignettes }: FlowChecksSpec): void {
  const { slug, raw, flow, run } = table;
  describeBothLocales(slug, run, bilingual);
  describeSharedContent({ slug, loaded: { raw, flow }, demographics, title });
  if (vignettes) describeGoldVignettes(slug, flow, run);
}
