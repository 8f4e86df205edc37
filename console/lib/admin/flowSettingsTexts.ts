import type { ConsoleLocale } from "$lib/console/i18n";

/** The "Flow settings" form's words, fr and en (issue 7). */
const en = {
  title: "Flow settings",
  flowTitle: "Title",
  description: "Description",
  locales: "Languages",
  start: "First node",
  levelLabels: "Level labels for this flow (leave empty for the deployment's labels)",
  sources: "Sources and references",
  sourceTitle: "Reference",
  sourceUrl: "Address (URL, optional)",
  addSource: "Add a source",
  remove: "Remove",
  review: "Clinical review",
  reviewStatus: "Status",
  reviewStatuses: { "needs-clinical-review": "Needs clinical review", reviewed: "Reviewed" } as Record<string, string>,
  reviewNote: "Review notes",
  save: "Save the flow settings",
  refused: "The flow settings were not saved: correct the fields marked below.",
  errors: {
    required: "Required.",
    invalid_url: "Not a valid address (https://...).",
    unknown_node: "No node has this id.",
    invalid: "Not a valid value.",
  } as Record<string, string>,
};

type FlowSettingsTexts = typeof en;

const fr: FlowSettingsTexts = {
  title: "Réglages du parcours",
  flowTitle: "Titre",
  description: "Description",
  locales: "Langues",
  start: "Premier nœud",
  levelLabels: "Libellés des niveaux pour ce parcours (vides : ceux du déploiement)",
  sources: "Sources et références",
  sourceTitle: "Référence",
  sourceUrl: "Adresse (URL, facultative)",
  addSource: "Ajouter une source",
  remove: "Retirer",
  review: "Relecture clinique",
  reviewStatus: "Statut",
  reviewStatuses: { "needs-clinical-review": "Relecture clinique nécessaire", reviewed: "Relu" },
  reviewNote: "Notes de relecture",
  save: "Enregistrer les réglages du parcours",
  refused: "Les réglages du parcours n'ont pas été enregistrés : corrigez les champs signalés ci-dessous.",
  errors: {
    required: "Obligatoire.",
    invalid_url: "Adresse non valable (https://...).",
    unknown_node: "Aucun nœud n'a cet identifiant.",
    invalid: "Valeur non valable.",
  },
};

export const FLOW_SETTINGS_TEXTS: Record<ConsoleLocale, FlowSettingsTexts> = { en, fr };
export type { FlowSettingsTexts };
