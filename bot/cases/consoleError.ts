/**
 * Coded errors of the clinician console (STYLE.md practice 4): namespaced string codes, one class,
 * mapped to an HTTP status here and to a clinician-facing text in console/lib/console/i18n.ts.
 * Kept apart from bot/errors.ts because none of them ever reaches a patient.
 */
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
} as const;

export type ConsoleErrorCode = keyof typeof CONSOLE_ERROR_CODES;

export class ConsoleError extends Error {
  constructor(
    readonly code: ConsoleErrorCode,
    message: string,
    readonly details: Record<string, string | number | null> = {},
  ) {
    super(message);
    this.name = "ConsoleError";
  }

  get httpStatus(): number {
    return CONSOLE_ERROR_CODES[this.code];
  }
}
