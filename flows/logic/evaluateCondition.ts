import type { Condition } from "../schema/flowSchema.js";
import { addOperation, compileCondition, truthy } from "./compileCondition.js";
import { firstMention } from "./textMatch.js";

/** The data a condition reads: every answer and score by its id. */
export type ConditionData = Readonly<Record<string, unknown>>;

// `mentions`: true when free text mentions any of the keywords (flows/logic/textMatch.ts: accents,
// inflections, typos and word order). Lets red flags screen typed text deterministically
// (DESIGN.md, safety rules), no LLM involved.
addOperation("mentions", (text: unknown, keywords: unknown) => {
  if (typeof text !== "string" || !Array.isArray(keywords)) return false;
  const words = keywords.every((k) => typeof k === "string") ? (keywords as readonly string[]) : keywords.filter((k): k is string => typeof k === "string");
  return firstMention(text, words) !== undefined;
});

export { normaliseText } from "./textMatch.js";

// Order comparisons are false when an operand is missing: json-logic-js would read a missing answer
// as null, i.e. 0, so `age < 12` would hold before age was asked and fire a red flag too early.
const isMissing = (v: unknown) => v === null || v === undefined || v === "";
const compare =
  (test: (a: number, b: number) => boolean) =>
  (a: unknown, b: unknown, c?: unknown): boolean => {
    if (isMissing(a) || isMissing(b)) return false;
    if (c === undefined) return test(Number(a), Number(b));
    return !isMissing(c) && test(Number(a), Number(b)) && test(Number(b), Number(c));
  };
addOperation(
  "<",
  compare((a, b) => a < b),
);
addOperation(
  "<=",
  compare((a, b) => a <= b),
);
addOperation(
  ">",
  compare((a, b) => a > b),
);
addOperation(
  ">=",
  compare((a, b) => a >= b),
);

/** Given a JSON Logic condition and the answers so far, returns whether it holds (never throws). */
export function evaluateCondition(condition: Condition, data: ConditionData): boolean {
  try {
    return truthy(compileCondition(condition)(data));
  } catch {
    // A malformed condition reads as "does not hold"; the validator reports it before publication.
    return false;
  }
}

// Flows are immutable once parsed, and the engine asks for a condition's ids after every answer:
// computed once per condition object.
const variablesCache = new WeakMap<object, readonly string[]>();

/** Given a condition, returns the answer ids it reads (the root of each `var` path). */
export function variablesOf(condition: Condition): readonly string[] {
  if (condition === null || typeof condition !== "object") return [];
  let ids = variablesCache.get(condition);
  if (!ids) variablesCache.set(condition, (ids = Object.freeze(collectVariables(condition))));
  return ids;
}

function collectVariables(condition: Condition): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== "object") return;
    for (const [op, args] of Object.entries(node)) {
      if (op === "var") {
        const path = Array.isArray(args) ? args[0] : args;
        if (typeof path === "string" && path !== "") found.add(path.split(".")[0]!);
        else if (typeof path === "number") found.add(String(path));
      } else visit(args);
    }
  };
  visit(condition);
  return [...found];
}

/** Operators a condition may use: json-logic-js's own plus `mentions`. */
export function operatorsOf(condition: Condition): string[] {
  const found = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== "object") return;
    for (const [op, args] of Object.entries(node)) {
      found.add(op);
      visit(args);
    }
  };
  visit(condition);
  return [...found];
}
