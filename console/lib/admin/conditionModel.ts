import type { Condition, Flow } from "../../../flows/schema/flowSchema";

/*
 * The condition builder's model (issue 7): a JSON Logic condition read as groups (all / any /
 * none of) of rules "answer -> operator -> value", and written back as the same JSON Logic the
 * flow schema expects. Whatever the pickers cannot show is kept as a `raw` part, written back
 * verbatim, so the builder never alters a condition it does not understand.
 */

export type Join = "all" | "any" | "none";

export const OPERATORS = ["is", "is_not", "one_of", "includes", "excludes", "<", "<=", ">", ">=", "between", "answered", "mentions"] as const;
export type Operator = (typeof OPERATORS)[number];

export type Scalar = string | number | boolean;

/**
 * One picker row. Which fields count depends on the operator: `value` (is, is_not, includes,
 * excludes, comparisons; the low end of between), `high` (between), `list` (one_of, mentions).
 */
export interface ConditionRule {
  kind: "rule";
  variable: string;
  operator: Operator;
  value: Scalar;
  high: number;
  list: string[];
}

export interface ConditionGroup {
  kind: "group";
  join: Join;
  items: ConditionPart[];
}

/** A piece the pickers cannot represent: shown read-only, written back unchanged. */
export interface RawCondition {
  kind: "raw";
  json: Condition;
}

export type ConditionPart = ConditionGroup | ConditionRule | RawCondition;

const ID = /^[a-z][a-z0-9_]*$/;
const COMPARISONS = new Set(["<", "<=", ">", ">="]);

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const isScalar = (v: unknown): v is Scalar => typeof v === "string" || typeof v === "number" || typeof v === "boolean";
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === "string");

/** The single operation of a JSON Logic object `{ op: args }`, or undefined. */
function operation(json: unknown): [string, unknown] | undefined {
  if (!isObject(json)) return undefined;
  const entries = Object.entries(json);
  return entries.length === 1 ? entries[0] : undefined;
}

/** The answer id of a plain `{ "var": "id" }` (no path, no default), or undefined. */
function variableOf(json: unknown): string | undefined {
  const op = operation(json);
  return op && op[0] === "var" && typeof op[1] === "string" && ID.test(op[1]) ? op[1] : undefined;
}

const rule = (variable: string, operator: Operator, fields: Partial<Pick<ConditionRule, "value" | "high" | "list">> = {}): ConditionRule => ({
  kind: "rule",
  variable,
  operator,
  value: fields.value ?? "",
  high: fields.high ?? 0,
  list: fields.list ?? [],
});

function parseRule(op: string, args: unknown): ConditionRule | undefined {
  if (!Array.isArray(args)) return undefined;
  const [a, b, c] = args as unknown[];
  const variable = variableOf(a);
  if (args.length === 2 && variable !== undefined) {
    if (op === "==" && isScalar(b)) return rule(variable, "is", { value: b });
    if (op === "!=" && b === null) return rule(variable, "answered");
    if (op === "!=" && isScalar(b)) return rule(variable, "is_not", { value: b });
    if (op === "in" && isStrings(b)) return rule(variable, "one_of", { list: [...b] });
    if (COMPARISONS.has(op) && typeof b === "number") return rule(variable, op as Operator, { value: b });
    if (op === "mentions" && isStrings(b)) return rule(variable, "mentions", { list: [...b] });
  }
  if (op === "in" && args.length === 2 && typeof a === "string") {
    const answer = variableOf(b);
    if (answer !== undefined) return rule(answer, "includes", { value: a });
  }
  if (op === "<=" && args.length === 3 && typeof a === "number" && typeof c === "number") {
    const answer = variableOf(b);
    if (answer !== undefined) return rule(answer, "between", { value: a, high: c });
  }
  return undefined;
}

/** Given a JSON Logic condition, returns the builder's model (unknown pieces kept as `raw`). */
export function parseCondition(json: Condition): ConditionPart {
  const op = operation(json);
  if (!op) return { kind: "raw", json };
  const [name, args] = op;
  if ((name === "and" || name === "or") && Array.isArray(args) && args.length > 0) {
    return { kind: "group", join: name === "and" ? "all" : "any", items: args.map((a) => parseCondition(a as Condition)) };
  }
  if (name === "!") {
    // json-logic-js reads `{"!": x}` and `{"!": [x]}` alike.
    const inner = Array.isArray(args) ? (args.length === 1 ? args[0] : undefined) : args;
    if (inner === undefined) return { kind: "raw", json };
    const parsed = parseCondition(inner as Condition);
    if (parsed.kind === "rule" && parsed.operator === "includes") return { ...parsed, operator: "excludes" };
    if (parsed.kind === "group" && parsed.join === "any" && parsed.items.length > 1) return { kind: "group", join: "none", items: parsed.items };
    return { kind: "group", join: "none", items: [parsed] };
  }
  return parseRule(name, args) ?? { kind: "raw", json };
}

function writeRule(r: ConditionRule): Condition {
  const v = { var: r.variable };
  switch (r.operator) {
    case "is":
      return { "==": [v, r.value] };
    case "is_not":
      return { "!=": [v, r.value] };
    case "answered":
      return { "!=": [v, null] };
    case "one_of":
      return { in: [v, [...r.list]] };
    case "includes":
      return { in: [String(r.value), v] };
    case "excludes":
      return { "!": { in: [String(r.value), v] } };
    case "between":
      return { "<=": [Number(r.value), v, r.high] };
    case "mentions":
      return { mentions: [v, [...r.list]] };
    default:
      return { [r.operator]: [v, Number(r.value)] };
  }
}

/** Given the builder's model, returns the JSON Logic condition it stands for. */
export function writeCondition(part: ConditionPart): Condition {
  if (part.kind === "raw") return part.json;
  if (part.kind === "rule") return writeRule(part);
  const items = part.items.map(writeCondition);
  if (part.join === "all") return { and: items };
  if (part.join === "any") return { or: items };
  return { "!": items.length === 1 ? items[0]! : { or: items } };
}

/** Whether the pickers represent the whole condition (no raw piece). */
export function isFullySupported(part: ConditionPart): boolean {
  if (part.kind === "raw") return false;
  return part.kind === "rule" || part.items.every(isFullySupported);
}

/** What a condition can test: a question (by type) or a computed score. */
export type VariableKind = "yes_no" | "single_choice" | "multiple_choice" | "number" | "scale" | "duration" | "free_text" | "score";

export interface ConditionVariable {
  id: string;
  kind: VariableKind;
  /** Choice questions' options (value and label in each locale). */
  options: { value: string; label: Partial<Record<string, string>> }[];
  /** Number questions' unit symbol, "h" for durations. */
  unit?: string;
}

/** Given a flow, returns every answer and score a condition may test, in flow order. */
export function conditionVariables(flow: Flow): ConditionVariable[] {
  return flow.nodes.flatMap((node): ConditionVariable[] => {
    if (node.kind === "score") return [{ id: node.id, kind: "score", options: [] }];
    if (node.kind !== "question") return [];
    const options = node.type === "single_choice" || node.type === "multiple_choice" ? node.options.map((o) => ({ value: o.value, label: o.label })) : [];
    const unit = node.type === "number" ? node.unit.symbol : node.type === "duration" ? "h" : undefined;
    return [{ id: node.id, kind: node.type, options, ...(unit ? { unit } : {}) }];
  });
}

const NUMERIC: Operator[] = [">=", ">", "<=", "<", "is", "is_not", "between", "answered"];

/** The operators that make sense for a kind of answer, the usual one first. */
export function operatorsFor(kind: VariableKind | undefined): Operator[] {
  switch (kind) {
    case "yes_no":
      return ["is", "answered"];
    case "single_choice":
      return ["is", "is_not", "one_of", "answered"];
    case "multiple_choice":
      return ["includes", "excludes", "answered"];
    case "free_text":
      return ["mentions", "answered"];
    case undefined:
      return [...OPERATORS];
    default:
      return NUMERIC;
  }
}

/** A new rule on a variable with the given (or its usual) operator and a sensible value. */
export function newRule(variable: ConditionVariable | undefined, operator?: Operator): ConditionRule {
  const op = operator ?? operatorsFor(variable?.kind)[0]!;
  const first = variable?.options[0]?.value ?? "";
  if (variable?.kind === "yes_no") return rule(variable.id, op, { value: true });
  if (op === "one_of") return rule(variable?.id ?? "", op, { list: first ? [first] : [] });
  if (op === "mentions") return rule(variable?.id ?? "", op, { list: [] });
  if (variable && variable.options.length > 0) return rule(variable.id, op, { value: first });
  return rule(variable?.id ?? "", op, { value: 0, high: 0 });
}

/** Why a model cannot be saved yet (empty groups, missing picks), as short English reasons; [] when complete. */
export function incompleteParts(part: ConditionPart): string[] {
  if (part.kind === "raw") return [];
  if (part.kind === "group") return part.items.length === 0 ? ["an empty group"] : part.items.flatMap(incompleteParts);
  if (part.variable === "") return ["a rule without an answer"];
  if ((part.operator === "one_of" || part.operator === "mentions") && part.list.length === 0) return [`${part.variable}: no value`];
  if (["is", "is_not", "includes", "excludes"].includes(part.operator) && part.value === "") return [`${part.variable}: no value`];
  return [];
}

/** The rule after its operator changed: the value is kept when it still fits, else a fresh one. */
export function withOperator(current: ConditionRule, operator: Operator, variable: ConditionVariable | undefined): ConditionRule {
  const fresh = newRule(variable, operator);
  const numeric = (op: Operator) => ["<", "<=", ">", ">=", "between"].includes(op);
  if (numeric(operator) && numeric(current.operator)) return { ...fresh, value: current.value, high: current.high };
  if (typeof current.value === typeof fresh.value && current.value !== "" && !["one_of", "mentions"].includes(operator))
    return { ...fresh, value: current.value };
  return fresh;
}
