import { textSchema, type Locale } from "../../flows/index.js";
import type { CaseReason } from "./encodeCaseReason.js";

/*
 * A case's first reason (handoff_cases.first_reason) is stored as the flow words it, in every
 * language the flow has (JSON text such as {"en":"...","fr":"..."}), and resolved when read, in
 * the reader's language: a clinician reads it in theirs, whatever language the patient spoke.
 * Rows written before were one plain string in the patient's language: they are shown as stored.
 */

const storedTextSchema = textSchema.refine((text) => Object.keys(text).length > 0);

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
