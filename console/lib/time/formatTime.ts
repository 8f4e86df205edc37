import type { ConsoleLocale } from "$lib/console/i18n";

/*
 * The console's one time formatter (issue 24): every time a clinician reads is printed in their
 * own time zone and in the console's language. Until the zone is known (the first page rendered
 * by the server, before the browser has said it), times are printed in UTC and say so.
 */

/** How much of an instant to print: the time alone, the day alone, both, or both with the month in words. */
export type TimeStyle = "time" | "date" | "dateTime" | "longDateTime";

const OPTIONS: Record<TimeStyle, Intl.DateTimeFormatOptions> = {
  time: { hour: "2-digit", minute: "2-digit" },
  date: { day: "2-digit", month: "2-digit", year: "numeric" },
  dateTime: { day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit" },
  longDateTime: { dateStyle: "medium", timeStyle: "short" },
};

const TAGS: Record<ConsoleLocale, string> = { fr: "fr-FR", en: "en-GB" };

const cache = new Map<string, Intl.DateTimeFormat>();

function formatter(lang: ConsoleLocale, zone: string, style: TimeStyle): Intl.DateTimeFormat {
  const key = `${lang}|${zone}|${style}`;
  let found = cache.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(TAGS[lang], { ...OPTIONS[style], timeZone: zone });
    cache.set(key, found);
  }
  return found;
}

/**
 * Given an instant (ISO text or Date), the console's language and the clinician's time zone
 * (undefined: not known yet), returns it as the clinician reads it; "" for a missing or bad instant.
 */
export function formatTime(at: string | Date | undefined | null, lang: ConsoleLocale, zone: string | undefined, style: TimeStyle = "dateTime"): string {
  if (at === undefined || at === null || at === "") return "";
  const date = typeof at === "string" ? new Date(at) : at;
  if (Number.isNaN(date.getTime())) return "";
  const text = formatter(lang, zone ?? "UTC", style).format(date);
  return zone === undefined ? `${text} UTC` : text;
}
