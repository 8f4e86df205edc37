import { flowSchema, type Flow } from "../schema/flowSchema.js";
import { checkConditions } from "./checkConditions.js";
import { checkContent } from "./checkContent.js";
import { checkOptionGroups } from "./checkOptionGroups.js";
import { checkSuggestFrom } from "./checkSuggestFrom.js";
import { checkPaths } from "./checkPaths.js";
import { checkReferences } from "./checkReferences.js";
import { indexFlow } from "./flowIndex.js";
import type { Problem } from "./problem.js";
import { schemaProblems } from "./schemaProblems.js";

export { PROBLEM_CODES, type Problem, type ProblemCode } from "./problem.js";

export interface ValidateOptions {
  /**
   * Answer ids carried in by a handover from another flow: this flow's conditions may read them
   * although it asks no such question (validateLibrary fills this in from the library's handovers).
   */
  externalAnswers?: readonly string[];
}

export type FlowValidation = { ok: true; flow: Flow } | { ok: false; problems: Problem[] };

/**
 * Given flow JSON, returns the parsed flow, or every problem found (codes in ./problem.ts).
 * Pure: no I/O. A schema failure stops there (nothing else can be trusted); otherwise every check
 * runs, so an author sees all problems at once.
 */
export function validateFlow(json: unknown, options: ValidateOptions = {}): FlowValidation {
  const parsed = flowSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problems: schemaProblems(json, parsed.error.issues) };
  const index = indexFlow(parsed.data, options.externalAnswers);
  const problems = [
    ...checkReferences(index),
    ...checkConditions(index),
    ...checkContent(index),
    ...checkOptionGroups(index),
    ...checkSuggestFrom(index),
    ...checkPaths(index),
  ];
  return problems.length === 0 ? { ok: true, flow: parsed.data } : { ok: false, problems };
}
