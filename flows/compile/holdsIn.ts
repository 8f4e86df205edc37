import { evaluateCondition, variablesOf } from "../logic/evaluateCondition.js";
import { evaluateTruth } from "../logic/evaluateTruth.js";
import type { Condition } from "../schema/flowSchema.js";
import type { FlowContext } from "./flowContext.js";

/** The stored answer "don't know" (flows/answers/parseAnswer.ts's DONT_KNOW; repeated here to keep compile/ free of answers/). */
const DONT_KNOW = "dont_know";

/** Skipped questions, and the scores left uncomputed because they read one. */
export function skippedIds(context: Pick<FlowContext, "skipped">): ReadonlySet<string> {
  return new Set((context.skipped ?? []).map((s) => s.id));
}

/** Questions answered "don't know". */
export function dontKnowIds(context: Pick<FlowContext, "answers">): ReadonlySet<string> {
  return new Set(Object.keys(context.answers).filter((id) => context.answers[id] === DONT_KNOW));
}

// Guards ask for the unknown ids of the same context over and over within a step: kept per answers
// object (contexts are immutable: a new answer or skip makes new objects).
const unknownCache = new WeakMap<object, { skipped: FlowContext["skipped"]; ids: ReadonlySet<string> }>();

/** Every id whose answer a condition must read as unknown: skipped, or "don't know". */
export function unknownIds(context: Pick<FlowContext, "answers" | "skipped">): ReadonlySet<string> {
  const cached = unknownCache.get(context.answers);
  if (cached && cached.skipped === context.skipped) return cached.ids;
  const ids = new Set([...skippedIds(context), ...dontKnowIds(context)]);
  unknownCache.set(context.answers, { skipped: context.skipped, ids });
  return ids;
}

/**
 * Given a machine context and a condition, returns whether the condition holds. When it depends
 * on answers not known:
 * - a skipped question (question economy) never makes it hold: economy proved it cannot change the
 *   outcome, and a rule that fired on a guess would give a reason that may be untrue;
 * - a "don't know" makes it hold when `takeIfUnknown` (red flags, decision rules and score terms:
 *   the more urgent reading, so an unknown duration never bypasses a time-based red flag; for a
 *   branch, the compiler says which way can reach the more urgent outcomes).
 */
export function holdsIn(context: Pick<FlowContext, "answers" | "skipped">, condition: Condition, takeIfUnknown = true): boolean {
  const unknown = unknownIds(context);
  if (unknown.size === 0) return evaluateCondition(condition, context.answers);
  const truth = evaluateTruth(condition, context.answers, unknown);
  if (truth !== "unknown") return truth === "yes";
  const skipped = skippedIds(context);
  if (variablesOf(condition).some((id) => skipped.has(id))) return false;
  return takeIfUnknown;
}
