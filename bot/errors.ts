/**
 * One place for coded errors (STYLE.md practice 4): namespaced string codes, a class per family,
 * mapped to HTTP status, WebSocket error and Slack reply where each channel needs it. Never branch
 * on a message string; branch on `code`.
 */
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

export type ErrorCode = keyof typeof ERROR_CODES;

export class TriageError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "TriageError";
  }

  get httpStatus(): number {
    return ERROR_CODES[this.code];
  }
}

/** Wraps anything thrown into a coded error, so every edge can map it the same way. */
export function asTriageError(error: unknown): TriageError {
  if (error instanceof TriageError) return error;
  return new TriageError("TRIAGE_INTERNAL", error instanceof Error ? error.message : String(error));
}
