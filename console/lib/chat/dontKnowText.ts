import { TEXTS, type Texts } from "./texts";

/** The "don't know" answer's button, in the page's language (told by its texts, as questionsLeftText does). */
export function dontKnowText(t: Texts): string {
  return t === (TEXTS.en as unknown as Texts) ? "I don't know" : "Je ne sais pas";
}
