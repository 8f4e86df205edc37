import { evaluateCondition } from "../logic/evaluateCondition.js";
import { evaluateTruth } from "../logic/evaluateTruth.js";
import type { Condition } from "../schema/flowSchema.js";
import type { FlowContext } from "./flowContext.js";

/** The ids a flow's conditions must read as unknown: skipped questions and the scores that read them. */
export function unknownIds(context: Pick<FlowContext, "skipped">): ReadonlySet<string> {
  return new Set((context.skipped ?? []).map((s) => s.id));
}

/**
 * Given a machine context and a condition, returns whether the condition holds. With skipped
 * questions it must hold whatever they would have been answered, so a rule that reads one never
 * fires on a guess (and never becomes a reason that may be untrue).
 */
export function holdsIn(context: Pick<FlowContext, "answers" | "skipped">, condition: Condition): boolean {
  if (!context.skipped || context.skipped.length === 0) return evaluateCondition(condition, context.answers);
  return evaluateTruth(condition, context.answers, unknownIds(context)) === "yes";
}
