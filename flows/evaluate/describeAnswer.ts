import type { AnswerValue } from "../compile/flowContext.js";
import type { FlowNode, Locale, LocalizedText } from "../schema/flowSchema.js";

const YES: LocalizedText = { fr: "Oui", en: "Yes" };
const NO: LocalizedText = { fr: "Non", en: "No" };

function formatHours(hours: number, locale: Locale): string {
  const units: [number, string, string][] = [
    [24 * 7, locale === "fr" ? "semaine" : "week", locale === "fr" ? "semaines" : "weeks"],
    [24, locale === "fr" ? "jour" : "day", locale === "fr" ? "jours" : "days"],
    [1, locale === "fr" ? "heure" : "hour", locale === "fr" ? "heures" : "hours"],
  ];
  for (const [size, one, many] of units) {
    if (hours >= size && Number.isInteger(hours / size)) return `${hours / size} ${hours / size === 1 ? one : many}`;
  }
  const minutes = Math.round(hours * 60);
  return `${minutes} min`;
}

/** Given the node that asked (or computed) a value and the value, returns it in words in each locale. */
export function describeAnswer(node: FlowNode | undefined, value: AnswerValue, locales: readonly Locale[]): LocalizedText {
  const text: LocalizedText = {};
  for (const locale of locales) {
    text[locale] = describeIn(node, value, locale);
  }
  return text;
}

const DONT_KNOW_TEXT: LocalizedText = { fr: "Je ne sais pas", en: "Don't know" };

function describeIn(node: FlowNode | undefined, value: AnswerValue, locale: Locale): string {
  if (node?.kind !== "question") return String(value);
  if ((node.type === "duration" || node.type === "number") && value === "dont_know") return DONT_KNOW_TEXT[locale]!;
  switch (node.type) {
    case "yes_no":
      return (value ? YES : NO)[locale]!;
    case "single_choice":
    case "multiple_choice": {
      const values = Array.isArray(value) ? value : [String(value)];
      return values.map((v) => node.options.find((o) => o.value === v)?.label[locale] ?? v).join(", ");
    }
    case "number":
      return `${value} ${node.unit.label[locale] ?? node.unit.symbol}`;
    case "scale":
      return `${value}/10`;
    case "duration":
      return formatHours(Number(value), locale);
    case "free_text":
      return String(value);
  }
}
