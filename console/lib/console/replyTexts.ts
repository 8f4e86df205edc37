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
    errors: {
      ADMIN_INVALID_REPLY: (field: string, reason: string, max: number) =>
        reason === "too_many"
          ? `There are already ${max} canned replies: delete one first.`
          : reason === "too_long"
            ? `${fieldName.en(field)}: at most ${max} characters.`
            : `${fieldName.en(field)} is required.`,
      ADMIN_UNKNOWN_REPLY: "This reply was deleted meanwhile.",
      other: "The change was refused. Reload the page and try again.",
    },
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
    errors: {
      ADMIN_INVALID_REPLY: (field: string, reason: string, max: number) =>
        reason === "too_many"
          ? `Il y a déjà ${max} réponses types : supprimez-en une d'abord.`
          : reason === "too_long"
            ? `${fieldName.fr(field)} : ${max} caractères au plus.`
            : `${fieldName.fr(field)} est obligatoire.`,
      ADMIN_UNKNOWN_REPLY: "Cette réponse a été supprimée entre-temps.",
      other: "La modification a été refusée. Rechargez la page et réessayez.",
    },
    picker: {
      button: "Réponses types",
      label: "Chercher une réponse type",
      hint: "Tapez / dans le message pour choisir une réponse type.",
      none: "Aucune réponse type ne correspond.",
      inserted: (title: string) => `« ${title} » insérée : modifiez-la avant l'envoi.`,
    },
  },
} satisfies Record<ConsoleLocale, unknown>;

const fieldName = {
  en: (field: string) =>
    ({ "title.fr": "The French title", "title.en": "The English title", "text.fr": "The French text", "text.en": "The English text" })[field] ?? "A field",
  fr: (field: string) =>
    ({ "title.fr": "Le titre français", "title.en": "Le titre anglais", "text.fr": "Le texte français", "text.en": "Le texte anglais" })[field] ?? "Un champ",
};

/** A canned reply as the reply box's picker reads it. */
export interface PickableReply {
  id: string;
  title: Record<ConsoleLocale, string>;
  text: Record<ConsoleLocale, string>;
}

export type ReplyTexts = (typeof REPLY_TEXTS)["en"];

/** Given a refusal of the replies API, returns what the administrator reads. */
export function replyError(r: ReplyTexts, code: string, details: Record<string, unknown>): string {
  if (code === "ADMIN_INVALID_REPLY") return r.errors.ADMIN_INVALID_REPLY(String(details.field ?? ""), String(details.reason ?? ""), Number(details.max ?? 0));
  if (code === "ADMIN_UNKNOWN_REPLY") return r.errors.ADMIN_UNKNOWN_REPLY;
  return r.errors.other;
}
