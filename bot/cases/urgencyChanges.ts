import { isUrgency, type Urgency } from "../../flows/index.js";

/** A clinician's change of a case's urgency, as the case page shows it (issue 24, item 5). */
export interface UrgencyChangeView {
  at: string;
  from: Urgency;
  to: Urgency;
  reason: string;
  userId: string;
  /** Older events carry no name: the page then says "a clinician". */
  displayName?: string;
}

/** What reads a session's audit chain (the Prisma store; the in-memory store has none). */
export interface AuditReader {
  readAuditEvents(stream: string, afterSeq: number, limit?: number): Promise<{ seq: number; type: string; at: string; payload: unknown }[]>;
}

const PAGE = 1000;

/**
 * Given a session's audit chain, returns its clinicians' urgency changes with their written
 * reasons, oldest first. The reason lives only in the session's chain (never the admin stream);
 * an erased payload (no reason left) is skipped.
 */
export async function readUrgencyChanges(audit: AuditReader, sessionId: string): Promise<UrgencyChangeView[]> {
  const changes: UrgencyChangeView[] = [];
  for (let after = 0; ;) {
    const page = await audit.readAuditEvents(sessionId, after, PAGE);
    for (const event of page) {
      if (event.type !== "clinician.urgency_changed") continue;
      const p = (event.payload ?? {}) as Record<string, unknown>;
      if (!isUrgency(p.from) || !isUrgency(p.to) || typeof p.reason !== "string") continue;
      const change: UrgencyChangeView = { at: event.at, from: p.from, to: p.to, reason: p.reason, userId: typeof p.userId === "string" ? p.userId : "" };
      if (typeof p.displayName === "string") change.displayName = p.displayName;
      changes.push(change);
    }
    if (page.length < PAGE) break;
    after = page.at(-1)!.seq;
  }
  return changes;
}

/** True when a store can read audit chains. */
export function isAuditReader(store: object): store is AuditReader {
  return typeof (store as Partial<AuditReader>).readAuditEvents === "function";
}
