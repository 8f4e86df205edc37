import type { Branch, Condition, Flow, FlowNode, LocalizedText, Question } from "../../flows/index.js";
import { AdminError } from "./adminError.js";

/*
 * The form editor's edits: each takes the draft and what the form sent, and returns the new draft
 * JSON (the same JSON the text editor shows, so both stay in sync by writing the one draft).
 * An option's "goes to" is a branch the form owns: id `<question>__<value>`, testing that answer.
 * Other branches (hand-written conditions) are kept as they are.
 */

export interface TextFields {
  fr?: string;
  en?: string;
}

export interface OptionFields {
  value: string;
  label: TextFields;
  /** The node this answer leads to ("" or absent: the question's default). */
  to?: string;
}

export interface QuestionFields {
  text: TextFields;
  help?: TextFields;
  options?: OptionFields[];
  next?: string;
  min?: number;
  max?: number;
}

export interface OutcomeFields {
  urgency: string;
  routing: string;
  title: TextFields;
  advice: TextFields;
  safetyNet?: TextFields;
}

export interface NewQuestion extends QuestionFields {
  id: string;
  type: "yes_no" | "single_choice";
  /** Make it the flow's first question. */
  start?: boolean;
}

export interface NewOutcome extends OutcomeFields {
  id: string;
}

const YES_NO = ["yes", "no"];

function text(fields: TextFields | undefined): LocalizedText {
  const out: LocalizedText = {};
  const fr = fields?.fr?.trim();
  const en = fields?.en?.trim();
  if (fr) out.fr = fr;
  if (en) out.en = en;
  return out;
}

const optionBranchId = (question: string, value: string) => `${question}__${value}`;

function optionCondition(question: Question, value: string): Condition {
  if (question.type === "multiple_choice") return { in: [value, { var: question.id }] };
  // A yes/no answer is stored as a boolean.
  if (question.type === "yes_no") return { "==": [{ var: question.id }, value === "yes"] };
  return { "==": [{ var: question.id }, value] };
}

/** The options of a question the form can route: its options, or yes/no. */
export function routableValues(node: FlowNode): string[] {
  if (node.kind !== "question") return [];
  if (node.type === "yes_no") return YES_NO;
  if (node.type === "single_choice" || node.type === "multiple_choice") return node.options.map((o) => o.value);
  return [];
}

/** Given a question, returns each routable answer's "goes to" (from the branches the form owns). */
export function optionTargets(node: FlowNode): Record<string, string> {
  if (node.kind !== "question") return {};
  const out: Record<string, string> = {};
  for (const value of routableValues(node)) {
    const branch = node.next.branches.find((b) => b.id === optionBranchId(node.id, value));
    if (branch) out[value] = branch.to;
  }
  return out;
}

/** Given a question and each answer's target, returns it with the branches the form owns rebuilt. */
export function withOptionBranches(question: Question, targets: Record<string, string | undefined>): Question {
  const owned = new Set(routableValues(question).map((v) => optionBranchId(question.id, v)));
  const kept = question.next.branches.filter((b) => !owned.has(b.id) && !b.id.startsWith(`${question.id}__`));
  const mine: Branch[] = [];
  for (const value of routableValues(question)) {
    const to = targets[value]?.trim();
    if (to) {
      const reason = { fr: `Réponse « ${value} » à ${question.id}`, en: `Answer "${value}" to ${question.id}` };
      mine.push({ id: optionBranchId(question.id, value), when: optionCondition(question, value), to, reason });
    }
  }
  // The form's option branches come first: an answer's own route wins over broader rules.
  return { ...question, next: { ...question.next, branches: [...mine, ...kept] } };
}

function replaceNode(flow: Flow, id: string, update: (node: FlowNode) => FlowNode): Flow {
  const index = flow.nodes.findIndex((n) => n.id === id);
  if (index < 0) throw new AdminError("ADMIN_INVALID_EDIT", `no node ${id}`, { reason: "no_node", node: id });
  const nodes = [...flow.nodes];
  nodes[index] = update(nodes[index]!);
  return { ...flow, nodes };
}

function nextWith(question: { next: Question["next"] }, next: string | undefined): Question["next"] {
  const out: Question["next"] = { branches: question.next.branches };
  const target = next?.trim();
  if (target) out.default = target;
  return out;
}

/** Given the draft, a question id and the form's fields, returns the draft with the question edited. */
export function editQuestion(flow: Flow, id: string, fields: QuestionFields): Flow {
  return replaceNode(flow, id, (node) => {
    if (node.kind !== "question") throw new AdminError("ADMIN_INVALID_EDIT", `${id} is not a question`, { reason: "not_a_question", node: id });
    let question: Question = { ...node, text: text(fields.text), next: nextWith(node, fields.next) };
    const help = text(fields.help);
    if (Object.keys(help).length > 0) question.help = help;
    else delete question.help;
    if ((question.type === "single_choice" || question.type === "multiple_choice") && fields.options) {
      question = { ...question, options: fields.options.filter((o) => o.value.trim() !== "").map((o) => ({ value: o.value.trim(), label: text(o.label) })) };
    }
    if (question.type === "number") {
      if (fields.min !== undefined) question = { ...question, min: fields.min };
      if (fields.max !== undefined) question = { ...question, max: fields.max };
    }
    const targets = Object.fromEntries((fields.options ?? []).map((o) => [o.value.trim(), o.to]));
    return routableValues(question).length > 0 ? withOptionBranches(question, targets) : question;
  });
}

/** Given the draft, an outcome id and the form's fields, returns the draft with the outcome edited. */
export function editOutcome(flow: Flow, id: string, fields: OutcomeFields): Flow {
  return replaceNode(flow, id, (node) => {
    if (node.kind !== "outcome") throw new AdminError("ADMIN_INVALID_EDIT", `${id} is not an outcome`, { reason: "not_an_outcome", node: id });
    return outcomeFrom(id, fields);
  });
}

function outcomeFrom(id: string, fields: OutcomeFields): FlowNode {
  const outcome = {
    id,
    kind: "outcome" as const,
    urgency: fields.urgency,
    routing: fields.routing as never,
    title: text(fields.title),
    advice: text(fields.advice),
  };
  const safetyNet = text(fields.safetyNet);
  return Object.keys(safetyNet).length > 0 ? { ...outcome, safetyNet } : outcome;
}

function requireNewId(flow: Flow, id: string): void {
  if (!/^[a-z][a-z0-9_]*$/.test(id))
    throw new AdminError("ADMIN_INVALID_EDIT", `node id ${id} must be lower-case letters, digits and _`, { reason: "bad_node_id", node: id });
  if (flow.nodes.some((n) => n.id === id)) throw new AdminError("ADMIN_INVALID_EDIT", `a node ${id} already exists`, { reason: "node_exists", node: id });
}

/** Given the draft and a new question's fields, returns the draft with the question added (first, when `start`). */
export function addQuestion(flow: Flow, fields: NewQuestion): Flow {
  requireNewId(flow, fields.id);
  const base = { id: fields.id, kind: "question" as const, text: text(fields.text), next: nextWith({ next: { branches: [] } }, fields.next) };
  const options = (fields.options ?? []).filter((o) => o.value.trim() !== "");
  const question: Question =
    fields.type === "yes_no"
      ? { ...base, type: "yes_no" }
      : { ...base, type: "single_choice", options: options.map((o) => ({ value: o.value.trim(), label: text(o.label) })) };
  const routed = withOptionBranches(question, Object.fromEntries(options.map((o) => [o.value.trim(), o.to])));
  return fields.start ? { ...flow, start: fields.id, nodes: [routed, ...flow.nodes] } : { ...flow, nodes: [...flow.nodes, routed] };
}

/** Given the draft and a new outcome's fields, returns the draft with the outcome added (last). */
export function addOutcome(flow: Flow, fields: NewOutcome): Flow {
  requireNewId(flow, fields.id);
  return { ...flow, nodes: [...flow.nodes, outcomeFrom(fields.id, fields)] };
}
