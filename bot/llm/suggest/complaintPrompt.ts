import { z } from "zod";
import type { SingleChoiceQuestion } from "../../../flows/index.js";
import { patientWordsPrompt } from "./patientWordsPrompt.js";

/** Most complaints a model may suggest. */
export const MAX_MODEL_SUGGESTIONS = 3;

/** The only output accepted: option values of the question, nothing else (strict: an urgency or any other field refuses it). */
export function complaintSchema(question: SingleChoiceQuestion) {
  const values = question.options.map((o) => o.value) as [string, ...string[]];
  return z.strictObject({ complaints: z.array(z.enum(values)).max(MAX_MODEL_SUGGESTIONS) });
}

/** Given the patient's own words and the question's options, returns the instructions and the data for the model. */
export function complaintPrompt(question: SingleChoiceQuestion, text: string): { system: string; user: string } {
  const task = [
    `Pick the options below that match what they describe, most likely first, at most ${MAX_MODEL_SUGGESTIONS}; none if nothing matches.`,
    "The patient will confirm or pick another: you only suggest. Do not assess urgency, do not diagnose.",
  ];
  return patientWordsPrompt({ task, listTitle: "Options", options: question.options, answer: '{"complaints":["value", ...]}' }, text);
}
