import jsonLogic from "json-logic-js";
import type { Condition } from "../schema/flowSchema.js";

/*
 * JSON Logic conditions compiled once into closures. json-logic-js stays the reference semantics
 * (and evaluates every operation this file does not know): its apply() walks the JSON on every
 * call, copying each argument list, and the engine evaluates every red flag and rule after every
 * answer, so it was a sixth of a turn's allocation. The operations the flows use are compiled to
 * the same JavaScript json-logic-js runs (loose ==, its truthiness, its var lookup, eager
 * arguments, lazy and/or); test/flows/compileCondition.test.ts checks every library condition
 * against json-logic-js on generated answers.
 */

/** Given the answers, a compiled condition's value (as json-logic-js's apply would return it). */
export type CompiledCondition = (data: Readonly<Record<string, unknown>>) => unknown;

type Operation = (...args: unknown[]) => unknown;

/** Operations this project adds or changes (flows/logic/evaluateCondition.ts): registered with json-logic-js and compiled alike. */
const customOperations = new Map<string, Operation>();

/** Registers an operation for both evaluators. */
export function addOperation(name: string, operation: Operation): void {
  customOperations.set(name, operation);
  jsonLogic.add_operation(name, operation);
}

/** json-logic-js's truthiness: an empty array is false. */
export const truthy = (value: unknown): boolean => jsonLogic.truthy(value);

const cache = new WeakMap<object, CompiledCondition>();

/** Given a condition, returns it compiled (once per condition object: flows are immutable once parsed). */
export function compileCondition(condition: Condition): CompiledCondition {
  if (condition === null || typeof condition !== "object") return () => condition;
  let compiled = cache.get(condition);
  if (!compiled) cache.set(condition, (compiled = compile(condition)));
  return compiled;
}

const isLogic = (node: unknown): node is Record<string, unknown> =>
  typeof node === "object" && node !== null && !Array.isArray(node) && Object.keys(node).length === 1;

function compile(node: unknown): CompiledCondition {
  if (Array.isArray(node)) {
    // A list of constants (the options an `in` looks in) is built once; nothing changes it.
    if (node.every((item) => !isLogic(item) && !Array.isArray(item))) {
      const constant = Object.freeze([...node]);
      return () => constant;
    }
    const items = node.map(compile);
    return (data) => items.map((item) => item(data));
  }
  if (!isLogic(node)) return () => node;
  const op = Object.keys(node)[0]!;
  const raw = node[op];
  const args = (Array.isArray(raw) ? raw : [raw]).map(compile);
  const custom = customOperations.get(op);
  if (custom) return eager(args, custom);
  switch (op) {
    case "var":
      return compileVar(raw, args);
    case "and":
      return (data) => {
        let current: unknown;
        for (const arg of args) {
          current = arg(data);
          if (!truthy(current)) return current;
        }
        return current;
      };
    case "or":
      return (data) => {
        let current: unknown;
        for (const arg of args) {
          current = arg(data);
          if (truthy(current)) return current;
        }
        return current;
      };
    case "!":
      return eager(args, (a) => !truthy(a));
    case "!!":
      return eager(args, (a) => truthy(a));
    case "==":
      // eslint-disable-next-line eqeqeq -- JSON Logic's == is JavaScript's loose equality.
      return eager(args, (a, b) => a == b);
    case "!=":
      // eslint-disable-next-line eqeqeq -- as above.
      return eager(args, (a, b) => a != b);
    case "in":
      return eager(args, (a, b) => {
        const list = b as { indexOf?: (x: unknown) => number } | null | undefined;
        if (!list || typeof list.indexOf !== "function") return false;
        return list.indexOf(a) !== -1;
      });
    default:
      // Any other operation (if, missing, cat, map…) and any error it throws: json-logic-js itself.
      return (data) => jsonLogic.apply(node as jsonLogic.RulesLogic, data as Record<string, unknown>);
  }
}

/** Every argument evaluated first, in order, as json-logic-js does for ordinary operations (no argument list built for up to three). */
function eager(args: CompiledCondition[], operation: (...values: unknown[]) => unknown): CompiledCondition {
  const [a, b, c] = args;
  switch (args.length) {
    case 0:
      return () => operation();
    case 1:
      return (data) => operation(a!(data));
    case 2:
      return (data) => operation(a!(data), b!(data));
    case 3:
      return (data) => operation(a!(data), b!(data), c!(data));
    default:
      return (data) => operation(...args.map((arg) => arg(data)));
  }
}

/** `var`: a dotted path into the answers, with an optional default; a constant path is split once. */
function compileVar(raw: unknown, args: CompiledCondition[]): CompiledCondition {
  const path = Array.isArray(raw) ? raw[0] : raw;
  const [pathArg, fallbackArg] = args;
  if (isLogic(path) || Array.isArray(path) || args.length > 2) {
    // A computed path: every argument evaluated, as json-logic-js does, then split.
    return (data) => {
      const [computed, fallback] = args.map((arg) => arg(data));
      return walk(data, stepsOf(computed), fallback);
    };
  }
  const steps = stepsOf(path);
  return (data) => {
    pathArg?.(data);
    return walk(data, steps, fallbackArg?.(data));
  };
}

/** A var path's steps as json-logic-js splits it (its text at each dot); undefined for the whole data. */
const stepsOf = (path: unknown): string[] | undefined => (path === undefined || path === "" || path === null ? undefined : String(path).split("."));

/** json-logic-js's var lookup: no path is the whole data; a missing step gives the fallback (null without one). */
function walk(data: Readonly<Record<string, unknown>>, steps: readonly string[] | undefined, fallback: unknown): unknown {
  if (steps === undefined) return data;
  const missing = fallback === undefined ? null : fallback;
  let value: unknown = data;
  for (const step of steps) {
    if (value === null || value === undefined) return missing;
    value = (value as Record<string, unknown>)[step];
    if (value === undefined) return missing;
  }
  return value;
}
