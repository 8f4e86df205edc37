import type { Coded } from "./codedError.js";

/**
 * One place for coded errors (STYLE.md practice 4): every code of every family with its HTTP
 * status, one base class, a class per family. What a person reads about each code is in one table
 * (bot/errorTexts.ts, French and English) that every door reads through its own small function.
 * Never branch on a message string; branch on `code`, and recognise a coded error with `isCoded`
 * (bot/codedError.ts), which does not depend on the class.
 */

/** The patients' and channels' codes (TRIAGE_). */
export const ERROR_CODES = {
  TRIAGE_INVALID_ANSWER: 422,
  TRIAGE_FLOW_NOT_FOUND: 404,
  TRIAGE_SESSION_NOT_FOUND: 404,
  TRIAGE_SESSION_CLOSED: 409,
  /** The session moved on after the turn was computed (another instance wrote it): computed again, and this is what is left after the retries. */
  TRIAGE_SESSION_CONFLICT: 409,
  TRIAGE_NOTHING_TO_UNDO: 409,
  TRIAGE_BAD_FRAME: 400,
  TRIAGE_FRAME_TOO_LARGE: 413,
  TRIAGE_UNKNOWN_MESSAGE_TYPE: 400,
  TRIAGE_WRONG_SESSION: 403,
  TRIAGE_RATE_LIMITED: 429,
  TRIAGE_RESUME_FAILED: 404,
  /** The resume token outlived its session: the case was closed, or nothing happened for RESUME_TOKEN_TTL_HOURS. */
  TRIAGE_RESUME_EXPIRED: 410,
  /** A call-back number that is not a valid French or Moroccan number. */
  TRIAGE_INVALID_PHONE: 422,
  /** A call-back number for a session without an open hand-off case. */
  TRIAGE_NO_OPEN_CASE: 409,
  TRIAGE_UNAUTHORISED: 401,
  TRIAGE_FORBIDDEN: 403,
  TRIAGE_STORE_UNAVAILABLE: 503,
  TRIAGE_INTERNAL: 500,
} as const;

/** The administrator console's refusals (ADMIN_). */
export const ADMIN_ERROR_CODES = {
  ADMIN_NO_DRAFT: 404,
  ADMIN_UNKNOWN_FLOW: 404,
  ADMIN_UNKNOWN_VERSION: 404,
  ADMIN_INVALID_FLOW: 422,
  ADMIN_TESTS_FAILED: 409,
  /** The clinical vignette suite, played with the draft in place, under-triages an EMERGENCY or cannot play a vignette. */
  ADMIN_VIGNETTES_FAILED: 409,
  ADMIN_INVALID_EDIT: 422,
  /** The draft changed since the editor loaded it (optimistic concurrency). */
  ADMIN_DRAFT_CONFLICT: 409,
  /** A draft save without the revision it was based on. */
  ADMIN_REVISION_REQUIRED: 428,
  /** Deployment settings the schema refuses (details.errors names the fields); nothing was saved. */
  ADMIN_INVALID_SETTINGS: 422,
  /** A canned reply the rules refuse (details.field names the field: empty, too long, too many replies). */
  ADMIN_INVALID_REPLY: 422,
  /** No canned reply with this id (deleted meanwhile). */
  ADMIN_UNKNOWN_REPLY: 404,
} as const;

/** The clinician console's refusals (CONSOLE_); none of them ever reaches a patient. */
export const CONSOLE_ERROR_CODES = {
  CONSOLE_UNAUTHENTICATED: 401,
  CONSOLE_FORBIDDEN: 403,
  CONSOLE_SIGN_IN_LOCKED: 429,
  CONSOLE_INVALID_REQUEST: 422,
  /** A password the policy refuses (bot/auth/passwordPolicy.ts): details.reason, and details.fr / details.en say why. */
  CONSOLE_WEAK_PASSWORD: 422,
  CONSOLE_EMAIL_TAKEN: 409,
  CONSOLE_CASE_NOT_FOUND: 404,
  /** Someone else claimed the case first (details.assignee names them). */
  CONSOLE_CASE_TAKEN: 409,
  /** The action needs the case to be claimed by the caller. */
  CONSOLE_CASE_NOT_ASSIGNED: 409,
  CONSOLE_CASE_CLOSED: 409,
  /** The patient left the conversation: nothing written to them would be read (take the case to close it). */
  CONSOLE_PATIENT_LEFT: 409,
  /** The case's session was erased (a patient's request): nothing about the patient is written to it again. */
  CONSOLE_SESSION_ERASED: 410,
} as const;

/** The FHIR export's refusals (FHIR_), answered by the CLI and the console API. */
export const FHIR_ERROR_CODES = {
  /** No session with that id. */
  FHIR_SESSION_NOT_FOUND: 404,
  /** The session has no outcome yet: only a finished triage is exported. */
  FHIR_SESSION_NOT_FINISHED: 409,
  /** The session's health data was erased (a patient's request): nothing is left to export. */
  FHIR_SESSION_ERASED: 410,
  /** A flow version the session ran is missing from the store. */
  FHIR_FLOW_MISSING: 500,
} as const;

/** Retention and erasure (the patient's session codes they share with the channels, and their own). */
export const RETENTION_ERROR_CODES = {
  /** No session with that id. */
  TRIAGE_SESSION_NOT_FOUND: 404,
  /** The session's health data was erased: there is nothing left to replay, export or show. */
  TRIAGE_SESSION_ERASED: 410,
  /** The erasure was not confirmed (the console asks for the session id typed again). */
  TRIAGE_ERASURE_NOT_CONFIRMED: 400,
} as const;

/** Refusals of the HTTP door itself, before any route (HTTP_). */
export const HTTP_ERROR_CODES = {
  /** A request body over HTTP_MAX_BODY_BYTES. */
  HTTP_BODY_TOO_LARGE: 413,
  /** A body sent without a Content-Length (chunked), which the app cannot limit before reading. */
  HTTP_LENGTH_REQUIRED: 411,
} as const;

/** The optional language-model assist's answers to the console (ASSIST_). */
export const ASSIST_ERROR_CODES = {
  /** The assist is not configured, or case summaries are turned off in the settings. */
  ASSIST_OFF: 409,
  /** The model gave no usable summary (details.reason). */
  ASSIST_UNAVAILABLE: 503,
} as const;

/** Storage's refusals, which its callers retry or turn into their own family's code. */
export const STORE_ERROR_CODES = {
  /** The draft changed (or was published or discarded) since its revision was read. */
  STORE_STALE_DRAFT: 409,
  /** A publish that must leave the open draft alone found one. */
  STORE_OPEN_DRAFT: 409,
  /** The audit chain's head moved while events were appended (another writer): the caller retries. */
  TRIAGE_AUDIT_CONFLICT: 409,
} as const;

/** Operations' refusals (the CLI, backups, the audit key and checkpoints, the vignette suite): an operator reads them, never a patient. */
export const OPERATIONS_ERROR_CODES = {
  /** A command called the wrong way (an unreadable file, bad JSON, an unknown flow): the CLI exits 2. */
  TRIAGE_CLI_USAGE: 400,
  /** DATABASE_URL is PostgreSQL: use pg_dump / PITR (README, Operations). */
  TRIAGE_BACKUP_NOT_SQLITE: 400,
  /** The database file to back up does not exist. */
  TRIAGE_BACKUP_NO_DATABASE: 404,
  /** The backup's destination exists already: a backup never overwrites a file. */
  TRIAGE_BACKUP_TARGET_EXISTS: 409,
  /** The file to restore is missing or is not a SQLite database. */
  TRIAGE_RESTORE_NOT_A_DATABASE: 422,
  /** The copy failed a check (integrity, migrations, audit chains): nothing was replaced. */
  TRIAGE_RESTORE_CHECK_FAILED: 422,
  /** Another process has the database open (a running Triage): stop it first. */
  TRIAGE_RESTORE_DATABASE_IN_USE: 409,
  /** The audit signing key is missing, too large, not PKCS#8 or not Ed25519. */
  TRIAGE_AUDIT_KEY_INVALID: 500,
  /** A checkpoint webhook did not take the checkpoint (after its retries). */
  TRIAGE_AUDIT_CHECKPOINT_UNDELIVERED: 502,
  /** A file of the clinical vignette suite does not parse, or two vignettes share an id. */
  TRIAGE_VIGNETTE_SUITE_INVALID: 500,
} as const;

/** The one list: every code a door may receive, with its HTTP status. */
export const CODED_ERRORS = {
  ...ERROR_CODES,
  ...ADMIN_ERROR_CODES,
  ...CONSOLE_ERROR_CODES,
  ...FHIR_ERROR_CODES,
  ...RETENTION_ERROR_CODES,
  ...HTTP_ERROR_CODES,
  ...ASSIST_ERROR_CODES,
  ...STORE_ERROR_CODES,
  ...OPERATIONS_ERROR_CODES,
} as const;

export type CodedErrorCode = keyof typeof CODED_ERRORS;
export type ErrorCode = keyof typeof ERROR_CODES;
export type AdminErrorCode = keyof typeof ADMIN_ERROR_CODES;
export type ConsoleErrorCode = keyof typeof CONSOLE_ERROR_CODES;
export type HttpErrorCode = keyof typeof HTTP_ERROR_CODES;
export type StoreErrorCode = keyof typeof STORE_ERROR_CODES;
export type OperationsErrorCode = keyof typeof OPERATIONS_ERROR_CODES;
export type FhirErrorCode = keyof typeof FHIR_ERROR_CODES;
export type RetentionErrorCode = keyof typeof RETENTION_ERROR_CODES;

/** Given a code, returns its HTTP status (500 for a code outside the list). */
export function httpStatusOf(code: string): number {
  return (CODED_ERRORS as Record<string, number>)[code] ?? 500;
}

/** The base of every coded error: a stable code from the list, its HTTP status, and details for the door. */
export class CodedError<C extends CodedErrorCode = CodedErrorCode> extends Error implements Coded {
  constructor(
    readonly code: C,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "CodedError";
  }

  get httpStatus(): number {
    return httpStatusOf(this.code);
  }
}

/** A refusal or fault on the patients' side (TRIAGE_). */
export class TriageError extends CodedError<ErrorCode> {
  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(code, message, details);
    this.name = "TriageError";
  }
}

/** A refused administrator action; details (problems, tests, fields...) go back to the page. */
export class AdminError extends CodedError<AdminErrorCode> {
  declare readonly details: Record<string, unknown>;

  constructor(code: AdminErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.name = "AdminError";
  }
}

/** A refused clinician console action. */
export class ConsoleError extends CodedError<ConsoleErrorCode> {
  declare readonly details: Record<string, string | number | null>;

  constructor(code: ConsoleErrorCode, message: string, details: Record<string, string | number | null> = {}) {
    super(code, message, details);
    this.name = "ConsoleError";
  }
}

/**
 * The class of one service's refusals, whose details are plain strings (the FHIR export, retention
 * and erasure): one body for every such family, and a class per family so the CLI can tell the
 * input's problem from a fault with `instanceof` (bot/cli/withStore.ts).
 */
export function refusalClass<C extends CodedErrorCode>(name: string) {
  return class Refusal extends CodedError<C> {
    declare readonly details: Record<string, string>;

    constructor(code: C, message: string, details: Record<string, string> = {}) {
      super(code, message, details);
      this.name = name;
    }
  };
}

/** Wraps anything thrown into a coded error, so every edge can map it the same way. */
export function asTriageError(error: unknown): TriageError {
  if (error instanceof TriageError) return error;
  return new TriageError("TRIAGE_INTERNAL", error instanceof Error ? error.message : String(error));
}
