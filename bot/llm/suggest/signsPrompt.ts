import { z } from "zod";
import type { Question } from "../../../flows/index.js";
import { patientWordsPrompt } from "./patientWordsPrompt.js";

type MultipleChoice = Extract<Question, { type: "multiple_choice" }>;

/** Most signs a model may name; the whole confirmation question is asked anyway. */
export const MAX_NAMED_SIGNS = 5;

/** The signs a model may name: the confirmation question's options but its "none" (strict: an urgency or any other field refuses the output). */
export function signsSchema(question: MultipleChoice) {
  const values = question.options.filter((o) => o.value !== question.noneOption).map((o) => o.value) as [string, ...string[]];
  return z.strictObject({ signs: z.array(z.enum(values)).max(MAX_NAMED_SIGNS) });
}

/** Given the patient's own words and the flow's confirmation question, returns the instructions and the data for the model. */
export function signsPrompt(question: MultipleChoice, text: string): { system: string; user: string } {
  const task = [
    "Name the warning signs below that their words may describe, even vaguely or indirectly; none if nothing points to one.",
    "The patient will be asked whether each sign is present: you never decide, you only say what to ask. Do not assess urgency, do not diagnose.",
  ];
  const options = question.options.filter((o) => o.value !== question.noneOption);
  return patientWordsPrompt({ task, listTitle: "Signs", options, answer: '{"signs":["value", ...]}' }, text);
}
