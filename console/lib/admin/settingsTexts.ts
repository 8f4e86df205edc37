import type { ConsoleLocale } from "$lib/console/i18n";

/** The settings page's words (kept apart from adminTexts.ts, which other admin pages share). */
const en = {
  title: "Settings",
  intro: "Changes apply at once to every new turn and case, on every instance; no restart.",
  numbers: "Emergency numbers",
  deployed: (country: string) => `Patients of this deployment see ${country}'s numbers (TRIAGE_COUNTRY).`,
  country: { FR: "France", MA: "Morocco" },
  number: "Number",
  labelFr: "Label (French)",
  labelEn: "Label (English)",
  row: (country: string, n: number) => `${country}, number ${n}`,
  newRow: "Add a number: fill this row. Empty a row to remove its number.",
  sla: "Hand-off SLA (minutes) per level that opens a case",
  minutes: (level: string) => `SLA of ${level}, in minutes`,
  labels: "Level labels (the order of levels is fixed)",
  level: "Level",
  save: "Save the settings",
  saved: "Settings saved.",
  unchanged: "Nothing changed.",
  refused: "Nothing was saved: correct the fields marked below.",
  errors: {
    required: "Required.",
    too_long: "At most 80 characters.",
    bad_number: "Digits only (a leading + and spaces are allowed).",
    at_least_one: "At least one number per country.",
    too_many: "At most 5 numbers per country.",
    whole_minutes: "A whole number of minutes.",
    min_minutes: "At least 1 minute.",
    max_minutes: "At most 1440 minutes (a day).",
    invalid: "Invalid value.",
  },
};

type SettingsTexts = typeof en;

const fr: SettingsTexts = {
  title: "Réglages",
  intro: "Les changements s'appliquent aussitôt à chaque nouveau tour et nouveau dossier, sur toutes les instances, sans redémarrage.",
  numbers: "Numéros d'urgence",
  deployed: (country) => `Les patients de ce déploiement voient les numéros de : ${country} (TRIAGE_COUNTRY).`,
  country: { FR: "France", MA: "Maroc" },
  number: "Numéro",
  labelFr: "Libellé (français)",
  labelEn: "Libellé (anglais)",
  row: (country, n) => `${country}, numéro ${n}`,
  newRow: "Ajouter un numéro : remplir cette ligne. Vider une ligne retire son numéro.",
  sla: "Délai de prise en charge (minutes) par niveau qui ouvre un dossier",
  minutes: (level) => `Délai pour ${level}, en minutes`,
  labels: "Libellés des niveaux (l'ordre des niveaux est fixe)",
  level: "Niveau",
  save: "Enregistrer les réglages",
  saved: "Réglages enregistrés.",
  unchanged: "Aucun changement.",
  refused: "Rien n'a été enregistré : corrigez les champs signalés ci-dessous.",
  errors: {
    required: "Obligatoire.",
    too_long: "80 caractères au plus.",
    bad_number: "Chiffres uniquement (un + initial et des espaces sont permis).",
    at_least_one: "Au moins un numéro par pays.",
    too_many: "5 numéros au plus par pays.",
    whole_minutes: "Un nombre entier de minutes.",
    min_minutes: "Au moins 1 minute.",
    max_minutes: "1440 minutes au plus (une journée).",
    invalid: "Valeur invalide.",
  },
};

export const SETTINGS_TEXTS: Record<ConsoleLocale, SettingsTexts> = { en, fr };
