import type { ConsoleLocale } from "./i18n";

/** The canned replies' texts (issue 24): the admin page and the reply box's picker, in both console languages. */
export const REPLY_TEXTS = {
  en: {
    title: "Canned replies",
    intro: "Clinicians insert these into the chat in the patient's language and edit them before sending.",
    empty: "No canned reply yet.",
    titleFr: "Title (French)",
    titleEn: "Title (English)",
    textFr: "Text (French)",
    textEn: "Text (English)",
    add: "Add a reply",
    save: "Save changes",
    edit: "Edit",
    cancel: "Cancel",
    remove: "Delete",
    confirmRemove: (title: string) => `Delete “${title}”? Clinicians will no longer see it.`,
    confirmRemoveYes: "Delete it",
    added: (title: string) => `Added “${title}”.`,
    saved: (title: string) => `Saved “${title}”.`,
    removed: (title: string) => `Deleted “${title}”.`,
    editing: (title: string) => `Editing “${title}”`,
    limit: (used: number, max: number) => `${used} / ${max} characters`,
    updated: "Changed",
    picker: {
      button: "Canned replies",
      label: "Find a canned reply",
      hint: "Type / in the message box to pick a canned reply.",
      none: "No canned reply matches.",
      inserted: (title: string) => `Inserted “${title}”: edit it before sending.`,
    },
  },
  fr: {
    title: "Réponses types",
    intro: "Les soignants les insèrent dans la conversation dans la langue du patient et les modifient avant l'envoi.",
    empty: "Aucune réponse type pour l'instant.",
    titleFr: "Titre (français)",
    titleEn: "Titre (anglais)",
    textFr: "Texte (français)",
    textEn: "Texte (anglais)",
    add: "Ajouter une réponse",
    save: "Enregistrer les modifications",
    edit: "Modifier",
    cancel: "Annuler",
    remove: "Supprimer",
    confirmRemove: (title: string) => `Supprimer « ${title} » ? Les soignants ne la verront plus.`,
    confirmRemoveYes: "La supprimer",
    added: (title: string) => `« ${title} » ajoutée.`,
    saved: (title: string) => `« ${title} » enregistrée.`,
    removed: (title: string) => `« ${title} » supprimée.`,
    editing: (title: string) => `Modification de « ${title} »`,
    limit: (used: number, max: number) => `${used} / ${max} caractères`,
    updated: "Modifiée",
    picker: {
      button: "Réponses types",
      label: "Chercher une réponse type",
      hint: "Tapez / dans le message pour choisir une réponse type.",
      none: "Aucune réponse type ne correspond.",
      inserted: (title: string) => `« ${title} » insérée : modifiez-la avant l'envoi.`,
    },
  },
} satisfies Record<ConsoleLocale, unknown>;

/** A canned reply as the reply box's picker reads it. */
export interface PickableReply {
  id: string;
  title: Record<ConsoleLocale, string>;
  text: Record<ConsoleLocale, string>;
}
