import type { ErrorCode } from "../../errors.js";

type Locale = "fr" | "en";

/** Patient-facing text for each coded error, in both languages (STYLE.md practice 4: one place per channel). */
const TEXTS: Record<ErrorCode, Record<Locale, string>> = {
  TRIAGE_INVALID_ANSWER: { fr: "Cette réponse n'est pas valable pour cette question.", en: "That answer does not fit this question." },
  TRIAGE_FLOW_NOT_FOUND: { fr: "Ce questionnaire n'existe pas.", en: "This questionnaire does not exist." },
  TRIAGE_SESSION_NOT_FOUND: { fr: "Conversation introuvable. Commencez-en une nouvelle.", en: "Conversation not found. Please start a new one." },
  TRIAGE_SESSION_CLOSED: { fr: "Cette conversation est terminée.", en: "This conversation has ended." },
  TRIAGE_SESSION_CONFLICT: { fr: "La conversation a changé pendant votre envoi. Renvoyez votre réponse.", en: "The conversation changed while you were sending. Please send your answer again." },
  TRIAGE_NOTHING_TO_UNDO: { fr: "Il n'y a pas de réponse à modifier.", en: "There is no answer to change." },
  TRIAGE_BAD_FRAME: { fr: "Message illisible : il a été ignoré.", en: "Unreadable message: it was ignored." },
  TRIAGE_FRAME_TOO_LARGE: { fr: "Message trop long : il a été ignoré.", en: "Message too long: it was ignored." },
  TRIAGE_UNKNOWN_MESSAGE_TYPE: { fr: "Type de message inconnu : il a été ignoré.", en: "Unknown kind of message: it was ignored." },
  TRIAGE_WRONG_SESSION: { fr: "Ce message concerne une autre conversation.", en: "This message belongs to another conversation." },
  TRIAGE_RATE_LIMITED: { fr: "Trop de messages à la fois. Patientez quelques secondes.", en: "Too many messages at once. Please wait a few seconds." },
  TRIAGE_RESUME_FAILED: { fr: "Impossible de reprendre la conversation. Commencez-en une nouvelle.", en: "The conversation could not be resumed. Please start a new one." },
  TRIAGE_RESUME_EXPIRED: { fr: "Cette conversation a expiré et ne peut plus être rouverte. Commencez-en une nouvelle.", en: "This conversation has expired and can no longer be reopened. Please start a new one." },
  TRIAGE_INVALID_PHONE: {
    fr: "Ce numéro n'est pas valable. Entrez un numéro français (06 12 34 56 78, +33…) ou marocain (06 61 23 45 67, +212…).",
    en: "This number is not valid. Enter a French (06 12 34 56 78, +33…) or Moroccan (06 61 23 45 67, +212…) number.",
  },
  TRIAGE_NO_OPEN_CASE: { fr: "Aucune demande en attente : ce numéro n'a pas été enregistré.", en: "No request is waiting: this number was not saved." },
  TRIAGE_UNAUTHORISED: { fr: "Accès refusé.", en: "Access denied." },
  TRIAGE_FORBIDDEN: { fr: "Accès refusé.", en: "Access denied." },
  TRIAGE_STORE_UNAVAILABLE: { fr: "Service momentanément indisponible. Réessayez dans un instant.", en: "Service briefly unavailable. Please try again in a moment." },
  TRIAGE_INTERNAL: { fr: "Une erreur est survenue. Réessayez.", en: "Something went wrong. Please try again." },
};

/** Given an error code and a locale, returns the text shown to the patient. */
export function errorText(code: ErrorCode, locale: Locale): string {
  return TEXTS[code][locale];
}
