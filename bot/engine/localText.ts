import type { Locale, LocalizedText } from "../../flows/index.js";

/**
 * Given flow text and the session's locale, returns the text in that locale, falling back to
 * another locale the flow has (a session may switch to a language its flow lacks).
 */
export function localText(text: LocalizedText | undefined, locale: Locale): string {
  if (!text) return "";
  return text[locale] ?? text.fr ?? text.en ?? "";
}
