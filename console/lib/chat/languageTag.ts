/*
 * The language a live-chat translation names (bot/llm/translate): model output, so untrusted. The
 * model says "darija" for Moroccan Arabic, which is not a language tag; anything else that is not
 * a well-formed BCP 47 tag gets no `lang` attribute rather than a wrong one.
 */

/** The `lang` attribute for a text in `language`: "ary" for Darija, the canonical tag, or none. */
export function htmlLang(language: string | undefined): string | undefined {
  if (!language) return undefined;
  if (language.toLowerCase() === "darija") return "ary";
  try {
    return Intl.getCanonicalLocales(language)[0];
  } catch {
    return undefined;
  }
}

// Browsers' language names do not all know "ary" (Chromium's do not): Darija is named here.
const DARIJA_NAME = { fr: "darija marocaine", en: "Moroccan Darija" };

/** The language's name for a reader of `locale` ("anglais", "Moroccan Darija"); the model's word when it names no known language. */
export function languageName(language: string | undefined, locale: "fr" | "en"): string {
  const tag = htmlLang(language);
  if (tag === "ary") return DARIJA_NAME[locale];
  if (!tag) return language || "?";
  try {
    return new Intl.DisplayNames([locale], { type: "language", fallback: "none" }).of(tag) ?? language ?? "?";
  } catch {
    return language ?? "?";
  }
}
