import { compileFlow, type Flow, type Question } from "../../../flows/index.js";
import { signsConfirmationOf } from "../../engine/askNamedSigns.js";
import type { Llm } from "../llmPort.js";
import { signsPrompt, signsSchema } from "../suggest/signsPrompt.js";
import { askEach } from "./askEach.js";
import type { SignsEvalItem } from "./signsEvalSet.js";
import type { SignsResult } from "./scoreSigns.js";

type MultipleChoice = Extract<Question, { type: "multiple_choice" }>;

/** Given the entry flow, returns the signs confirmation its opening free text is read against (the entry flow's text_signs_confirm). */
export function signsQuestion(entry: Flow): MultipleChoice {
  const compiled = compileFlow(entry);
  for (const node of entry.nodes) {
    if (node.kind !== "question" || node.type !== "free_text") continue;
    const confirm = signsConfirmationOf(compiled, node.id);
    if (confirm) return confirm;
  }
  throw new Error(`flow ${entry.slug} has no free-text question with a signs confirmation`);
}

/**
 * Given a model and the labelled items, asks the model for each item exactly as the assist does
 * for a patient's opening message (same prompt, schema, timeout), a few at a time, and returns
 * the signs it named or why it fell back. Nothing is stored.
 */
export function runSignsEval(
  llm: Llm,
  question: MultipleChoice,
  items: readonly SignsEvalItem[],
  options: { timeoutMs: number; concurrency: number },
): Promise<SignsResult[]> {
  return askEach(
    llm,
    items,
    options,
    (item) => ({ purpose: "red_flags", ...signsPrompt(question, item.text), schema: signsSchema(question) }),
    (item, asked): SignsResult => (asked.ok ? { id: item.id, named: asked.value.signs } : { id: item.id, failure: asked.failure }),
  );
}
