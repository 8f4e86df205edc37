import type { Locale } from "../../../flows/index.js";
import type { ErrorCode } from "../../errors.js";
import { errorText } from "../../errorTexts.js";

/** What to do next on Slack (its commands, its DM), after the table's text of the error. */
const NEXT: Partial<Record<ErrorCode, Record<Locale, string>>> = {
  TRIAGE_FLOW_NOT_FOUND: { fr: "Essayez `/triage` seul.", en: "Try `/triage` alone." },
  TRIAGE_SESSION_CLOSED: { fr: "Écrivez-moi pour en commencer une nouvelle.", en: "Send me a message to start a new one." },
  TRIAGE_SESSION_NOT_FOUND: { fr: "Écrivez-moi pour en commencer une nouvelle.", en: "Send me a message to start a new one." },
  TRIAGE_STORE_UNAVAILABLE: { fr: "Si vous vous sentez plus mal, appelez le numéro d'urgence.", en: "If you feel worse, call the emergency number." },
  TRIAGE_INTERNAL: { fr: "Si vous vous sentez plus mal, appelez le numéro d'urgence.", en: "If you feel worse, call the emergency number." },
};

/** The Slack door: the one table's text (bot/errorTexts.ts), followed by the next step on Slack when there is one. */
export function slackErrorText(code: ErrorCode, locale: Locale): string {
  const next = NEXT[code]?.[locale];
  return next ? `${errorText(code, locale)} ${next}` : errorText(code, locale);
}
