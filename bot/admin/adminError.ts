/** Codes of the administrator console's refusals (mapped to HTTP by console/lib/server/auth/consoleApi.ts). */
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
} as const;
export type AdminErrorCode = keyof typeof ADMIN_ERROR_CODES;

/** A refused administrator action: a stable code, its HTTP status, and details for the page. */
export class AdminError extends Error {
  constructor(
    readonly code: AdminErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "AdminError";
  }

  get httpStatus(): number {
    return ADMIN_ERROR_CODES[this.code];
  }
}
