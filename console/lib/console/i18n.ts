import type { Urgency } from "../../../flows/urgency";
import type { Disposition } from "$wire/console";

export type ConsoleLocale = "fr" | "en";

/** The cookie remembering a clinician's choice of language (else Accept-Language decides). */
export const LANG_COOKIE = "triage_console_lang";

const en = {
  appName: "Triage console",
  skip: "Skip to main content",
  nav: { label: "Console", queue: "Queue", dashboard: "Dashboard", users: "Users", signOut: "Sign out" },
  language: "Language",
  signedInAs: (name: string, role: string) => `Signed in as ${name} (${role})`,
  roles: { clinician: "clinician", admin: "administrator" } as Record<string, string>,
  signIn: {
    title: "Sign in",
    intro: "For clinicians and administrators of this service.",
    email: "Email",
    password: "Password",
    submit: "Sign in",
    invalid: "Wrong email or password.",
    locked: (seconds: number) =>
      `Too many failed sign-ins from here. Wait ${seconds < 60 ? `${seconds} second${seconds === 1 ? "" : "s"}` : `${Math.ceil(seconds / 60)} minute${Math.ceil(seconds / 60) === 1 ? "" : "s"}`} before trying again.`,
    missing: "Enter your email and password.",
    signedOut: "You are signed out.",
  },
  queue: {
    title: "Queue",
    waiting: "Waiting for a clinician",
    inProgress: "In progress",
    emptyWaiting: "No case is waiting.",
    emptyInProgress: "No case is in progress.",
    urgency: "Urgency",
    waited: "Waiting",
    sla: "Deadline",
    flow: "Flow",
    language: "Language",
    reason: "First reason",
    assignee: "Clinician",
    actions: "Actions",
    take: "Take",
    open: "Open",
    takenBy: (name: string) => `Taken by ${name}`,
    you: "you",
    left: (time: string) => `${time} left`,
    overdue: (time: string) => `${time} overdue`,
    breached: "SLA breached",
    live: "Live",
    connecting: "Connecting…",
    reconnecting: "Reconnecting…",
    enableAlerts: "Enable alerts",
    alertsOn: "Alerts on: new emergency and urgent cases ring and notify.",
    alertsBlocked: "Notifications are blocked in this browser; new cases still ring.",
    newCase: (urgency: string) => `New case: ${urgency}`,
    announceNew: (urgency: string, flow: string) => `New ${urgency} case (${flow}).`,
    askedHuman: "Patient asked for a clinician",
  },
  // The hand-off lifecycle as the clinician sees it (issue 24): the patient online, offline or gone.
  patientStatus: {
    online: "Patient online",
    offline: "Patient offline",
    left: "Patient left",
    leftAt: (time: string) => `The patient left the conversation at ${time}: nothing you write reaches them any more. Call them back if they left a number, then close the case.`,
    offlineSince: (time: string) => `Patient offline since ${time} (page closed or connection lost): they see your messages when they come back.`,
    leftLine: "The patient left the conversation.",
    callBack: "Call-back number",
  },
  caseView: {
    back: "Back to the queue",
    title: (flow: string) => `Case: ${flow}`,
    summary: "Summary",
    state: "State",
    states: { open: "waiting", claimed: "in progress", closed: "closed" } as Record<string, string>,
    patientLanguage: "Patient's language",
    flows: "Flow and version",
    opened: "Opened",
    claimed: "First taken",
    closed: "Closed",
    breached: "SLA breached",
    deadline: "Deadline",
    disposition: "Disposition",
    channel: "Channel",
    transcript: "Conversation",
    answers: "Answers",
    question: "Question",
    answer: "Answer",
    noAnswers: "No answer yet.",
    urgency: "Urgency and reasons",
    decided: (urgency: string) => `Flow outcome: ${urgency}`,
    noOutcome: "The flow has not reached an outcome (the patient asked for a clinician).",
    fhirExport: "Download as FHIR R4 (for the medical record)",
    reasonRead: "Answers read",
    redFlags: "Red flags fired",
    noRedFlags: "None.",
    notes: "Notes (not shown to the patient)",
    noNotes: "No note yet.",
    addNote: "Add the note",
    noteLabel: "New note",
    chat: "Message to the patient",
    patientTyping: "The patient is typing…",
    send: "Send",
    takeToChat: "Take the case to write to the patient and act on it.",
    take: "Take the case",
    release: "Release to the queue",
    changeUrgency: "Change urgency",
    newUrgency: "New urgency",
    reason: "Reason (required)",
    apply: "Change urgency",
    closeCase: "Close the case",
    closeNote: "What happened (required for “other”)",
    close: "Close",
    closedNotice: "This case is closed.",
    takenBy: (name: string) => `${name} has this case.`,
    authors: { patient: "Patient", bot: "Bot", clinician: "Clinician", system: "System" } as Record<string, string>,
    you: "You",
  },
  dispositions: {
    teleconsultation_booked: "Teleconsultation booked",
    referred_emergency: "Referred to emergency services",
    advice_given: "Advice given",
    patient_unreachable: "Patient unreachable",
    other: "Other",
  } as Record<Disposition, string>,
  dashboard: {
    title: "Dashboard",
    period: "Period",
    periods: { today: "Today", "7d": "Last 7 days", "30d": "Last 30 days" } as Record<string, string>,
    show: "Show",
    total: (n: number) => `${n} case${n === 1 ? "" : "s"} in the period.`,
    perLevel: "Cases per urgency level",
    medianWait: "Median wait before a clinician took the case (minutes)",
    withinSla: "Taken within the SLA (%)",
    level: "Urgency",
    cases: "Cases",
    taken: "Taken",
    median: "Median wait (min)",
    sla: "Within SLA",
    breachedCount: "Breached",
    none: "–",
  },
  users: { title: "Users", email: "Email", name: "Name", role: "Role", active: "Active", created: "Created", yes: "yes", no: "no" },
  errors: {
    CONSOLE_CASE_TAKEN: (name: string) => `${name || "Another clinician"} took this case first.`,
    CONSOLE_CASE_NOT_ASSIGNED: "Take the case first.",
    CONSOLE_CASE_CLOSED: "This case is closed.",
    CONSOLE_PATIENT_LEFT: "The patient left the conversation: your message was not sent. Close the case (call them back if they left a number).",
    CONSOLE_CASE_NOT_FOUND: "This case does not exist.",
    CONSOLE_INVALID_REQUEST: "Check the form: something is missing or too long.",
    CONSOLE_UNAUTHENTICATED: "Your session has ended: sign in again.",
    CONSOLE_FORBIDDEN: "Your role does not allow this.",
    generic: "Something went wrong. Try again.",
  },
  time: { min: "min", h: "h", s: "s" },
};

export type ConsoleTexts = typeof en;

const fr: ConsoleTexts = {
  appName: "Console Triage",
  skip: "Aller au contenu principal",
  nav: { label: "Console", queue: "File d'attente", dashboard: "Tableau de bord", users: "Utilisateurs", signOut: "Se déconnecter" },
  language: "Langue",
  signedInAs: (name, role) => `Connecté(e) : ${name} (${role})`,
  roles: { clinician: "soignant", admin: "administrateur" },
  signIn: {
    title: "Connexion",
    intro: "Pour les soignants et administrateurs de ce service.",
    email: "E-mail",
    password: "Mot de passe",
    submit: "Se connecter",
    invalid: "E-mail ou mot de passe incorrect.",
    locked: (seconds) =>
      `Trop d'échecs de connexion depuis cet endroit. Attendez ${seconds < 60 ? `${seconds} seconde${seconds === 1 ? "" : "s"}` : `${Math.ceil(seconds / 60)} minute${Math.ceil(seconds / 60) === 1 ? "" : "s"}`} avant de réessayer.`,
    missing: "Saisissez votre e-mail et votre mot de passe.",
    signedOut: "Vous êtes déconnecté(e).",
  },
  queue: {
    title: "File d'attente",
    waiting: "En attente d'un soignant",
    inProgress: "En cours",
    emptyWaiting: "Aucun dossier en attente.",
    emptyInProgress: "Aucun dossier en cours.",
    urgency: "Urgence",
    waited: "Attente",
    sla: "Échéance",
    flow: "Questionnaire",
    language: "Langue",
    reason: "Premier motif",
    assignee: "Soignant",
    actions: "Actions",
    take: "Prendre",
    open: "Ouvrir",
    takenBy: (name) => `Pris par ${name}`,
    you: "vous",
    left: (time) => `reste ${time}`,
    overdue: (time) => `dépassé de ${time}`,
    breached: "Délai dépassé",
    live: "En direct",
    connecting: "Connexion…",
    reconnecting: "Reconnexion…",
    enableAlerts: "Activer les alertes",
    alertsOn: "Alertes actives : les nouveaux dossiers urgents sonnent et s'affichent.",
    alertsBlocked: "Les notifications sont bloquées dans ce navigateur ; les nouveaux dossiers sonnent quand même.",
    newCase: (urgency) => `Nouveau dossier : ${urgency}`,
    announceNew: (urgency, flow) => `Nouveau dossier ${urgency} (${flow}).`,
    askedHuman: "Le patient a demandé un soignant",
  },
  caseView: {
    back: "Retour à la file d'attente",
    title: (flow) => `Dossier : ${flow}`,
    summary: "Résumé",
    state: "État",
    states: { open: "en attente", claimed: "en cours", closed: "clôturé" },
    patientLanguage: "Langue du patient",
    flows: "Questionnaire et version",
    opened: "Ouvert",
    claimed: "Pris en charge",
    closed: "Clôturé",
  patientStatus: {
    online: "Patient(e) en ligne",
    offline: "Patient(e) hors ligne",
    left: "Patient(e) parti(e)",
    leftAt: (time) => `Le ou la patient(e) a quitté la conversation à ${time} : rien de ce que vous écrivez ne lui parvient plus. Rappelez si un numéro a été laissé, puis clôturez le dossier.`,
    offlineSince: (time) => `Patient(e) hors ligne depuis ${time} (page fermée ou connexion perdue) : vos messages s'afficheront à son retour.`,
    leftLine: "Le ou la patient(e) a quitté la conversation.",
    callBack: "Numéro de rappel",
  },
    breached: "Délai dépassé",
    deadline: "Échéance",
    disposition: "Issue",
    channel: "Canal",
    transcript: "Conversation",
    answers: "Réponses",
    question: "Question",
    answer: "Réponse",
    noAnswers: "Pas encore de réponse.",
    urgency: "Urgence et motifs",
    decided: (urgency) => `Issue du questionnaire : ${urgency}`,
    noOutcome: "Le questionnaire n'est pas allé jusqu'au bout (le patient a demandé un soignant).",
    fhirExport: "Télécharger en FHIR R4 (pour le dossier médical)",
    reasonRead: "Réponses lues",
    redFlags: "Signaux d'alarme déclenchés",
    noRedFlags: "Aucun.",
    notes: "Notes (jamais montrées au patient)",
    noNotes: "Pas encore de note.",
    addNote: "Ajouter la note",
    noteLabel: "Nouvelle note",
    chat: "Message au patient",
    patientTyping: "Le patient écrit…",
    send: "Envoyer",
    takeToChat: "Prenez le dossier pour écrire au patient et agir.",
    take: "Prendre le dossier",
    release: "Remettre dans la file",
    changeUrgency: "Changer l'urgence",
    newUrgency: "Nouvelle urgence",
    reason: "Motif (obligatoire)",
    apply: "Changer l'urgence",
    closeCase: "Clôturer le dossier",
    closeNote: "Ce qui s'est passé (obligatoire pour « autre »)",
    close: "Clôturer",
    closedNotice: "Ce dossier est clôturé.",
    takenBy: (name) => `${name} a ce dossier.`,
    authors: { patient: "Patient", bot: "Assistant", clinician: "Soignant", system: "Système" },
    you: "Vous",
  },
  dispositions: {
    teleconsultation_booked: "Téléconsultation programmée",
    referred_emergency: "Orienté vers les urgences",
    advice_given: "Conseils donnés",
    patient_unreachable: "Patient injoignable",
    other: "Autre",
  },
  dashboard: {
    title: "Tableau de bord",
    period: "Période",
    periods: { today: "Aujourd'hui", "7d": "7 derniers jours", "30d": "30 derniers jours" },
    show: "Afficher",
    total: (n) => `${n} dossier${n === 1 ? "" : "s"} sur la période.`,
    perLevel: "Dossiers par niveau d'urgence",
    medianWait: "Attente médiane avant prise en charge (minutes)",
    withinSla: "Pris en charge dans les délais (%)",
    level: "Urgence",
    cases: "Dossiers",
    taken: "Pris en charge",
    median: "Attente médiane (min)",
    sla: "Dans les délais",
    breachedCount: "Dépassés",
    none: "–",
  },
  users: { title: "Utilisateurs", email: "E-mail", name: "Nom", role: "Rôle", active: "Actif", created: "Créé le", yes: "oui", no: "non" },
  errors: {
    CONSOLE_CASE_TAKEN: (name) => `${name || "Un autre soignant"} a pris ce dossier en premier.`,
    CONSOLE_CASE_NOT_ASSIGNED: "Prenez d'abord le dossier.",
    CONSOLE_CASE_CLOSED: "Ce dossier est clôturé.",
    CONSOLE_PATIENT_LEFT: "Le ou la patient(e) a quitté la conversation : votre message n'a pas été envoyé. Clôturez le dossier (rappelez si un numéro a été laissé).",
    CONSOLE_CASE_NOT_FOUND: "Ce dossier n'existe pas.",
    CONSOLE_INVALID_REQUEST: "Vérifiez le formulaire : un champ manque ou est trop long.",
    CONSOLE_UNAUTHENTICATED: "Votre session a pris fin : reconnectez-vous.",
    CONSOLE_FORBIDDEN: "Votre rôle ne le permet pas.",
    generic: "Une erreur est survenue. Réessayez.",
  },
  time: { min: "min", h: "h", s: "s" },
};

export const CONSOLE_TEXTS: Record<ConsoleLocale, ConsoleTexts> = { en, fr };

/**
 * Each level's label in the reader's language as the deployment's settings say now (an
 * administrator may rename levels): pages get it from their server load (lib/server/urgencyLabels.ts).
 */
export type UrgencyLabels = Record<Urgency, string>;

/** Given an API error (code and details), returns the clinician-facing sentence. */
export function errorMessage(t: ConsoleTexts, code: string, details: Record<string, unknown> = {}): string {
  switch (code) {
    case "CONSOLE_CASE_TAKEN":
      return t.errors.CONSOLE_CASE_TAKEN(typeof details.assignee === "string" ? details.assignee : "");
    case "CONSOLE_CASE_NOT_ASSIGNED":
    case "CONSOLE_CASE_CLOSED":
    case "CONSOLE_PATIENT_LEFT":
    case "CONSOLE_CASE_NOT_FOUND":
    case "CONSOLE_INVALID_REQUEST":
    case "CONSOLE_UNAUTHENTICATED":
    case "CONSOLE_FORBIDDEN":
      return t.errors[code];
    default:
      return t.errors.generic;
  }
}

/** Given milliseconds, returns "12 min", "1 h 05", "45 s". */
export function formatDuration(ms: number, t: ConsoleTexts): string {
  const seconds = Math.max(0, Math.round(Math.abs(ms) / 1000));
  if (seconds < 60) return `${seconds} ${t.time.s}`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} ${t.time.min}`;
  return `${Math.floor(minutes / 60)} ${t.time.h} ${String(minutes % 60).padStart(2, "0")}`;
}
