import type { UrgencyChangeView } from "../../../../bot/cases/urgencyChanges.js";
import type { ConsoleTexts } from "../i18n";

/** Who changed a case's urgency, as the reader sees it: "you", the clinician's name, or "a clinician" for older events. */
export function changedBy(change: UrgencyChangeView, me: string, t: ConsoleTexts): string {
  return change.userId === me ? t.caseView.you : (change.displayName ?? t.caseView.someClinician);
}
