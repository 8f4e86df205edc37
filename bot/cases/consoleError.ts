/** The clinician console's refusals: their codes live in the one list of bot/errors.ts. */
export { CONSOLE_ERROR_CODES, ConsoleError, type ConsoleErrorCode } from "../errors.js";
