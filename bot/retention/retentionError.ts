import { refusalClass, type RetentionErrorCode } from "../errors.js";

/** A refused retention or erasure request (`httpStatus` is what the console API answers); its codes are RETENTION_ERROR_CODES of bot/errors.ts. */
export const RetentionError = refusalClass<RetentionErrorCode>("RetentionError");
export type RetentionError = InstanceType<typeof RetentionError>;
