import type { LocalizedText } from "../../flows/index.js";

/*
 * The writing half of a case's first reason (see caseReason.ts for the reading half). Kept apart,
 * with type imports only: the SQLite writer thread plans every turn with it and must not load the
 * flow language (zod schemas, XState) into its small heap for one JSON.stringify.
 */

/** A case's first reason as read from storage: the text per language, or a plain string (an older row). */
export type CaseReason = LocalizedText | string;

/** Given a reason, returns the text the first_reason column stores. */
export function encodeCaseReason(reason: CaseReason): string {
  if (typeof reason === "string") return reason;
  // Fixed key order: the same reason is always the same text.
  return JSON.stringify(Object.fromEntries(Object.entries(reason).sort(([a], [b]) => a.localeCompare(b))));
}
