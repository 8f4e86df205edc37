import type { Flow, SingleChoiceQuestion } from "../../../flows/index.js";
import type { Llm } from "../llmPort.js";
import { complaintPrompt, complaintSchema } from "../suggest/complaintPrompt.js";
import { askEach } from "./askEach.js";
import type { ComplaintEvalItem } from "./complaintEvalSet.js";
import type { ItemResult } from "./scoreComplaints.js";

/** Given the entry flow, returns its question that the opening message's suggestions are for (the one with suggestFrom). */
export function suggestedQuestion(entry: Flow): SingleChoiceQuestion {
  const question = entry.nodes.find((n) => n.kind === "question" && n.type === "single_choice" && n.suggestFrom !== undefined);
  if (!question || question.kind !== "question" || question.type !== "single_choice")
    throw new Error(`flow ${entry.slug} has no single choice with suggestFrom`);
  return question;
}

/**
 * Given a model and the labelled items, asks the model for each item exactly as the assist does for
 * a patient (same prompt, schema, timeout), a few at a time, and returns what it suggested or why
 * it fell back. Nothing is stored; no limit but the set's size applies.
 */
export function runComplaintEval(
  llm: Llm,
  question: SingleChoiceQuestion,
  items: readonly ComplaintEvalItem[],
  options: { timeoutMs: number; concurrency: number },
): Promise<ItemResult[]> {
  return askEach(
    llm,
    items,
    options,
    (item) => ({ purpose: "complaint_suggestions", ...complaintPrompt(question, item.text), schema: complaintSchema(question) }),
    (item, asked): ItemResult => (asked.ok ? { id: item.id, suggested: asked.value.complaints } : { id: item.id, failure: asked.failure }),
  );
}
