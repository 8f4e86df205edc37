import { isUrgency, URGENCY_LEVELS, type Urgency } from "../../flows/index.js";
import type { QueueEntry, WaitingQueue } from "../cases/patientCases.js";
import type { PrismaStore } from "./prismaStore.js";

const SELECT = { id: true, sessionId: true, urgency: true, slaDeadline: true, openedAt: true, state: true, patientLeftAt: true, contactPhone: true } as const;

type Row = { id: string; sessionId: string; urgency: string; slaDeadline: Date; openedAt: Date; state: string; patientLeftAt: Date | null; contactPhone: string | null };

/** A level unknown to this version (edited by hand) ranks as the most urgent, as in the console's queue. */
const urgencyOf = (value: string): Urgency => (isUrgency(value) ? value : "EMERGENCY");

function toEntry(row: Row): QueueEntry {
  const entry: QueueEntry = {
    id: row.id,
    sessionId: row.sessionId,
    urgency: urgencyOf(row.urgency),
    slaDeadline: row.slaDeadline.toISOString(),
    openedAt: row.openedAt.toISOString(),
    state: row.state === "claimed" ? "claimed" : "open",
  };
  if (row.patientLeftAt) entry.patientLeftAt = row.patientLeftAt.toISOString();
  if (row.contactPhone !== null) entry.contactPhone = row.contactPhone;
  return entry;
}

/** The latest open case of each session (a session escalated by a later outcome has two). */
function latestPerSession(rows: Row[]): QueueEntry[] {
  const latest = new Map<string, Row>();
  for (const row of rows) {
    const seen = latest.get(row.sessionId);
    if (!seen || row.openedAt > seen.openedAt) latest.set(row.sessionId, row);
  }
  return [...latest.values()].map(toEntry);
}

const WAITING = { state: "open", patientLeftAt: null } as const;

/**
 * The patients' waiting screens read the queue here, with the few columns a place in the queue
 * needs: one patient's place is a COUNT in the database (each turn of a waiting patient asks for
 * it), never the whole queue loaded and sorted per turn, which grew with the queue (issue 23).
 */
export class WaitingQueueRepository implements WaitingQueue {
  constructor(private readonly store: Pick<PrismaStore, "prisma">) {}

  async openCases(sessionIds: readonly string[]): Promise<QueueEntry[]> {
    if (sessionIds.length === 0) return [];
    const rows = await this.store.prisma.handoffCase.findMany({ where: { sessionId: { in: [...sessionIds] }, state: { not: "closed" } }, select: SELECT });
    return latestPerSession(rows);
  }

  async waiting(): Promise<QueueEntry[]> {
    return latestPerSession(await this.store.prisma.handoffCase.findMany({ where: WAITING, select: SELECT }));
  }

  async countAhead(entry: QueueEntry): Promise<number> {
    const rank = URGENCY_LEVELS.indexOf(entry.urgency);
    const deadline = new Date(entry.slaDeadline);
    const opened = new Date(entry.openedAt);
    // The queue's order (compareQueue): more urgent first, then the earlier deadline, then the earlier arrival.
    // A case stored with an unknown level counts as EMERGENCY, so "more urgent" is "not this level or a less urgent one".
    return this.store.prisma.handoffCase.count({
      where: {
        ...WAITING,
        id: { not: entry.id },
        OR: [
          { urgency: { notIn: [...URGENCY_LEVELS.slice(rank)] } },
          { urgency: entry.urgency, slaDeadline: { lt: deadline } },
          { urgency: entry.urgency, slaDeadline: deadline, openedAt: { lt: opened } },
        ],
      },
    });
  }
}
