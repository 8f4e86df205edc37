import type { ConsoleLocale } from "$lib/console/i18n";

/** The flow analytics page's words (kept apart from adminTexts.ts, which other admin pages share). */
const en = {
  title: (slug: string) => `Analytics: ${slug}`,
  back: "Back to the flow",
  version: "Version",
  show: "Show",
  counts: (v: number) => `Sessions of version ${v}`,
  started: "Started",
  finished: "Finished",
  abandoned: "Abandoned",
  other: "In progress or with a clinician",
  definitions: (minutes: number) => `Finished: reached an outcome. Abandoned: no outcome, still with the bot, and idle for more than ${minutes} minutes.`,
  mix: "Urgency mix",
  level: "Level",
  sessions: "Sessions",
  noUrgency: "No urgency yet",
  noSessions: "No session has run this version.",
  dropOff: "Drop-off per question (abandoned sessions by the question they stopped at)",
  question: "Question",
  noDropOff: "No abandoned session.",
};

type AnalyticsTexts = typeof en;

const fr: AnalyticsTexts = {
  title: (slug) => `Statistiques : ${slug}`,
  back: "Retour au questionnaire",
  version: "Version",
  show: "Afficher",
  counts: (v) => `Sessions de la version ${v}`,
  started: "Commencées",
  finished: "Terminées",
  abandoned: "Abandonnées",
  other: "En cours ou avec un soignant",
  definitions: (minutes) =>
    `Terminée : une conclusion a été atteinte. Abandonnée : sans conclusion, toujours avec le bot, et inactive depuis plus de ${minutes} minutes.`,
  mix: "Répartition des urgences",
  level: "Niveau",
  sessions: "Sessions",
  noUrgency: "Pas encore d'urgence",
  noSessions: "Aucune session n'a utilisé cette version.",
  dropOff: "Abandons par question (sessions abandonnées selon la question où elles se sont arrêtées)",
  question: "Question",
  noDropOff: "Aucune session abandonnée.",
};

export const ANALYTICS_TEXTS: Record<ConsoleLocale, AnalyticsTexts> = { en, fr };
