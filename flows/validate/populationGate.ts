import type { Condition, Flow, FlowNode, Question } from "../schema/flowSchema.js";
import { variablesOf } from "../logic/evaluateCondition.js";

/*
 * Population gates of red-flag screens (redFlagScreens.json: a screen may apply only to, say, women
 * of childbearing age who may be pregnant). The validator proves a gated screen on a flow by a
 * search over (node, answers to the gate's questions known on the path): at a gate question every
 * answer that can change a condition is tried, branches are followed only where their condition can
 * hold given those answers, and an outcome below the screen's level reached without a detector is a
 * problem unless the gate is known to be false there. A gate question the path never asked leaves
 * the gate unknown, so a flow that never asks sex or pregnancy cannot prove a gated screen.
 */

/** Three-valued (Kleene) truth: a condition over answers not all known may be undecided. */
type Truth = boolean | "unknown";
const UNKNOWN = Symbol("unknown");
type Value = unknown;

const COMPARISONS = new Set(["==", "===", "!=", "!==", "<", "<=", ">", ">="]);

function compare(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case "==":
    case "===":
      return a === b;
    case "!=":
    case "!==":
      return a !== b;
    case "<":
      return typeof a === "number" && typeof b === "number" && a < b;
    case "<=":
      return typeof a === "number" && typeof b === "number" && a <= b;
    case ">":
      return typeof a === "number" && typeof b === "number" && a > b;
    default:
      return typeof a === "number" && typeof b === "number" && a >= b;
  }
}

/** Given a condition and the answers known so far, evaluates it where it can (undecided otherwise). */
function valueOf(node: unknown, known: ReadonlyMap<string, unknown>): Value | typeof UNKNOWN {
  if (node === null || typeof node !== "object") return node;
  if (Array.isArray(node)) {
    const items = node.map((n) => valueOf(n, known));
    return items.includes(UNKNOWN) ? UNKNOWN : items;
  }
  const entries = Object.entries(node);
  if (entries.length !== 1) return UNKNOWN;
  const [op, raw] = entries[0]!;
  const args = Array.isArray(raw) ? raw : [raw];
  if (op === "var") {
    const path = args[0];
    return typeof path === "string" && known.has(path) ? known.get(path) : UNKNOWN;
  }
  const truth = truthOf(node as Condition, known);
  return truth === "unknown" ? UNKNOWN : truth;
}

export function truthOf(condition: Condition, known: ReadonlyMap<string, unknown>): Truth {
  if (typeof condition === "boolean") return condition;
  if (condition === null || typeof condition !== "object" || Array.isArray(condition)) return "unknown";
  const entries = Object.entries(condition);
  if (entries.length !== 1) return "unknown";
  const [op, raw] = entries[0]!;
  const args: unknown[] = Array.isArray(raw) ? raw : [raw];
  if (op === "and" || op === "or") {
    const decisive = op === "and" ? false : true;
    let undecided = false;
    for (const arg of args) {
      const t = truthOf(arg as Condition, known);
      if (t === decisive) return decisive;
      if (t === "unknown") undecided = true;
    }
    return undecided ? "unknown" : !decisive;
  }
  if (op === "!" || op === "!!") {
    const t = truthOf(args[0] as Condition, known);
    if (t === "unknown") return t;
    return op === "!" ? !t : t;
  }
  const values = args.map((a) => valueOf(a, known));
  if (values.includes(UNKNOWN)) return "unknown";
  if (COMPARISONS.has(op)) {
    if (values.length === 3 && (op === "<" || op === "<=")) return compare(op, values[0], values[1]) && compare(op, values[1], values[2]);
    return compare(op, values[0], values[1]);
  }
  if (op === "in") {
    const [needle, haystack] = values;
    if (Array.isArray(haystack)) return haystack.includes(needle);
    if (typeof haystack === "string" && typeof needle === "string") return haystack.includes(needle);
    return false;
  }
  return "unknown";
}

/** Every number a condition compares `id` with (`{"<": [{"var": id}, 12]}` gives 12). */
function numbersComparedWith(id: string, condition: unknown, found: Set<number>): void {
  if (Array.isArray(condition)) return condition.forEach((c) => numbersComparedWith(id, c, found));
  if (condition === null || typeof condition !== "object") return;
  for (const [op, raw] of Object.entries(condition)) {
    const args = Array.isArray(raw) ? raw : [raw];
    if (COMPARISONS.has(op) && args.some((a) => a && typeof a === "object" && (a as { var?: unknown }).var === id)) {
      for (const a of args) if (typeof a === "number") found.add(a);
    }
    numbersComparedWith(id, raw, found);
  }
}

/** Every condition of a flow: branches, decision rules, score terms, red flags. */
function conditionsOf(flow: Flow): unknown[] {
  const all: unknown[] = flow.redFlags.map((rf) => rf.when);
  for (const node of flow.nodes) {
    if ("next" in node) all.push(...node.next.branches.map((b) => b.when));
    if (node.kind === "decision") all.push(...node.rules.map((r) => r.when));
    if (node.kind === "score") all.push(...node.terms.map((t) => t.when));
  }
  return all;
}

/**
 * The answers worth trying at a gate question: each option, yes and no, or for a number every value
 * on either side of each constant the flow or the gate compares it with (so each interval between
 * constants is represented). Other kinds (multiple choice, free text) stay unknown.
 */
function representativeAnswers(question: Question, flow: Flow, gate: Condition): unknown[] | undefined {
  if (question.type === "yes_no") return [true, false];
  if (question.type === "single_choice") return question.options.map((o) => o.value);
  if (question.type === "number" || question.type === "scale" || question.type === "duration") {
    const constants = new Set<number>();
    numbersComparedWith(question.id, [gate, ...conditionsOf(flow)], constants);
    const step = question.type === "number" && !question.integer ? 0.01 : question.type === "duration" ? 0.01 : 1;
    const [min, max] =
      question.type === "number" ? [question.min, question.max] : question.type === "scale" ? [0, 10] : [0, question.maxHours ?? Number.MAX_SAFE_INTEGER];
    const values = new Set<number>([min, max]);
    for (const c of constants) for (const v of [c - step, c, c + step]) if (v >= min && v <= max) values.add(Number(v.toFixed(6)));
    return [...values];
  }
  return undefined;
}

/** The nodes a node can go to next given the known answers (branches that cannot hold are skipped). */
function nextNodes(node: FlowNode, known: ReadonlyMap<string, unknown>, exitsAfter: ReadonlyMap<string, string[]>): string[] {
  const targets: string[] = [];
  if ("next" in node) {
    let settled = false;
    for (const branch of node.next.branches) {
      const t = truthOf(branch.when as Condition, known);
      if (t === false) continue;
      targets.push(branch.to);
      if (t === true) {
        settled = true;
        break;
      }
    }
    if (!settled && node.next.default) targets.push(node.next.default);
  }
  if (node.kind === "decision") {
    const truths = node.rules.map((r) => truthOf(r.when as Condition, known));
    node.rules.forEach((r, i) => truths[i] !== false && targets.push(r.outcome));
    if (!truths.includes(true)) targets.push(node.otherwise.outcome);
  }
  if (node.kind === "question") targets.push(...(exitsAfter.get(node.id) ?? []));
  return targets;
}

/**
 * Given a flow, a population gate, the detector questions and a test for "outcome below the screen's
 * level", returns the ids of such outcomes reachable, without passing a detector, on a path where the
 * gate is not known to be false.
 */
export function gatedLowerOutcomes(flow: Flow, gate: Condition, detectors: ReadonlySet<string>, isLower: (node: FlowNode) => boolean): string[] {
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  const gateQuestions = new Set(variablesOf(gate));
  const exitsAfter = new Map<string, string[]>();
  for (const rf of flow.redFlags) for (const id of variablesOf(rf.when)) exitsAfter.set(id, [...(exitsAfter.get(id) ?? []), rf.outcome]);
  const found = new Set<string>();
  const seen = new Set<string>();
  const pending: { id: string; known: Map<string, unknown> }[] = [{ id: flow.start, known: new Map() }];
  while (pending.length > 0) {
    const { id, known } = pending.pop()!;
    const key = `${id}|${JSON.stringify([...known].sort())}`;
    if (seen.has(key) || detectors.has(id)) continue;
    seen.add(key);
    const node = byId.get(id);
    if (!node) continue;
    if (isLower(node) && truthOf(gate, known) !== false) found.add(id);
    const answers = node.kind === "question" && gateQuestions.has(node.id) ? representativeAnswers(node, flow, gate) : undefined;
    for (const assumed of answers ? answers.map((a) => new Map(known).set(node.id, a)) : [known]) {
      for (const to of nextNodes(node, assumed, exitsAfter)) pending.push({ id: to, known: assumed });
    }
  }
  return [...found];
}
