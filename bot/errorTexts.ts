import { isCoded } from "./codedError.js";
import { CODED_ERRORS, type CodedErrorCode } from "./errors.js";

/*
 * What every door tells a person about a coded error (STYLE.md practice 4): one table, code ->
 * French and English text, read with the code's HTTP status from the one list (bot/errors.ts).
 * The doors only shape it: the HTTP door as a JSON body (httpErrorAnswer), the patients'
 * WebSocket as an error frame (patientConnection), Slack with a next step (slackErrorText). The
 * type makes a new code without its texts a compile error; test/architecture/errorDoors.test.ts
 * checks the table too.
 */

export type ErrorLocale = "fr" | "en";
export type ErrorTexts = Record<ErrorLocale, string>;

const ACCESS_DENIED: ErrorTexts = { fr: "Accès refusé.", en: "Access denied." };
const TRY_AGAIN: ErrorTexts = { fr: "Une erreur est survenue. Réessayez.", en: "Something went wrong. Please try again." };
const NOT_SAVED_CHANGED: ErrorTexts = {
  fr: "Le brouillon a été modifié entre-temps : rechargez-le avant d'enregistrer.",
  en: "The draft was changed meanwhile: reload it before saving.",
};

export const ERROR_TEXTS: Record<CodedErrorCode, ErrorTexts> = {
  // The patients' and channels' (TRIAGE_).
  TRIAGE_INVALID_ANSWER: { fr: "Cette réponse n'est pas valable pour cette question.", en: "That answer does not fit this question." },
  TRIAGE_FLOW_NOT_FOUND: { fr: "Ce questionnaire n'existe pas.", en: "This questionnaire does not exist." },
  TRIAGE_SESSION_NOT_FOUND: { fr: "Conversation introuvable. Commencez-en une nouvelle.", en: "Conversation not found. Please start a new one." },
  TRIAGE_SESSION_CLOSED: { fr: "Cette conversation est terminée.", en: "This conversation has ended." },
  TRIAGE_SESSION_CONFLICT: {
    fr: "La conversation a changé pendant votre envoi. Renvoyez votre réponse.",
    en: "The conversation changed while you were sending. Please send your answer again.",
  },
  TRIAGE_NOTHING_TO_UNDO: { fr: "Il n'y a pas de réponse à modifier.", en: "There is no answer to change." },
  TRIAGE_BAD_FRAME: { fr: "Message illisible : il a été ignoré.", en: "Unreadable message: it was ignored." },
  TRIAGE_FRAME_TOO_LARGE: { fr: "Message trop long : il a été ignoré.", en: "Message too long: it was ignored." },
  TRIAGE_UNKNOWN_MESSAGE_TYPE: { fr: "Type de message inconnu : il a été ignoré.", en: "Unknown kind of message: it was ignored." },
  TRIAGE_WRONG_SESSION: { fr: "Ce message concerne une autre conversation.", en: "This message belongs to another conversation." },
  TRIAGE_RATE_LIMITED: { fr: "Trop de messages à la fois. Patientez quelques secondes.", en: "Too many messages at once. Please wait a few seconds." },
  TRIAGE_RESUME_FAILED: {
    fr: "Impossible de reprendre la conversation. Commencez-en une nouvelle.",
    en: "The conversation could not be resumed. Please start a new one.",
  },
  TRIAGE_RESUME_EXPIRED: {
    fr: "Cette conversation a expiré et ne peut plus être rouverte. Commencez-en une nouvelle.",
    en: "This conversation has expired and can no longer be reopened. Please start a new one.",
  },
  TRIAGE_INVALID_PHONE: {
    fr: "Ce numéro n'est pas valable. Entrez un numéro français (06 12 34 56 78, +33…) ou marocain (06 61 23 45 67, +212…).",
    en: "This number is not valid. Enter a French (06 12 34 56 78, +33…) or Moroccan (06 61 23 45 67, +212…) number.",
  },
  TRIAGE_NO_OPEN_CASE: { fr: "Aucune demande en attente : ce numéro n'a pas été enregistré.", en: "No request is waiting: this number was not saved." },
  TRIAGE_UNAUTHORISED: ACCESS_DENIED,
  TRIAGE_FORBIDDEN: ACCESS_DENIED,
  TRIAGE_STORE_UNAVAILABLE: {
    fr: "Service momentanément indisponible. Réessayez dans un instant.",
    en: "Service briefly unavailable. Please try again in a moment.",
  },
  TRIAGE_INTERNAL: TRY_AGAIN,

  // The administrator console's (ADMIN_).
  ADMIN_NO_DRAFT: { fr: "Ce questionnaire n'a pas de brouillon.", en: "This questionnaire has no draft." },
  ADMIN_UNKNOWN_FLOW: { fr: "Ce questionnaire n'existe pas.", en: "This questionnaire does not exist." },
  ADMIN_UNKNOWN_VERSION: { fr: "Cette version du questionnaire n'existe pas.", en: "This version of the questionnaire does not exist." },
  ADMIN_INVALID_FLOW: {
    fr: "Le questionnaire comporte des erreurs : corrigez-les avant d'enregistrer.",
    en: "The questionnaire has errors: fix them before saving.",
  },
  ADMIN_TESTS_FAILED: {
    fr: "Des tests du questionnaire échouent : rien n'a été publié.",
    en: "Some of the questionnaire's tests fail: nothing was published.",
  },
  ADMIN_VIGNETTES_FAILED: {
    fr: "Les cas cliniques de référence ne passent pas avec ce brouillon : rien n'a été publié.",
    en: "The reference clinical cases do not pass with this draft: nothing was published.",
  },
  ADMIN_INVALID_EDIT: { fr: "Cette modification n'est pas possible.", en: "This change is not possible." },
  ADMIN_DRAFT_CONFLICT: NOT_SAVED_CHANGED,
  ADMIN_REVISION_REQUIRED: { fr: "Rechargez le brouillon avant de l'enregistrer.", en: "Reload the draft before saving it." },
  ADMIN_INVALID_SETTINGS: { fr: "Certains réglages ne sont pas valables : rien n'a été enregistré.", en: "Some settings are not valid: nothing was saved." },
  ADMIN_INVALID_REPLY: {
    fr: "Cette réponse type n'est pas valable : un champ est vide ou trop long.",
    en: "This canned reply is not valid: a field is empty or too long.",
  },
  ADMIN_UNKNOWN_REPLY: { fr: "Cette réponse a été supprimée entre-temps.", en: "This reply was deleted meanwhile." },

  // The clinician console's (CONSOLE_).
  CONSOLE_UNAUTHENTICATED: { fr: "Votre session a pris fin : reconnectez-vous.", en: "Your session has ended: sign in again." },
  CONSOLE_FORBIDDEN: { fr: "Votre rôle ne le permet pas.", en: "Your role does not allow this." },
  CONSOLE_SIGN_IN_LOCKED: { fr: "Trop de tentatives de connexion : patientez avant de réessayer.", en: "Too many sign-in attempts: wait before trying again." },
  CONSOLE_INVALID_REQUEST: { fr: "Vérifiez le formulaire : un champ manque ou est trop long.", en: "Check the form: something is missing or too long." },
  CONSOLE_WEAK_PASSWORD: { fr: "Ce mot de passe est trop faible.", en: "This password is too weak." },
  CONSOLE_EMAIL_TAKEN: { fr: "Un compte utilise déjà cette adresse e-mail.", en: "An account already uses this email address." },
  CONSOLE_CASE_NOT_FOUND: { fr: "Ce dossier n'existe pas.", en: "This case does not exist." },
  CONSOLE_CASE_TAKEN: { fr: "Un autre soignant a pris ce dossier en premier.", en: "Another clinician took this case first." },
  CONSOLE_CASE_NOT_ASSIGNED: { fr: "Prenez d'abord le dossier.", en: "Take the case first." },
  CONSOLE_CASE_CLOSED: { fr: "Ce dossier est clôturé.", en: "This case is closed." },
  CONSOLE_PATIENT_LEFT: {
    fr: "La personne a quitté la conversation : votre message n'a pas été envoyé. Clôturez le dossier (rappelez si un numéro a été laissé).",
    en: "The patient left the conversation: your message was not sent. Close the case (call them back if they left a number).",
  },
  CONSOLE_SESSION_ERASED: {
    fr: "Les données de santé de cette personne ont été effacées à sa demande : plus rien ne peut être écrit à son sujet ici.",
    en: "This person's health data was erased at their request: nothing more can be written about them here.",
  },

  // The FHIR export's (FHIR_).
  FHIR_SESSION_NOT_FOUND: { fr: "Cette conversation n'existe pas.", en: "This conversation does not exist." },
  FHIR_SESSION_NOT_FINISHED: { fr: "Le triage n'est pas terminé : rien à exporter pour l'instant.", en: "The triage is not finished: nothing to export yet." },
  FHIR_SESSION_ERASED: {
    fr: "Les données de santé de cette conversation ont été effacées : rien à exporter.",
    en: "This conversation's health data was erased: nothing to export.",
  },
  FHIR_FLOW_MISSING: {
    fr: "Une version de questionnaire manque : l'export est impossible.",
    en: "A questionnaire version is missing: the export cannot be made.",
  },

  // Retention and erasure's.
  TRIAGE_SESSION_ERASED: { fr: "Les données de santé de cette conversation ont été effacées.", en: "This conversation's health data was erased." },
  TRIAGE_ERASURE_NOT_CONFIRMED: {
    fr: "Effacement non confirmé : saisissez à nouveau l'identifiant de la conversation.",
    en: "Erasure not confirmed: type the conversation's id again.",
  },

  // The HTTP door's (HTTP_).
  HTTP_BODY_TOO_LARGE: { fr: "La requête est trop volumineuse.", en: "The request is too large." },
  HTTP_LENGTH_REQUIRED: { fr: "La requête doit indiquer sa taille (Content-Length).", en: "The request must state its size (Content-Length)." },

  // The model assist's (ASSIST_).
  ASSIST_OFF: { fr: "Les résumés de dossier sont désactivés.", en: "Case summaries are turned off." },
  ASSIST_UNAVAILABLE: {
    fr: "Le modèle de langage n'a pas donné de résumé utilisable. Réessayez plus tard, ou lisez la conversation.",
    en: "The language model gave no usable summary. Try again later, or read the conversation.",
  },

  // Storage's (callers usually turn them into their own).
  STORE_STALE_DRAFT: NOT_SAVED_CHANGED,
  STORE_OPEN_DRAFT: { fr: "Publiez ou abandonnez d'abord le brouillon ouvert.", en: "Publish or discard the open draft first." },
  TRIAGE_AUDIT_CONFLICT: {
    fr: "Un autre enregistrement a eu lieu en même temps. Réessayez.",
    en: "Something else was saved at the same moment. Please try again.",
  },

  // Operations' (read by an operator at the command line).
  TRIAGE_CLI_USAGE: { fr: "Commande mal formée : voir triage --help.", en: "The command was not called correctly: see triage --help." },
  TRIAGE_BACKUP_NOT_SQLITE: { fr: "La base est PostgreSQL : sauvegardez-la avec pg_dump.", en: "The database is PostgreSQL: back it up with pg_dump." },
  TRIAGE_BACKUP_NO_DATABASE: { fr: "La base de données à sauvegarder n'existe pas.", en: "The database to back up does not exist." },
  TRIAGE_BACKUP_TARGET_EXISTS: {
    fr: "Le fichier de sauvegarde existe déjà : il n'est jamais écrasé.",
    en: "The backup file exists already: it is never overwritten.",
  },
  TRIAGE_RESTORE_NOT_A_DATABASE: { fr: "Ce fichier n'est pas une base SQLite.", en: "This file is not a SQLite database." },
  TRIAGE_RESTORE_CHECK_FAILED: {
    fr: "La copie n'a pas passé ses vérifications : rien n'a été remplacé.",
    en: "The copy failed its checks: nothing was replaced.",
  },
  TRIAGE_RESTORE_DATABASE_IN_USE: {
    fr: "La base est ouverte par un autre processus : arrêtez Triage d'abord.",
    en: "Another process has the database open: stop Triage first.",
  },
  TRIAGE_AUDIT_KEY_INVALID: {
    fr: "La clé de signature du journal d'audit n'est pas une clé Ed25519 utilisable.",
    en: "The audit signing key is not a usable Ed25519 key.",
  },
  TRIAGE_AUDIT_CHECKPOINT_UNDELIVERED: { fr: "Le point de contrôle d'audit n'a pas pu être livré.", en: "The audit checkpoint could not be delivered." },
  TRIAGE_VIGNETTE_SUITE_INVALID: { fr: "Les cas cliniques de référence ne sont pas lisibles.", en: "The reference clinical cases cannot be read." },
};

/**
 * The texts that can say more when the error's details do: who took a case first, which field of
 * a canned reply was refused and why (the console said so before the texts moved here). Used by
 * errorAnswer; the table above stays the text of every code, what a door without details says.
 */
const TEXTS_WITH_DETAILS: Partial<Record<CodedErrorCode, (details: Record<string, unknown>) => ErrorTexts | undefined>> = {
  CONSOLE_CASE_TAKEN: ({ assignee }) =>
    typeof assignee === "string" && assignee.trim() ? { fr: `${assignee} a pris ce dossier en premier.`, en: `${assignee} took this case first.` } : undefined,
  ADMIN_INVALID_REPLY: ({ field, reason, max }) => replyRefusal(String(field ?? ""), String(reason ?? ""), Number(max ?? 0)),
  // The password rules' own verdict, already in both languages (bot/auth/passwordPolicy).
  CONSOLE_WEAK_PASSWORD: ({ fr, en }) => (typeof fr === "string" && typeof en === "string" ? { fr, en } : undefined),
  ADMIN_INVALID_EDIT: (details) => invalidEdit(details),
  ADMIN_DRAFT_CONFLICT: ({ action }) => (typeof action === "string" ? DRAFT_CONFLICTS[action] : undefined),
  ADMIN_TESTS_FAILED: ({ tests }) =>
    Array.isArray(tests) && tests.length > 0
      ? {
          fr: `Rien n'a été publié : cas de test du questionnaire en échec : ${tests.length}.`,
          en: `Nothing was published: failing test cases of the questionnaire: ${tests.length}.`,
        }
      : undefined,
};

/** A draft changed by someone else meanwhile, by what the administrator was doing (details.action of ADMIN_DRAFT_CONFLICT). */
const DRAFT_CONFLICTS: Record<string, ErrorTexts> = {
  save: NOT_SAVED_CHANGED,
  publish: {
    fr: "Le brouillon a été modifié par quelqu'un d'autre depuis votre relecture : rien n'a été publié. Rechargez pour relire les différences.",
    en: "The draft was changed by someone else since you reviewed it: nothing was published. Reload to review the current differences.",
  },
  discard: {
    fr: "Le brouillon a été modifié par quelqu'un d'autre entre-temps : rien n'a été supprimé. Rechargez pour voir ses changements.",
    en: "The draft was changed by someone else meanwhile: nothing was discarded. Reload to see their changes.",
  },
};

/** Why an edit of a questionnaire or an account was refused (details.reason of ADMIN_INVALID_EDIT), naming the node it is about. */
function invalidEdit({ reason, node, other, references }: Record<string, unknown>): ErrorTexts | undefined {
  const id = String(node ?? "");
  const users = Array.isArray(references) ? references.map(String).join(", ") : "";
  const texts: Record<string, ErrorTexts> = {
    schema: { fr: "Certains champs ne sont pas valables : voir les problèmes ci-dessous.", en: "Some fields are not valid: see the problems below." },
    id_changed: { fr: `L'identifiant du nœud ${id} ne peut pas changer.`, en: `The id of node ${id} cannot change.` },
    no_node: { fr: `Le nœud ${id} n'existe pas (ou plus).`, en: `Node ${id} does not exist (any more).` },
    node_exists: { fr: `Un nœud ${id} existe déjà : choisissez un autre identifiant.`, en: `A node ${id} already exists: choose another id.` },
    bad_node_id: {
      fr: `L'identifiant « ${id} » ne convient pas : lettres minuscules, chiffres et _, en commençant par une lettre.`,
      en: `The id "${id}" does not fit: lower-case letters, digits and _, starting with a letter.`,
    },
    node_in_use: {
      fr: `Le nœud ${id} est encore utilisé par : ${users}. Modifiez-les d'abord.`,
      en: `Node ${id} is still used by: ${users}. Change those first.`,
    },
    red_flag_twice: { fr: `Deux signes d'alerte s'appellent ${id}.`, en: `Two red flags are named ${id}.` },
    not_a_question: { fr: `${id} n'est pas une question.`, en: `${id} is not a question.` },
    not_an_outcome: { fr: `${id} n'est pas une issue.`, en: `${id} is not an outcome.` },
    wrong_flow: { fr: `Ce JSON est le questionnaire ${id}, pas ${String(other ?? "")}.`, en: `This JSON is questionnaire ${id}, not ${String(other ?? "")}.` },
    change_note_required: { fr: "Une note de changement est obligatoire.", en: "A change note is required." },
    open_draft: {
      fr: "Publiez ou supprimez le brouillon en cours avant de revenir à une version.",
      en: "Publish or discard the open draft before rolling back.",
    },
    own_account: { fr: "Vous ne pouvez pas désactiver votre propre compte.", en: "You cannot deactivate your own account." },
    no_active_account: { fr: "Aucun compte actif ne correspond.", en: "No active account matches." },
  };
  return typeof reason === "string" ? texts[reason] : undefined;
}

/** A canned reply's fields as an administrator reads them (details.field of ADMIN_INVALID_REPLY). */
const REPLY_FIELDS: Record<string, ErrorTexts> = {
  "title.fr": { fr: "Le titre français", en: "The French title" },
  "title.en": { fr: "Le titre anglais", en: "The English title" },
  "text.fr": { fr: "Le texte français", en: "The French text" },
  "text.en": { fr: "Le texte anglais", en: "The English text" },
};

function replyRefusal(field: string, reason: string, max: number): ErrorTexts {
  if (reason === "too_many")
    return { fr: `Il y a déjà ${max} réponses types : supprimez-en une d'abord.`, en: `There are already ${max} canned replies: delete one first.` };
  const name = REPLY_FIELDS[field] ?? { fr: "Un champ", en: "A field" };
  if (reason === "too_long") return { fr: `${name.fr} : ${max} caractères au plus.`, en: `${name.en}: at most ${max} characters.` };
  return { fr: `${name.fr} est obligatoire.`, en: `${name.en} is required.` };
}

/** A coded error as a door shows it: its code, HTTP status, text in the reader's language, and its details. */
export interface ErrorAnswer {
  code: CodedErrorCode;
  status: number;
  text: string;
  details: Record<string, unknown>;
}

function listed(code: string): code is CodedErrorCode {
  return Object.hasOwn(CODED_ERRORS, code);
}

/** Given a code of the list and a language, returns the text a person reads. */
export function errorText(code: CodedErrorCode, locale: ErrorLocale): string {
  return ERROR_TEXTS[code][locale];
}

/**
 * Given anything thrown and a language, returns what a door tells about it. A coded error of the
 * list keeps its code, status and details; anything else (a bug, a driver's error, a code outside
 * the list) is TRIAGE_INTERNAL, 500, with the generic text and nothing of the error itself: the
 * door logs the error, the person never reads its message.
 */
export function errorAnswer(thrown: unknown, locale: ErrorLocale): ErrorAnswer {
  if (isCoded(thrown) && listed(thrown.code)) {
    const details = thrown.details ?? {};
    const text = TEXTS_WITH_DETAILS[thrown.code]?.(details)?.[locale] ?? errorText(thrown.code, locale);
    return { code: thrown.code, status: CODED_ERRORS[thrown.code], text, details };
  }
  return { code: "TRIAGE_INTERNAL", status: CODED_ERRORS.TRIAGE_INTERNAL, text: errorText("TRIAGE_INTERNAL", locale), details: {} };
}

/** The HTTP door: the JSON body and status of an error answer (`message` in the reader's language). */
export function httpErrorAnswer(
  thrown: unknown,
  locale: ErrorLocale,
): { status: number; body: { code: CodedErrorCode; message: string; details: Record<string, unknown> } } {
  const { code, status, text, details } = errorAnswer(thrown, locale);
  return { status, body: { code, message: text, details } };
}
