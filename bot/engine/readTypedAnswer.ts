import { normaliseText, parseAnswer, type ParsedAnswer, type Question } from "../../flows/index.js";

/**
 * Given the current question and text the patient typed, returns the typed answer or why it is
 * not one. Choices may be typed by label in any locale ("toux", "Cough"), by value or by their
 * position ("2"); everything else goes to parseAnswer ("39,5", "oui", "3 jours").
 */
export function readTypedAnswer(question: Question, text: string): ParsedAnswer {
  if (question.type === "single_choice") return parseAnswer(question, optionOf(question, text) ?? text.trim());
  if (question.type === "multiple_choice") {
    const pieces = text
      .split(/[,;\n]/)
      .map((p) => p.trim())
      .filter((p) => p !== "");
    // A whole label may itself contain a comma: try the text as one choice first.
    const whole = optionOf(question, text);
    return parseAnswer(question, whole !== undefined ? [whole] : pieces.map((p) => optionOf(question, p) ?? p));
  }
  return parseAnswer(question, text);
}

function optionOf(question: Extract<Question, { options: unknown }>, typed: string): string | undefined {
  const key = normaliseText(typed.trim());
  if (key === "") return undefined;
  if (/^\d+$/.test(key)) {
    const position = Number(key);
    if (position >= 1 && position <= question.options.length) return question.options[position - 1]!.value;
  }
  const option = question.options.find((o) => o.value === key || Object.values(o.label).some((label) => label !== undefined && normaliseText(label) === key));
  return option?.value;
}
