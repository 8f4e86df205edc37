import { CodedError, type OperationsErrorCode } from "../errors.js";

/*
 * Coded errors of `triage backup` and `triage restore` (STYLE.md practice 4): their codes are in
 * the one list (bot/errors.ts, OPERATIONS_ERROR_CODES); the CLI maps the family to an exit code;
 * tests branch on `code`, never on the message.
 */

export type BackupErrorCode = Extract<OperationsErrorCode, `TRIAGE_BACKUP_${string}` | `TRIAGE_RESTORE_${string}`>;

export class BackupError extends CodedError<BackupErrorCode> {
  constructor(code: BackupErrorCode, message: string) {
    super(code, message);
    this.name = "BackupError";
  }
}
