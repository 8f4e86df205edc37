import type { Condition } from "../schema/flowSchema.js";
import { nodePath, type FlowIndex } from "./flowIndex.js";
import { problem, type Problem } from "./problem.js";

/**
 * The operators a condition may use: the JSON Logic specification's (https://jsonlogic.com/operations.html,
 * all implemented by json-logic-js) plus our `mentions`. json-logic-js's dotted "method" calls are
 * left out on purpose: they call arbitrary methods on values.
 */
export const ALLOWED_OPERATORS: ReadonlySet<string> = new Set([
  "var",
  "missing",
  "missing_some",
  "if",
  "?:",
  "==",
  "===",
  "!=",
  "!==",
  "!",
  "!!",
  "or",
  "and",
  ">",
  ">=",
  "<",
  "<=",
  "max",
  "min",
  "+",
  "-",
  "*",
  "/",
  "%",
  "map",
  "reduce",
  "filter",
  "all",
  "none",
  "some",
  "merge",
  "in",
  "cat",
  "substr",
  "log",
  "mentions",
]);

/** Operators whose second argument runs once per item of the first (its `var`s read the item, not answers). */
const ITERATORS = new Set(["map", "reduce", "filter", "all", "none", "some"]);
const EQUALITIES = new Set(["==", "===", "!=", "!=="]);

/** What one condition reads: answer ids, string literals compared with an answer, operators. */
interface ConditionFacts {
  reads: Set<string>;
  comparisons: { answer: string; literal: string }[];
  operators: Set<string>;
}

/** The answer id a `{ "var": "q" }` rule reads, if it is one (a literal path, default allowed). */
function varName(value: unknown): string | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  if (entries.length !== 1 || entries[0]![0] !== "var") return undefined;
  const arg = entries[0]![1];
  const path = Array.isArray(arg) ? arg[0] : arg;
  return typeof path === "string" ? path : undefined;
}

/**
 * Walks a condition once. `scope` is undefined at top level (a `var` reads an answer); inside an
 * iterator it is the answer iterated over (so `{"var": ""}` in `{"some": [{"var": "symptoms"}, ...]}`
 * is one of the symptoms), or null when that is not a plain answer.
 */
function factsOf(condition: Condition): ConditionFacts {
  const facts: ConditionFacts = { reads: new Set(), comparisons: [], operators: new Set() };
  const answerOf = (value: unknown, scope: string | null | undefined): string | undefined => {
    const name = varName(value);
    if (name === undefined) return undefined;
    if (scope === undefined) return name === "" ? undefined : name.split(".")[0];
    return name === "" && scope !== null ? scope : undefined;
  };
  const compare = (answer: string | undefined, literal: unknown) => {
    if (answer !== undefined && typeof literal === "string") facts.comparisons.push({ answer, literal });
  };
  const visit = (node: unknown, scope: string | null | undefined): void => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, scope));
    if (node === null || typeof node !== "object") return;
    const entries = Object.entries(node);
    // JSON Logic reads an object with one key as an operation; any other object is a literal.
    if (entries.length !== 1) return;
    const [op, raw] = entries[0]!;
    facts.operators.add(op);
    const args: unknown[] = Array.isArray(raw) ? raw : [raw];
    if (op === "var") {
      const name = answerOf(node, scope);
      if (scope === undefined && name !== undefined) facts.reads.add(name);
      if (typeof args[0] === "object") visit(args[0], scope);
      return;
    }
    if (scope === undefined && (op === "missing" || op === "missing_some")) {
      const names = op === "missing" ? (Array.isArray(raw) ? raw : [raw]) : Array.isArray(args[1]) ? args[1] : [];
      for (const n of names) if (typeof n === "string" && n !== "") facts.reads.add(n.split(".")[0]!);
    }
    if (EQUALITIES.has(op) && args.length === 2) {
      compare(answerOf(args[0], scope), args[1]);
      compare(answerOf(args[1], scope), args[0]);
    }
    if (op === "in" && args.length === 2) {
      // "x" in the answer (multiple choice), or the answer in ["x", "y"] (single choice).
      compare(answerOf(args[1], scope), args[0]);
      const answer = answerOf(args[0], scope);
      if (Array.isArray(args[1])) for (const literal of args[1]) compare(answer, literal);
    }
    if (ITERATORS.has(op)) {
      visit(args[0], scope);
      const iterated = answerOf(args[0], scope);
      visit(args[1], iterated ?? null);
      args.slice(2).forEach((a) => visit(a, scope));
      return;
    }
    args.forEach((a) => visit(a, scope));
  };
  visit(condition, undefined);
  return facts;
}

/** One condition of the flow and where it sits. */
interface ConditionSite {
  condition: Condition;
  label: string;
  node?: string;
  rule?: string;
  path: string;
}

function conditionSites(index: FlowIndex): ConditionSite[] {
  const sites: ConditionSite[] = [];
  for (const node of index.flow.nodes) {
    if ("next" in node) {
      node.next.branches.forEach((b, j) =>
        sites.push({
          condition: b.when,
          label: `branch ${b.id} of node ${node.id}`,
          node: node.id,
          rule: b.id,
          path: nodePath(index, node.id, `.next.branches[${j}].when`),
        }),
      );
    }
    if (node.kind === "score") {
      node.terms.forEach((t, j) =>
        sites.push({ condition: t.when, label: `term ${j + 1} of score ${node.id}`, node: node.id, path: nodePath(index, node.id, `.terms[${j}].when`) }),
      );
    }
    if (node.kind === "decision") {
      node.rules.forEach((r, j) =>
        sites.push({
          condition: r.when,
          label: `rule ${r.id} of decision ${node.id}`,
          node: node.id,
          rule: r.id,
          path: nodePath(index, node.id, `.rules[${j}].when`),
        }),
      );
    }
  }
  index.flow.redFlags.forEach((rf, k) => sites.push({ condition: rf.when, label: `red flag ${rf.id}`, rule: rf.id, path: `redFlags[${k}].when` }));
  return sites;
}

/** Unknown operators, `var`s naming no question or score, and choice comparisons with values that are not options. */
export function checkConditions(index: FlowIndex): Problem[] {
  const problems: Problem[] = [];
  for (const site of conditionSites(index)) {
    const facts = factsOf(site.condition);
    const where = { node: site.node, rule: site.rule, path: site.path };
    for (const op of facts.operators) {
      if (!ALLOWED_OPERATORS.has(op)) {
        problems.push(problem("unknown-operator", `${site.label} uses the operator "${op}", which is not a JSON Logic operator (nor "mentions")`, where));
      }
    }
    for (const id of facts.reads) {
      if (!index.answerIds.has(id)) {
        problems.push(problem("unknown-answer-reference", `${site.label} reads "${id}", which is no question or score of this flow`, where));
      }
    }
    const reported = new Set<string>();
    for (const { answer, literal } of facts.comparisons) {
      const question = index.byId.get(answer);
      if (question?.kind !== "question" || (question.type !== "single_choice" && question.type !== "multiple_choice")) continue;
      const values = question.options.map((o) => o.value);
      if (values.includes(literal) || reported.has(`${answer}\u0000${literal}`)) continue;
      reported.add(`${answer}\u0000${literal}`);
      problems.push(
        problem(
          "unknown-option-reference",
          `${site.label} compares "${answer}" with "${literal}", which is not one of its options (${values.join(", ")})`,
          where,
        ),
      );
    }
  }
  return problems;
}
