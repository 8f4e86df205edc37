import type { ConsoleLocale } from "../i18n";
import { clinicianTime } from "../../time/clinicianTime.svelte";

/**
 * Called while a case-page component starts, with its language (read at each call, so a language
 * switch shows at once): returns how the case page writes a moment, as date and time in the
 * clinician's time zone and that language, "–" for none.
 */
export function caseMoments(lang: () => ConsoleLocale): (iso: string | undefined) => string {
  const time = clinicianTime();
  return (iso) => (iso ? time(iso, "dateTime", lang()) : "–");
}
