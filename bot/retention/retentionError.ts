import { CodedError, RETENTION_ERROR_CODES } from "../errors.js";

/** Retention and erasure's codes, from the one list of bot/errors.ts. */
export const RETENTION_ERROR_STATUS = RETENTION_ERROR_CODES;

export type RetentionErrorCode = keyof typeof RETENTION_ERROR_STATUS;

/** A refused retention or erasure request (`httpStatus` is what the console API answers). */
export class RetentionError extends CodedError<RetentionErrorCode> {
  declare readonly details: Record<string, string>;

  constructor(code: RetentionErrorCode, message: string, details: Record<string, string> = {}) {
    super(code, message, details);
    this.name = "RetentionError";
  }
}
