import { bilingual } from "../bilingual";

/** The case summary panel's texts (LLM assist), in the console's two languages. */
export const SUMMARY_TEXTS = bilingual({
  en: {
    title: "Case summary (AI)",
    caveat:
      "Written by a language model from the conversation. Each line cites the messages it comes from: check them before relying on it. It never decides the urgency.",
    none: "No summary yet.",
    otherLanguage: (lang: string) => `This summary is in ${lang === "fr" ? "French" : "English"}.`,
    dropped: (n: number) =>
      n === 1 ? "1 statement that cited a message that does not exist was left out." : `${n} statements that cited messages that do not exist were left out.`,
    cite: (line: number) => `Show message ${line} in the conversation`,
    regenerate: "Summarise again",
    working: "Summarising…",
    made: (when: string) => `Made ${when}`,
  },
  fr: {
    title: "Résumé du dossier (IA)",
    caveat:
      "Rédigé par un modèle de langage à partir de la conversation. Chaque ligne cite les messages dont elle vient : vérifiez-les avant de vous y fier. Il ne décide jamais de l'urgence.",
    none: "Pas encore de résumé.",
    otherLanguage: (lang: string) => `Ce résumé est en ${lang === "fr" ? "français" : "anglais"}.`,
    dropped: (n: number) =>
      n === 1 ? "1 affirmation qui citait un message inexistant a été écartée." : `${n} affirmations qui citaient des messages inexistants ont été écartées.`,
    cite: (line: number) => `Afficher le message ${line} dans la conversation`,
    regenerate: "Résumer à nouveau",
    working: "Résumé en cours…",
    made: (when: string) => `Fait le ${when}`,
  },
});
