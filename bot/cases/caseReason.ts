import { textSchema, type Locale, type LocalizedText } from "../../flows/index.js";

/*
 * A case's first reason (handoff_cases.first_reason) is stored as the flow words it, in every
 * language the flow has (JSON text such as {"en":"...","fr":"..."}), and resolved when read, in
 * the reader's language: a clinician reads it in theirs, whatever language the patient spoke.
 * Rows written before were one plain string in the patient's language: they are shown as stored.
 */

/** A case's first reason as read from storage: the text per language, or a plain string (an older row). */
export type CaseReason = LocalizedText | string;

const storedTextSchema = textSchema.refine((text) => Object.keys(text).length > 0);

/** Given a reason, returns the text the first_reason column stores. */
export function encodeCaseReason(reason: CaseReason): string {
  if (typeof reason === "string") return reason;
  // Fixed key order: the same reason is always the same text.
  return JSON.stringify(Object.fromEntries(Object.entries(reason).sort(([a], [b]) => a.localeCompare(b))));
}

/** Given the first_reason column's text, returns the reason: per language when it holds one, else the plain string. */
export function decodeCaseReason(stored: string): CaseReason {
  if (!stored.startsWith("{")) return stored;
  try {
    const parsed = storedTextSchema.safeParse(JSON.parse(stored));
    return parsed.success ? parsed.data : stored;
  } catch {
    return stored;
  }
}

/** Given a reason and the reader's language, returns its text: in that language, else in another the flow has; a plain string as it is. */
export function caseReasonIn(reason: CaseReason, locale: Locale): string {
  if (typeof reason === "string") return reason;
  return reason[locale] ?? reason.en ?? reason.fr ?? "";
}
