import type { Flow, SingleChoiceQuestion } from "../../../flows/index.js";
import { askModel } from "../askModel.js";
import { CallLimits } from "../callLimits.js";
import type { Llm } from "../llmPort.js";
import { complaintPrompt, complaintSchema } from "../suggest/complaintPrompt.js";
import type { ComplaintEvalItem } from "./complaintEvalSet.js";
import type { ItemResult } from "./scoreComplaints.js";

/** Given the entry flow, returns its question that the opening message's suggestions are for (the one with suggestFrom). */
export function suggestedQuestion(entry: Flow): SingleChoiceQuestion {
  const question = entry.nodes.find((n) => n.kind === "question" && n.type === "single_choice" && n.suggestFrom !== undefined);
  if (!question || question.kind !== "question" || question.type !== "single_choice") throw new Error(`flow ${entry.slug} has no single choice with suggestFrom`);
  return question;
}

/**
 * Given a model and the labelled items, asks the model for each item exactly as the assist does for
 * a patient (same prompt, schema, timeout), a few at a time, and returns what it suggested or why
 * it fell back. Nothing is stored; no limit but the set's size applies.
 */
export async function runComplaintEval(llm: Llm, question: SingleChoiceQuestion, items: readonly ComplaintEvalItem[], options: { timeoutMs: number; concurrency: number }): Promise<ItemResult[]> {
  const deps = { llm, limits: new CallLimits({ perSession: items.length + 1, perMinute: 1_000_000 }) };
  const results: ItemResult[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      const item = items[index]!;
      const asked = await askModel(deps, {
        purpose: "complaint_suggestions",
        sessionId: "eval",
        ...complaintPrompt(question, item.text),
        schema: complaintSchema(question),
        maxOutputTokens: 100,
        timeoutMs: options.timeoutMs,
      });
      results[index] = asked.ok ? { id: item.id, suggested: asked.value.complaints } : { id: item.id, failure: asked.failure };
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, items.length)) }, worker));
  return results;
}
