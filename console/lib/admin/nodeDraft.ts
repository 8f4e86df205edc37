import type { Condition, Flow, FlowNode, QuestionType } from "../../../flows/schema/flowSchema";
import { conditionVariables, newRule, writeCondition } from "./conditionModel";

/*
 * The node form's working copy: a node of any kind with its optional texts present (so the form
 * can bind to them) and, for questions, the "goes to" of each answer in a list parallel to the
 * options. What is saved is the node as the schema has it plus those targets (bot/admin/putFlowNode).
 */

export type NodeKind = FlowNode["kind"];
export const NODE_KINDS: NodeKind[] = ["question", "info", "score", "decision", "outcome", "handover"];
export const QUESTION_TYPES: QuestionType[] = ["yes_no", "single_choice", "multiple_choice", "number", "scale", "duration", "free_text"];

export interface NodeDraft {
  node: FlowNode;
  /** Questions: the node each answer leads to ("" = the default), aligned with yes/no or the options. */
  targets: string[];
}

/** The answers a question's form routes: yes and no, or its options. */
export function answerValues(node: FlowNode): string[] {
  if (node.kind !== "question") return [];
  if (node.type === "yes_no") return ["yes", "no"];
  if (node.type === "single_choice" || node.type === "multiple_choice") return node.options.map((o) => o.value);
  return [];
}

/** A condition to start from: the flow's first question tested the usual way. */
function starterCondition(flow: Flow): Condition {
  return writeCondition(newRule(conditionVariables(flow)[0]));
}

/** Given a kind (and question type), returns a new node the schema accepts, for the form to fill in. */
export function newNode(flow: Flow, id: string, kind: NodeKind, type: QuestionType = "yes_no"): FlowNode {
  const next = { branches: [] };
  const outcome = flow.nodes.find((n) => n.kind === "outcome")?.id ?? "";
  switch (kind) {
    case "info":
      return { id, kind, text: {}, next };
    case "score":
      return { id, kind, label: {}, terms: [{ when: starterCondition(flow), points: 1, label: {} }], next };
    case "decision":
      return { id, kind, rules: [{ id: "rule_1", when: starterCondition(flow), outcome, reason: {} }], otherwise: { id: "otherwise", outcome, reason: {} } };
    case "outcome":
      return { id, kind, urgency: "ROUTINE", routing: "routine_teleconsultation", title: {}, advice: {}, safetyNet: {} };
    case "handover":
      return { id, kind, flow: "general", carry: [], reason: {} };
    default:
      return newQuestion(id, type);
  }
}

function newQuestion(id: string, type: QuestionType): FlowNode {
  const base = { id, kind: "question" as const, text: {}, help: {}, next: { branches: [] } };
  const options = [
    { value: "option_1", label: {} },
    { value: "option_2", label: {} },
  ];
  switch (type) {
    case "single_choice":
      return { ...base, type, options };
    case "multiple_choice":
      return { ...base, type, options };
    case "number":
      return { ...base, type, unit: { symbol: "", label: {} }, min: 0, max: 100, integer: false };
    case "scale":
      return { ...base, type, lowLabel: {}, highLabel: {} };
    case "duration":
      return { ...base, type };
    case "free_text":
      return { ...base, type, maxLength: 500, optional: false };
    default:
      return { ...base, type: "yes_no" };
  }
}

/** Given a stored node and its answers' targets, returns the form's working copy. */
export function toDraft(node: FlowNode, targets: Record<string, string>): NodeDraft {
  const copy = structuredClone(node);
  if (copy.kind === "question") {
    copy.help ??= {};
    // The branches the form owns per answer are shown as "goes to"; they are rebuilt on save.
    copy.next.branches = copy.next.branches.filter((b) => !b.id.startsWith(`${copy.id}__`));
  }
  if ("next" in copy) for (const b of copy.next.branches) b.reason ??= {};
  if (copy.kind === "outcome") copy.safetyNet ??= {};
  if (copy.kind === "handover") copy.reason ??= {};
  if (copy.kind === "score") for (const t of copy.terms) t.label ??= {};
  return { node: copy, targets: answerValues(copy).map((v) => targets[v] ?? "") };
}

/** The form's working copy as the page posts it: the node JSON and the answers' targets by value. */
export function fromDraft(draft: NodeDraft): { node: FlowNode; targets: Record<string, string> } {
  const values = answerValues(draft.node);
  return { node: draft.node, targets: Object.fromEntries(values.map((v, i) => [v, draft.targets[i] ?? ""])) };
}
