import type { Urgency } from "../../flows/index.js";

/**
 * What the on-call webhook receives when a case breached its SLA: ids, codes, numbers and a link,
 * never anything the patient wrote (the receiver may be a chat tool or a pager outside the clinic).
 */
export interface OncallAlert {
  event: "case.sla_breached";
  caseId: string;
  urgency: Urgency;
  flow: string;
  waitingMinutes: number;
  slaDeadline: string;
  consoleUrl: string;
}

/** What the alert reads of a case (a CaseRecord has it; notify stays below the cases' layer). */
export interface BreachedCase {
  id: string;
  urgency: Urgency;
  flowSlug: string;
  openedAt: string;
  slaDeadline: string;
}

/** Given a breached case, the time and the console's base URL, returns the alert's payload. */
export function oncallAlert(found: BreachedCase, now: Date, consoleBaseUrl: string): OncallAlert {
  return {
    event: "case.sla_breached",
    caseId: found.id,
    urgency: found.urgency,
    flow: found.flowSlug,
    waitingMinutes: Math.max(0, Math.round((now.getTime() - Date.parse(found.openedAt)) / 60_000)),
    slaDeadline: found.slaDeadline,
    consoleUrl: `${consoleBaseUrl.replace(/\/$/, "")}/console/cases/${encodeURIComponent(found.id)}`,
  };
}
