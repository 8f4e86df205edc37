import type { ConsoleLocale } from "./i18n";

/** The cases history page's texts (issue 24, item 8) and the dashboard's line on clinicians' changes (item 16). */
const en = {
  nav: "History",
  title: "Cases history",
  intro: "Every case, open or closed, newest first.",
  filters: "Filters",
  search: "Search reasons, answers and messages",
  searchHint: (max: number) => `Each word must appear in the case (its reason, an answer or a message). At most ${max} characters.`,
  state: "Status",
  urgency: "Urgency",
  flow: "Questionnaire",
  clinician: "Clinician",
  from: "Opened from",
  to: "Opened until",
  datePlaceholder: "dd/mm/yyyy",
  dateHint: "Dates as day/month/year, e.g. 31/12/2026, in your time zone.",
  any: "Any",
  apply: "Search",
  clear: "Clear the filters",
  results: "Cases",
  count: (n: number, more: boolean) => (n === 0 ? "No case matches." : `${n} case${n === 1 ? "" : "s"} on this page${more ? ", more on the next one" : ""}.`),
  opened: "Opened",
  reason: "First reason",
  disposition: "Disposition",
  open: (date: string) => `Open the case of ${date}`,
  questionnaireSaid: (level: string) => `questionnaire: ${level}`,
  nobody: "—",
  next: "Next page",
  newest: "Back to the newest cases",
  invalid: {
    q: (max: number, words: number) => `The search is limited to ${max} characters and ${words} words.`,
    state: "Choose a status from the list.",
    urgency: "Choose an urgency level from the list.",
    flow: "Choose a questionnaire from the list.",
    routing: "Choose a routing from the list.",
    clinician: "Choose a clinician from the list.",
    from: "The start date is not a date: write it as day/month/year, e.g. 31/12/2026.",
    to: "The end date is not a date (day/month/year, e.g. 31/12/2026), or comes before the start date.",
    after: "This page link is not valid any more: start again from the newest cases.",
    size: "The page size is not valid.",
  } as Record<string, string | ((max: number, words: number) => string)>,
  changes: (changed: number, raised: number, lowered: number) =>
    changed === 0
      ? "No level changed by a clinician."
      : `Changed by a clinician: ${changed} (raised ${raised}, lowered ${lowered}). The table counts each case at the questionnaire's level.`,
};

export type HistoryTexts = typeof en;

const fr: HistoryTexts = {
  nav: "Historique",
  title: "Historique des cas",
  intro: "Tous les cas, ouverts ou clôturés, du plus récent au plus ancien.",
  filters: "Filtres",
  search: "Rechercher dans les motifs, réponses et messages",
  searchHint: (max) => `Chaque mot doit figurer dans le cas (son motif, une réponse ou un message). ${max} caractères au plus.`,
  state: "État",
  urgency: "Urgence",
  flow: "Questionnaire",
  clinician: "Soignant(e)",
  from: "Ouvert à partir du",
  to: "Ouvert jusqu'au",
  datePlaceholder: "jj/mm/aaaa",
  dateHint: "Dates au format jour/mois/année, par exemple 31/12/2026, dans votre fuseau horaire.",
  any: "Tous",
  apply: "Rechercher",
  clear: "Effacer les filtres",
  results: "Cas",
  count: (n, more) => (n === 0 ? "Aucun cas ne correspond." : `${n} cas sur cette page${more ? ", d'autres à la page suivante" : ""}.`),
  opened: "Ouvert le",
  reason: "Premier motif",
  disposition: "Issue",
  open: (date) => `Ouvrir le cas du ${date}`,
  questionnaireSaid: (level) => `questionnaire : ${level}`,
  nobody: "—",
  next: "Page suivante",
  newest: "Revenir aux cas les plus récents",
  invalid: {
    q: (max: number, words: number) => `La recherche est limitée à ${max} caractères et ${words} mots.`,
    state: "Choisissez un état dans la liste.",
    urgency: "Choisissez un niveau d'urgence dans la liste.",
    flow: "Choisissez un questionnaire dans la liste.",
    routing: "Choisissez une orientation dans la liste.",
    clinician: "Choisissez un(e) soignant(e) dans la liste.",
    from: "La date de début n'est pas une date : écrivez-la jour/mois/année, par exemple 31/12/2026.",
    to: "La date de fin n'est pas une date (jour/mois/année, par exemple 31/12/2026), ou précède la date de début.",
    after: "Ce lien de page n'est plus valable : repartez des cas les plus récents.",
    size: "La taille de page n'est pas valable.",
  },
  changes: (changed, raised, lowered) =>
    changed === 0
      ? "Aucun niveau modifié par un soignant."
      : `Modifiés par un soignant : ${changed} (relevés ${raised}, abaissés ${lowered}). Le tableau compte chaque cas au niveau du questionnaire.`,
};

export const HISTORY_TEXTS: Record<ConsoleLocale, HistoryTexts> = { en, fr };
