import type { Locale } from "../../flows/index.js";
import { caseReasonIn } from "./caseReason.js";
import type { CaseRecord, CaseView } from "./caseStore.js";

/** Given a case and the reader's language, returns the case as that clinician reads it: the first reason in their language. */
export function caseInLocale(found: CaseRecord, locale: Locale): CaseView {
  const { firstReason, ...rest } = found;
  const text = firstReason === undefined ? "" : caseReasonIn(firstReason, locale);
  return text ? { ...rest, firstReason: text } : rest;
}
