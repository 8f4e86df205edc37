import type { Locale, Urgency } from "../../flows/index.js";
import type { CaseReason } from "./encodeCaseReason.js";

/*
 * What the console needs from storage for hand-off cases. Cases are opened by the patient's turn
 * (the store's group commit inserts them); from then on only the console changes them, each
 * change a conditional UPDATE so concurrent clinicians and instances cannot both win.
 */

export type CaseState = "open" | "claimed" | "closed";

export { DISPOSITIONS, type Disposition } from "./caseVocabulary.js";
import type { Disposition } from "./caseVocabulary.js";

export interface CasePerson {
  id: string;
  displayName: string;
}

/** A hand-off case with what the queue shows of its session. Times are ISO 8601. */
export interface CaseRecord {
  id: string;
  sessionId: string;
  /** The current level: the questionnaire's, or a clinician's change of it. */
  urgency: Urgency;
  /** The level the questionnaire decided (kept when a clinician changes `urgency`). */
  flowUrgency: Urgency;
  slaDeadline: string;
  state: CaseState;
  assignee?: CasePerson;
  cause: "outcome" | "patient_request";
  /** In every language the flow has (or a plain string, an older row): resolve it in the reader's language (caseInLocale). */
  firstReason?: CaseReason;
  disposition?: Disposition;
  dispositionNote?: string;
  openedAt: string;
  claimedAt?: string;
  closedAt?: string;
  breachedAt?: string;
  /** When the patient left (restarted or ended the conversation) while the case was open. */
  patientLeftAt?: string;
  /** The patient's number for a call back (E.164): health data, shown to clinicians, never logged. */
  contactPhone?: string;
  /** The routing the outcome decided when the case opened (stored with it); none for a patient's request. */
  routing?: string;
  flowSlug: string;
  flowVersion: number;
  locale: Locale;
}

/** A case as one clinician reads it: the first reason in their language (what the console sends). */
export type CaseView = Omit<CaseRecord, "firstReason"> & { firstReason?: string };

export interface CaseNoteRecord {
  id: string;
  caseId: string;
  author: CasePerson;
  text: string;
  at: string;
}

/** The fields the dashboard reads, for cases opened in a period. */
export interface CaseStatRow {
  /** The current level (after any clinician change). */
  urgency: Urgency;
  /** The questionnaire's level: what the dashboard counts by. */
  flowUrgency: Urgency;
  openedAt: string;
  slaDeadline: string;
  claimedAt?: string;
  breachedAt?: string;
  state: CaseState;
}

export interface CaseStore {
  /** Cases not closed, at most one per session (its latest), any order. */
  listActive(): Promise<CaseRecord[]>;
  get(id: string): Promise<CaseRecord | undefined>;
  /** The session's latest case that is not closed. */
  activeForSession(sessionId: string): Promise<CaseRecord | undefined>;
  /** True when a clinician holds one of the session's cases. */
  isClaimed(sessionId: string): Promise<boolean>;
  /** UPDATE ... SET claimed WHERE state='open' AND assignee IS NULL: true for the one caller that won. */
  claim(id: string, userId: string, at: Date): Promise<boolean>;
  /** Back to the queue with a fresh deadline, only by its assignee. */
  release(id: string, userId: string, at: Date, slaDeadline: Date): Promise<boolean>;
  /** Only by its assignee while claimed; a given deadline replaces the case's. */
  setUrgency(id: string, userId: string, urgency: Urgency, at: Date, slaDeadline?: Date): Promise<boolean>;
  /** Only by its assignee while claimed; also closes the session's other open cases. */
  close(id: string, userId: string, disposition: Disposition, note: string | undefined, at: Date): Promise<boolean>;
  /** Open cases past their deadline, not yet marked, whose patient has not left. */
  dueForBreach(now: Date, limit: number): Promise<CaseRecord[]>;
  /** Marks that the patient left a case not closed, once: true for the one caller that did it. */
  markPatientLeft(id: string, at: Date): Promise<boolean>;
  /** Stores the patient's call-back number (E.164) on a case not closed; false when it is closed. */
  setContactPhone(id: string, phone: string, at: Date): Promise<boolean>;
  /** Marks a case breached once: true for the one caller (instance) that did it. */
  markBreached(id: string, at: Date): Promise<boolean>;
  /** Stores a note; false when the case's session was erased (nothing of the patient's is written again). */
  addNote(note: { id: string; caseId: string; authorId: string; text: string; at: Date }): Promise<boolean>;
  notes(caseId: string): Promise<CaseNoteRecord[]>;
  openedBetween(from: Date, to: Date): Promise<CaseStatRow[]>;
}
