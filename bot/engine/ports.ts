import type { Flow, Locale, LocalizedText, Routing, SessionState, TriageResult, Urgency } from "../../flows/index.js";
import type { ChatMessage, DraftMessage } from "./chatMessage.js";

/*
 * The ports the engine depends on. Adapters (bot/store, bot/bus, ...) implement them; tests inject
 * real or in-memory ones. The engine itself never imports an adapter.
 */

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * What a language model contributed to a turn, attached to the inbound event by the service
 * before the pure turn (bot/llm) and recorded with it in `patient.inbound`: a replay reads it
 * back instead of asking the model. `call` is the call's audit record (purpose, model, prompt
 * hash, output, latency, result), kept whether or not it suggested anything.
 */
export interface TurnAssistData {
  /** Option values a model suggests for the single choice this turn asks. */
  suggested: string[];
  /** Options of the flow's signs confirmation a model says the free text answered in this turn may describe: the confirmation is asked (askNamedSigns). */
  signs?: string[];
  /** A value a model read in typed words the parser could not read: shown back for the patient to confirm (proposedValue). */
  proposal?: Json;
  /** A live-chat message relayed to the clinician: the language a model read it in and its translation into the clinicians' language (relayTurn). */
  translated?: { language: string; translation?: { language: string; text: string } };
  call: { [key: string]: Json };
}

/** What a patient (or a channel on their behalf) sends in one turn. */
export type InboundEvent =
  | { type: "start"; flow: string; locale: Locale }
  /**
   * `questionId`, when the channel knows it (a button of a given question), guards against a
   * stale click answering a later question: the engine re-asks instead of recording it.
   */
  | { type: "answer"; value: unknown; questionId?: string; assist?: TurnAssistData }
  | { type: "text"; text: string; assist?: TurnAssistData }
  | { type: "ask_human" }
  | { type: "set_locale"; locale: Locale }
  | { type: "back" };

export type SessionStatus = "active" | "completed" | "handoff" | "closed";

/** A patient session as the engine sees it. `state` is the pure flow runner's JSON state. */
export interface SessionRecord {
  id: string;
  /** The entry flow and the version the session pinned when it started. */
  flowSlug: string;
  flowVersion: number;
  locale: Locale;
  status: SessionStatus;
  /** Which channel the session came from ("web", "slack"): stored, never read by the engine. */
  channel: string;
  state: SessionState;
  /** The urgency decided (or known so far when a human was asked for). */
  urgency?: Urgency;
  createdAt: string;
  updatedAt: string;
}

/**
 * Where a stored session stands. Every write of a session appends at least one event to its audit
 * chain, so the chain's head seq numbers the session's writes: the store returns it with every
 * read, and a commit carries the version its turn was computed from (TurnCommit.base). A commit
 * whose base is no longer the session's head is refused with TRIAGE_SESSION_CONFLICT and the
 * service computes the turn again from a fresh read (optimistic concurrency; prisma/README.md).
 */
export interface SessionVersion {
  /** The audit chain's head seq: how many events the session has (0: none yet). */
  seq: number;
  /** That head event's hash, which the turn's first event chains from. */
  hash: string;
  /** The last transcript message's seq (the turn's messages are numbered after it). */
  lastMessageSeq: number;
}

/** A session as read from the store: the record and the version it was read at. */
export type StoredSession = SessionRecord & { version: SessionVersion };

/** The engine's read before a turn (Store.readTurn). */
export interface TurnRead {
  session: StoredSession;
  /** The stored reply, when this client message id was committed already: the turn is not taken again. */
  earlier?: CommittedTurn;
}

/** Effects of a turn, as data: the service performs them after the commit. */
export type Effect =
  | { type: "outcome_decided"; result: TriageResult }
  | { type: "red_flag"; flow: string; flag: string }
  | { type: "flow_chained"; from: string; to: string; version: number }
  | {
      type: "handoff_requested";
      urgency: Urgency;
      cause: "outcome" | "patient_request";
      slaMinutes: number;
      /** The case's place in the waiting queue (with urgency): its deadline and the turn's time, which the commit stores as its opening. */
      slaDeadline: string;
      openedAt: string;
      firstReason?: string;
    };

/** An audit event before the store chains it (stream = the session id for patient turns). */
export interface AuditDraft {
  type: string;
  payload: Json;
}

/** A hand-off case to open in the same transaction as the turn that asked for it. */
export interface HandoffDraft {
  urgency: Urgency;
  slaDeadline: string;
  cause: "outcome" | "patient_request";
  /** The first reason, in the session's language. */
  firstReason?: string;
  /** The routing the outcome decided (e.g. "same_day_teleconsultation"); none for a patient's request before an outcome. */
  routing?: Routing;
}

/** A hand-off case as the store opens it: the draft, with its first reason in every language the flow has. */
export interface HandoffCommit extends HandoffDraft {
  /**
   * Stored instead of `firstReason` when present, so each clinician (console, Slack channel) reads
   * the reason in their own language, not the patient's.
   */
  firstReasonText?: LocalizedText;
}

/** Everything one turn writes, committed in one transaction (grouped with other turns). */
export interface TurnCommit {
  session: SessionRecord;
  /** True for the turn that creates the session. */
  isNew: boolean;
  /** The version the turn was computed from (required unless `isNew`): the commit is refused when the session has moved past it. */
  base?: SessionVersion;
  /** SHA-256 of the resume token, set when the session is created. */
  resumeTokenHash?: string;
  clientMessageId: string;
  messages: DraftMessage[];
  audit: AuditDraft[];
  handoff?: HandoffCommit;
}

/** What a committed turn returns; stored so a repeated client message id gets the same reply. */
export interface CommittedTurn {
  sessionId: string;
  clientMessageId: string;
  messages: ChatMessage[];
  status: SessionStatus;
  /** Where the session stands after this turn; only on the reply of the commit that wrote it (not on a stored reply read back). */
  version?: SessionVersion;
}

export interface FlowVersionRecord {
  slug: string;
  version: number;
  definition: Flow;
  publishedAt: string;
}

export interface Store {
  getSession(id: string): Promise<SessionRecord | undefined>;
  findSessionByResumeTokenHash(hash: string): Promise<SessionRecord | undefined>;
  /**
   * The session with its version and the stored reply of this client message id, if committed
   * already, read together (one snapshot): a duplicate committed after this read moves the
   * version, so the turn computed from it is refused, and the next read returns the reply. The
   * one idempotency check of a turn. Undefined when there is no such session.
   */
  readTurn(sessionId: string, clientMessageId: string): Promise<TurnRead | undefined>;
  /**
   * Commits the turn durably (group commit) and resolves only after the transaction committed.
   * Rejects with TRIAGE_SESSION_CONFLICT, having written nothing, when the session is no longer at
   * `turn.base` (or, for a new session, when one with its id or resume token hash exists).
   */
  commitTurn(turn: TurnCommit): Promise<CommittedTurn>;
  messagesAfter(sessionId: string, afterSeq: number): Promise<ChatMessage[]>;
  latestFlowVersion(slug: string): Promise<FlowVersionRecord | undefined>;
  flowVersion(slug: string, version: number): Promise<FlowVersionRecord | undefined>;
}

/** Events published after a commit, for other instances and live views (console queue, patient page). */
export type BusEvent =
  | { type: "session.messages"; sessionId: string; messages: ChatMessage[] }
  /** slaDeadline and openedAt: the new case's place in the queue, so waiting screens before it are left alone (absent: every screen is refreshed). */
  | { type: "handoff.opened"; sessionId: string; urgency: Urgency; slaDeadline?: string; openedAt?: string }
  | { type: "case.updated"; caseId: string; sessionId: string }
  /** Ephemeral, never stored nor audited: the patient or the assigned clinician is typing (no text, only whether). */
  | { type: "session.typing"; sessionId: string; who: "patient" | "clinician"; on: boolean }
  /** Whether the assigned clinician has the case open in a console (console instances publish the changes). */
  | { type: "session.presence"; sessionId: string; clinician: boolean }
  /** A patient came back (resume): an instance where the clinician has the case open answers with session.presence. */
  | { type: "session.presence_asked"; sessionId: string }
  /** Whether the patient's page is connected (a web instance publishes when its first socket on the session binds, or its last goes). */
  | { type: "session.patient"; sessionId: string; online: boolean }
  /** A console instance started: web instances say again which sessions have a page connected to them. */
  | { type: "session.patients_asked" }
  /** A clinician read a case up to the patient's message `seq` (its read mark): their other console pages clear its unread mark (issue 24). */
  | { type: "case.read"; userId: string; caseId: string; seq: number }
  /** An administrator saved deployment settings: every process reloads them from the database (bot/settings/liveSettings.ts). */
  | { type: "settings.changed"; keys: string[] };

export interface Bus {
  publish(event: BusEvent): Promise<void>;
  subscribe(handler: (event: BusEvent) => void): () => void;
}

export interface Clock {
  now(): Date;
}

/**
 * Whether a clinician has joined the patient's hand-off case (bot/cases implements it): while one
 * has, the patient's text goes to them and the bot stays quiet (relayTurn).
 */
export interface ClinicianPresence {
  clinicianJoined(sessionId: string): Promise<boolean>;
}

/** A turn written by staff (a clinician, the SLA monitor) on a patient's session: committed like a patient turn. */
export interface StaffTurn {
  session: SessionRecord;
  messages: DraftMessage[];
  audit: AuditDraft[];
}

export interface Ids {
  /** A new unique, sortable id (sessions, messages, cases). */
  newId(): string;
  /** A new secret token (resume tokens): unguessable, URL-safe. */
  newToken(): string;
}
