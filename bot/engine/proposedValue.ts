import { describeAnswer, parseAnswer, type Locale, type Question } from "../../flows/index.js";
import type { Json } from "./ports.js";

/** What the patient is shown back when a model read a value in words the parser could not read. */
export interface ValueProposal {
  /** The reply the patient's "yes" sends: read again by the same parser as a click or typed text. */
  value: Json;
  /** The value in words, in the patient's language ("1 day", "38.5 °C", the option's label). */
  display: string;
  /** "You mean: … — is that right?" */
  text: string;
}

const ASK: Record<Locale, (display: string) => string> = {
  en: (display) => `You mean: ${display} — is that right?`,
  fr: (display) => `Vous voulez dire : ${display} — est-ce bien cela ?`,
};

/**
 * Given the question, the value a model read in the patient's words and the patient's language,
 * returns what to ask them to confirm, or undefined when the value does not answer the question
 * (an unknown option, out of range...): the model's value passes the parser a click passes, and
 * is used only if the patient sends it back. Durations are sent back as hours ("24 hours").
 */
export function proposedValue(question: Question, proposed: Json, locale: Locale): ValueProposal | undefined {
  const parsed = parseAnswer(question, proposed);
  if (!parsed.ok) return undefined;
  const value: Json = question.type === "duration" ? `${parsed.value} hours` : (parsed.value as Json);
  const again = parseAnswer(question, value);
  if (!again.ok || JSON.stringify(again.value) !== JSON.stringify(parsed.value)) return undefined;
  const display = describeAnswer(question, parsed.value, [locale])[locale] ?? String(parsed.value);
  return { value, display, text: ASK[locale](display) };
}
