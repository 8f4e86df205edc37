import { compileFlow, type Flow, type Question } from "../../../flows/index.js";
import { signsConfirmationOf } from "../../engine/askNamedSigns.js";
import { signsPrompt, signsSchema } from "../suggest/signsPrompt.js";
import type { AssistEval } from "./askEach.js";
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
 * The red-flag signs eval, for askEach: asks about each labelled opening message exactly as the
 * assist does for a patient (same prompt and schema), and keeps the signs the model named or why it fell back.
 */
export function signsEval(question: MultipleChoice): AssistEval<SignsEvalItem, { signs: string[] }, SignsResult> {
  return {
    ask: (item) => ({ purpose: "red_flags", ...signsPrompt(question, item.text), schema: signsSchema(question) }),
    resultOf: (item, asked) => (asked.ok ? { id: item.id, named: asked.value.signs } : { id: item.id, failure: asked.failure }),
  };
}
