import type { Flow, SingleChoiceQuestion } from "../../../flows/index.js";
import { complaintPrompt, complaintSchema } from "../suggest/complaintPrompt.js";
import type { AssistEval } from "./askEach.js";
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
 * The complaint eval, for askEach: asks about each labelled opening message exactly as the assist
 * does for a patient (same prompt and schema), and keeps what the model suggested or why it fell back.
 */
export function complaintEval(question: SingleChoiceQuestion): AssistEval<ComplaintEvalItem, { complaints: string[] }, ItemResult> {
  return {
    ask: (item) => ({ purpose: "complaint_suggestions", ...complaintPrompt(question, item.text), schema: complaintSchema(question) }),
    resultOf: (item, asked) => (asked.ok ? { id: item.id, suggested: asked.value.complaints } : { id: item.id, failure: asked.failure }),
  };
}
