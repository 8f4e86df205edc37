export type Locale = "fr" | "en";

/**
 * Given an explicit choice (?lang=), the browser's languages (Accept-Language or
 * navigator.languages joined) and a fallback, returns the page language: fr or en.
 */
export function guessLocale(explicit: string | null | undefined, languages: string | null | undefined, fallback: Locale): Locale {
  if (explicit === "fr" || explicit === "en") return explicit;
  for (const part of (languages ?? "").split(",")) {
    const tag = part.trim().slice(0, 2).toLowerCase();
    if (tag === "fr" || tag === "en") return tag;
  }
  return fallback;
}
