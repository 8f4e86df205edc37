import type { ConsoleLocale } from "../i18n";

/** Given a language, returns how the case page writes a moment: date and time in it, "–" for none. */
export function whenIn(lang: ConsoleLocale): (iso: string | undefined) => string {
  return (iso) => (iso ? new Date(iso).toLocaleString(lang === "fr" ? "fr-FR" : "en-GB") : "–");
}
