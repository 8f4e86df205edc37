import type { ConsoleLocale } from "../i18n";
import { clinicianTime } from "../../time/clinicianTime.svelte";

/**
 * Called while a case-page component starts: returns how the case page writes a moment, as date
 * and time in the clinician's time zone and the given language, "–" for none.
 */
export function caseMoments(): (iso: string | undefined, lang: ConsoleLocale) => string {
  const time = clinicianTime();
  return (iso, lang) => (iso ? time(iso, "dateTime", lang) : "–");
}
