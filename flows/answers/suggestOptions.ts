import { textMentionsWords } from "../logic/textMatch.js";
import type { AnswerValue } from "../compile/flowContext.js";
import type { SingleChoiceQuestion } from "./groupOptions.js";

/** At most this many suggestions: more would be a second list to read, not a shortcut. */
export const MAX_SUGGESTIONS = 3;

/**
 * Given a single-choice question and the answers so far, returns the options (values, in the
 * question's order, at most MAX_SUGGESTIONS) whose keywords the patient's earlier free text
 * (`suggestFrom`) mentions: accents, case, inflections, small typos and word order forgiven, whole
 * words only (textMentionsWords). Pure; a suggestion is only shown, never recorded as an answer.
 */
export function suggestOptions(question: SingleChoiceQuestion, answers: Readonly<Record<string, AnswerValue | undefined>>): string[] {
  if (!question.suggestFrom) return [];
  const text = answers[question.suggestFrom];
  if (typeof text !== "string" || text.trim() === "") return [];
  return question.options
    .filter((o) => o.keywords?.some((k) => textMentionsWords(text, k)))
    .slice(0, MAX_SUGGESTIONS)
    .map((o) => o.value);
}
