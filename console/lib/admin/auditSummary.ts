import type { ConsoleLocale } from "$lib/console/i18n";

/** What the audit page needs of one event to say it in a line. */
export interface AuditLine {
  type: string;
  /** The admin stream's `{ actor, details }` payload's details, or a session event's payload. */
  details: Record<string, unknown>;
}

type Say = (d: Record<string, unknown>, name: (id: unknown) => string) => string;

const str = (value: unknown): string => (typeof value === "string" || typeof value === "number" ? String(value) : "?");
const short = (id: unknown): string => str(id).slice(0, 8);

// One line per known event type (issue 24, item 16); an unknown type falls back to its code.
const LINES: Record<ConsoleLocale, Record<string, Say>> = {
  en: {
    "console.login": () => "Signed in",
    "console.login_failed": () => "Failed sign-in",
    "console.logout": () => "Signed out",
    "case.claimed": (d) => `Took case ${short(d.caseId)}`,
    "case.released": (d) => `Released case ${short(d.caseId)} to the queue`,
    "case.message": (d) => `Wrote to the patient of case ${short(d.caseId)}`,
    "case.urgency_changed": (d) => `Changed the urgency of case ${short(d.caseId)} from ${str(d.from)} to ${str(d.to)}`,
    "case.note_added": (d) => `Added a note to case ${short(d.caseId)}`,
    "case.closed": (d) => `Closed case ${short(d.caseId)} (${str(d.disposition)})`,
    "case.breached": (d) => `Case ${short(d.caseId)} passed its deadline`,
    "flow.draft_saved": (d) => `Saved a draft of ${str(d.slug)}`,
    "flow.draft_discarded": (d) => `Discarded the draft of ${str(d.slug)}`,
    "flow.published": (d) => `Published ${str(d.slug)} version ${str(d.version)}`,
    "flow.exported": (d) => `Exported ${str(d.slug)}`,
    "settings.changed": () => "Changed the settings",
    "user.created": (d, name) => `Created the account ${str(d.email ?? name(d.userId))}`,
    "user.deactivated": (d, name) => `Deactivated the account of ${name(d.userId)}`,
    "session.erased": (d) => `Erased session ${short(d.sessionId)}`,
    "retention.applied": () => "Applied the retention periods",
    "fhir.exported": (d) => `Exported session ${short(d.sessionId)} as FHIR`,
  },
  fr: {
    "console.login": () => "Connexion",
    "console.login_failed": () => "Échec de connexion",
    "console.logout": () => "Déconnexion",
    "case.claimed": (d) => `Prise en charge du dossier ${short(d.caseId)}`,
    "case.released": (d) => `Dossier ${short(d.caseId)} remis dans la file`,
    "case.message": (d) => `Message au patient du dossier ${short(d.caseId)}`,
    "case.urgency_changed": (d) => `Urgence du dossier ${short(d.caseId)} passée de ${str(d.from)} à ${str(d.to)}`,
    "case.note_added": (d) => `Note ajoutée au dossier ${short(d.caseId)}`,
    "case.closed": (d) => `Dossier ${short(d.caseId)} clôturé (${str(d.disposition)})`,
    "case.breached": (d) => `Délai dépassé pour le dossier ${short(d.caseId)}`,
    "flow.draft_saved": (d) => `Brouillon de ${str(d.slug)} enregistré`,
    "flow.draft_discarded": (d) => `Brouillon de ${str(d.slug)} abandonné`,
    "flow.published": (d) => `Publication de ${str(d.slug)}, version ${str(d.version)}`,
    "flow.exported": (d) => `Export de ${str(d.slug)}`,
    "settings.changed": () => "Réglages modifiés",
    "user.created": (d, name) => `Compte ${str(d.email ?? name(d.userId))} créé`,
    "user.deactivated": (d, name) => `Compte de ${name(d.userId)} désactivé`,
    "session.erased": (d) => `Session ${short(d.sessionId)} effacée`,
    "retention.applied": () => "Durées de conservation appliquées",
    "fhir.exported": (d) => `Session ${short(d.sessionId)} exportée en FHIR`,
  },
};

/** Given an event, the reader's language and how to name a user id, returns a one-line summary. */
export function auditSummary(line: AuditLine, lang: ConsoleLocale, name: (id: unknown) => string): string {
  const say = LINES[lang][line.type];
  return say ? say(line.details, name) : line.type;
}
