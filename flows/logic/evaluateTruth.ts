import type { Condition } from "../schema/flowSchema.js";
import { evaluateCondition, variablesOf, type ConditionData } from "./evaluateCondition.js";

/** A condition's truth when some answers are not known: "unknown" when they could make it either. */
export type Truth = "yes" | "no" | "unknown";

const not = (t: Truth): Truth => (t === "yes" ? "no" : t === "no" ? "yes" : "unknown");

/**
 * Kleene's and ("no" decides) and or ("yes" decides): the deciding value ends it at once;
 * otherwise an unknown argument leaves the whole unknown, and none leaves the other value.
 */
function junction(args: readonly Condition[], truth: (c: Condition) => Truth, decides: "yes" | "no"): Truth {
  let result: Truth = not(decides);
  for (const arg of args) {
    const t = truth(arg);
    if (t === decides) return decides;
    if (t === "unknown") result = "unknown";
  }
  return result;
}

/**
 * Given a JSON Logic condition, the known answers and the ids whose answers are not known (not yet
 * asked, or skipped), returns whether it holds whatever those answers turn out to be ("yes"),
 * holds for none of them ("no"), or depends on them ("unknown"). Kleene's three-valued logic over
 * and / or / ! / !! / if; any other operation that reads an unknown answer is "unknown". It never
 * says "yes" or "no" where a full answer could say otherwise (question economy relies on it), and
 * a sub-expression that reads no unknown answer is evaluated exactly as evaluateCondition does.
 */
export function evaluateTruth(condition: Condition, data: ConditionData, unknown: ReadonlySet<string>): Truth {
  if (condition === null || typeof condition !== "object") return truthOf(condition, data, unknown);
  // The truth depends only on the answers the condition reads: free-text screening (`mentions`)
  // is costly and question economy asks the same conditions again after every answer.
  const ids = variablesOf(condition);
  const key = memoKey(ids, data, unknown);
  let memo = truthCache.get(condition);
  if (!memo) truthCache.set(condition, (memo = new Map()));
  let truth = memo.get(key);
  if (truth === undefined) {
    if (memo.size >= 500) memo.clear();
    memo.set(key, (truth = truthOf(condition, data, unknown)));
  }
  return truth;
}

const truthCache = new WeakMap<object, Map<string, Truth>>();

/** The answers a condition reads, as a string: each value tagged with its type ("1" is not 1), unknown ones as "?". */
function memoKey(ids: readonly string[], data: ConditionData, unknown: ReadonlySet<string>): string {
  let key = "";
  for (const id of ids) {
    const value = data[id];
    if (unknown.has(id)) key += "?";
    else if (typeof value === "string") key += `s${value.length}:${value}`;
    else if (typeof value === "number") key += `n${value}`;
    else if (typeof value === "boolean") key += value ? "T" : "F";
    else if (value === undefined || value === null) key += "_";
    else key += `j${JSON.stringify(value)}`;
    key += "|";
  }
  return key;
}

function truthOf(condition: Condition, data: ConditionData, unknown: ReadonlySet<string>): Truth {
  if (unknown.size === 0 || !variablesOf(condition).some((id) => unknown.has(id))) {
    return evaluateCondition(condition, data) ? "yes" : "no";
  }
  if (condition === null || typeof condition !== "object" || Array.isArray(condition)) return "unknown";
  const entries = Object.entries(condition);
  if (entries.length !== 1) return "unknown";
  const [op, raw] = entries[0]!;
  const args = (Array.isArray(raw) ? raw : [raw]) as Condition[];
  const truth = (c: Condition) => evaluateTruth(c, data, unknown);
  switch (op) {
    case "and":
      return junction(args, truth, "no");
    case "or":
      return junction(args, truth, "yes");
    case "!":
      return not(truth(args[0] ?? null));
    case "!!":
      return truth(args[0] ?? null);
    case "if":
    case "?:": {
      // [c1, v1, c2, v2, ..., else]: the first condition that holds picks its value.
      let i = 0;
      for (; i + 1 < args.length; i += 2) {
        const c = truth(args[i]!);
        if (c === "unknown") return "unknown";
        if (c === "yes") return truth(args[i + 1]!);
      }
      return i < args.length ? truth(args[i]!) : "no";
    }
    default:
      return "unknown";
  }
}
