import { urgencyRank, type Urgency } from "../../flows/index.js";

/** Where a case stands in the waiting queue: served by level, then the earlier deadline, then the earlier arrival. */
export interface QueuePlace {
  urgency: Urgency;
  /** ISO times, all written by toISOString: they sort as text, without the cost of a collation. */
  slaDeadline: string;
  openedAt: string;
}

const textOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Negative when `a` is served before `b`, positive after, 0 for the same place (the database's RANK() order: waitingQueueReads.ts). */
export function compareQueue(a: QueuePlace, b: QueuePlace): number {
  return urgencyRank(a.urgency) - urgencyRank(b.urgency) || textOrder(a.slaDeadline, b.slaDeadline) || textOrder(a.openedAt, b.openedAt);
}
