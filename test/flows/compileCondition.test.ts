import jsonLogic from "json-logic-js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileCondition } from "../../flows/logic/compileCondition.js";
import { evaluateCondition, variablesOf } from "../../flows/logic/evaluateCondition.js";
import type { Condition } from "../../flows/schema/flowSchema.js";
import { LIBRARY_DIR, readLibraryFiles } from "./libraryFlows.js";

/*
 * Compiled conditions against json-logic-js, the reference: every condition of the shipped library,
 * on answers generated from the values each condition mentions (and the usual troublemakers:
 * missing, null, empty, "don't know", booleans, lists, numbers as text), must give the same value,
 * or both throw. evaluateCondition registers the project's own operations with both first.
 */

/** Every `when` of a flow file, wherever it sits (red flags, branches, rules, score terms, screens). */
function conditionsIn(json: unknown, found: Condition[] = []): Condition[] {
  if (Array.isArray(json)) json.forEach((item) => conditionsIn(item, found));
  else if (json !== null && typeof json === "object") {
    for (const [key, value] of Object.entries(json)) {
      if (key === "when") found.push(value as Condition);
      else conditionsIn(value, found);
    }
  }
  return found;
}

/** The strings and numbers a condition compares with. */
function literalsOf(condition: unknown, found = new Set<string | number>()): Set<string | number> {
  if (Array.isArray(condition)) condition.forEach((c) => literalsOf(c, found));
  else if (condition !== null && typeof condition === "object") Object.values(condition).forEach((c) => literalsOf(c, found));
  else if (typeof condition === "string" || typeof condition === "number") found.add(condition);
  return found;
}

/** A small deterministic generator (the same answers on every run). */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

function answerSets(condition: Condition, count: number, next: () => number): Record<string, unknown>[] {
  const literals = [...literalsOf(condition)];
  const strings = literals.filter((l): l is string => typeof l === "string");
  const numbers = literals.filter((l): l is number => typeof l === "number");
  const pick = <T>(items: T[]): T | undefined => items[Math.floor(next() * items.length)];
  const candidates = (): unknown[] => {
    const n = pick(numbers) ?? 10;
    const s = pick(strings) ?? "x";
    return [
      undefined,
      null,
      "",
      "dont_know",
      true,
      false,
      0,
      n,
      n - 1,
      n + 1,
      n + 0.5,
      String(n),
      s,
      `${s} et autre chose`,
      [],
      [s],
      strings.slice(0, 3),
      ["none"],
      { nested: s },
    ];
  };
  const ids = variablesOf(condition);
  return Array.from({ length: count }, () => Object.fromEntries(ids.map((id) => [id, pick(candidates())])));
}

type Outcome = { value: unknown } | { threw: true };
const outcome = (run: () => unknown): Outcome => {
  try {
    return { value: run() };
  } catch {
    return { threw: true };
  }
};

const library = readLibraryFiles().map(({ file, json }) => ({ file, conditions: conditionsIn(json) }));
const screens = conditionsIn(JSON.parse(readFileSync(join(LIBRARY_DIR, "shared/redFlagScreens.json"), "utf8")));

describe("compiled conditions give json-logic-js's values", () => {
  // Registers `mentions` and the missing-aware comparisons with json-logic-js as well.
  evaluateCondition(true, {});

  it.each([...library, { file: "shared/redFlagScreens.json", conditions: screens }])("on every condition of $file", ({ conditions }) => {
    expect(conditions.length).toBeGreaterThan(0);
    const next = random(conditions.length);
    for (const condition of conditions) {
      for (const data of answerSets(condition, 40, next)) {
        const compiled = outcome(() => compileCondition(condition)(data));
        const reference = outcome(() => jsonLogic.apply(condition as jsonLogic.RulesLogic, data));
        expect(compiled, JSON.stringify({ condition, data })).toEqual(reference);
      }
    }
  });

  it.each([
    ["a var with a default", { var: ["age", 40] }, {}],
    ["a dotted var", { var: "a.b" }, { a: { b: 3 } }],
    ["a dotted var through a missing step", { var: ["a.b.c", "none"] }, { a: {} }],
    ["the whole data", { var: "" }, { a: 1 }],
    ["a var whose path is computed", { var: { cat: ["a", "ge"] } }, { age: 7 }],
    ["a var whose path is a list (read as its text)", { var: [["a", "b"]] }, { "a,b": 1, a: { b: 2 } }],
    ["loose equality of a number and its text", { "==": [{ var: "n" }, "3"] }, { n: 3 }],
    ["in on a text", { in: ["ache", { var: "t" }] }, { t: "headache" }],
    ["in on something without indexOf", { in: ["a", { var: "n" }] }, { n: 5 }],
    ["and returning the first falsy value", { and: [1, { var: "x" }, 2] }, { x: [] }],
    ["or returning the last value", { or: [0, "", { var: "x" }] }, { x: null }],
    ["an empty and", { and: [] }, {}],
    ["not of an empty list", { "!": [[]] }, {}],
    ["double negation of a text", { "!!": "no" }, {}],
    ["if, which json-logic-js evaluates itself", { if: [{ var: "x" }, "yes", "no"] }, { x: 1 }],
    ["a between with a missing bound", { "<=": [1, { var: "x" }, { var: "y" }] }, { x: 2 }],
    ["an arithmetic operation left to json-logic-js", { "+": [{ var: "a" }, 2] }, { a: "3" }],
    ["an unknown operation, which throws in both", { nonsense: [1] }, {}],
    ["a list of conditions", [{ var: "a" }, { "==": [1, 1] }], { a: "z" }],
  ] as [string, Condition, Record<string, unknown>][])("on %s", (_, condition, data) => {
    expect(outcome(() => compileCondition(condition)(data))).toEqual(outcome(() => jsonLogic.apply(condition as jsonLogic.RulesLogic, data)));
  });

  it("compiles each condition object once", () => {
    const condition = { "==": [{ var: "a" }, 1] };
    expect(compileCondition(condition)).toBe(compileCondition(condition));
  });
});
