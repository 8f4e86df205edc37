/** The administrator console's refusals: their codes live in the one list of bot/errors.ts. */
export { ADMIN_ERROR_CODES, AdminError, type AdminErrorCode } from "../errors.js";
