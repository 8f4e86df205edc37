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
  assist: "Language-model assist",
  assistState: (on: boolean, model: string) =>
    on
      ? `Endpoint configured (LLM_BASE_URL), model ${model}. Each use below can be turned off.`
      : "No endpoint is configured (LLM_BASE_URL and LLM_MODEL are unset): the assist is off whatever these switches say.",
  assistNever: "A model never decides or lowers an urgency: it only suggests, and the patient confirms.",
  assistUses: {
    caseSummary: "Case summary for clinicians (made at hand-off, each statement citing the conversation)",
    complaintSuggestions: "Suggest the main complaint from the patient's own words (the patient confirms), and ask about the warning signs they may describe",
    answerParsing: "Read typed answers (a duration, a temperature) and ask the patient to confirm them",
    liveTranslation: "Translate the live chat between a patient and the clinician when they write in different languages (the original is kept)",
  },
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
  assist: "Assistance par modèle de langage",
  assistState: (on, model) =>
    on
      ? `Point d'accès configuré (LLM_BASE_URL), modèle ${model}. Chaque usage ci-dessous peut être désactivé.`
      : "Aucun point d'accès n'est configuré (LLM_BASE_URL et LLM_MODEL absents) : l'assistance est désactivée quels que soient ces réglages.",
  assistNever: "Un modèle ne décide ni n'abaisse jamais une urgence : il suggère seulement, et le patient confirme.",
  assistUses: {
    caseSummary: "Résumé du dossier pour les soignants (fait à la prise en charge, chaque affirmation citant la conversation)",
    complaintSuggestions:
      "Suggérer le motif principal à partir des mots du patient (le patient confirme), et poser les questions sur les signes d'alerte qu'ils peuvent décrire",
    answerParsing: "Lire les réponses écrites (une durée, une température) et demander au patient de les confirmer",
    liveTranslation: "Traduire la discussion en direct entre le patient et le soignant quand ils n'écrivent pas dans la même langue (l'original est conservé)",
  },
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
