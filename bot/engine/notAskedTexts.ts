import type { Locale, SkipReason } from "../../flows/index.js";

/** How a question left out by question economy reads, on the case page and in the admin simulator alike. */
export const NOT_ASKED: Record<SkipReason, Record<Locale, string>> = {
  outcome_certain: { fr: "Non demandée : le résultat était déjà certain", en: "Not asked: the outcome was already certain" },
  cannot_change_outcome: { fr: "Non demandée : aucune réponse ne pouvait changer le résultat", en: "Not asked: no answer could change the outcome" },
};
