/** Coded errors of retention and erasure (STYLE.md practice 4); `httpStatus` is what the console API answers. */
export const RETENTION_ERROR_STATUS = {
  /** No session with that id. */
  TRIAGE_SESSION_NOT_FOUND: 404,
  /** The session's health data was erased: there is nothing left to replay, export or show. */
  TRIAGE_SESSION_ERASED: 410,
  /** The erasure was not confirmed (the console asks for the session id typed again). */
  TRIAGE_ERASURE_NOT_CONFIRMED: 400,
} as const;

export type RetentionErrorCode = keyof typeof RETENTION_ERROR_STATUS;

export class RetentionError extends Error {
  override readonly name = "RetentionError";
  constructor(
    readonly code: RetentionErrorCode,
    message: string,
    readonly details: Record<string, string> = {},
  ) {
    super(message);
  }

  get httpStatus(): number {
    return RETENTION_ERROR_STATUS[this.code];
  }
}
