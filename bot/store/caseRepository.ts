import { isUrgency, type Locale, type Urgency } from "../../flows/index.js";
import { decodeCaseReason } from "../cases/caseReason.js";
import type { CaseNoteRecord, CaseRecord, CaseState, CaseStatRow, CaseStore, Disposition } from "../cases/caseStore.js";
import type { PrismaStore } from "./prismaStore.js";

type CaseRow = {
  id: string;
  sessionId: string;
  urgency: string;
  flowUrgency: string | null;
  slaDeadline: Date;
  state: string;
  cause: string;
  firstReason: string | null;
  disposition: string | null;
  dispositionNote: string | null;
  openedAt: Date;
  claimedAt: Date | null;
  closedAt: Date | null;
  breachedAt: Date | null;
  patientLeftAt: Date | null;
  contactPhone: string | null;
  routing: string | null;
  assignee: { id: string; displayName: string } | null;
  session: { flowSlug: string; flowVersion: number; locale: string };
};

const INCLUDE = { assignee: { select: { id: true, displayName: true } }, session: { select: { flowSlug: true, flowVersion: true, locale: true } } } as const;

/** A level unknown to this version (edited by hand) is shown as the most urgent: never hide a case. */
const urgencyOf = (value: string): Urgency => (isUrgency(value) ? value : "EMERGENCY");

function toCase(row: CaseRow): CaseRecord {
  const record: CaseRecord = {
    id: row.id,
    sessionId: row.sessionId,
    urgency: urgencyOf(row.urgency),
    flowUrgency: urgencyOf(row.flowUrgency ?? row.urgency),
    slaDeadline: row.slaDeadline.toISOString(),
    state: row.state as CaseState,
    cause: row.cause === "patient_request" ? "patient_request" : "outcome",
    openedAt: row.openedAt.toISOString(),
    flowSlug: row.session.flowSlug,
    flowVersion: row.session.flowVersion,
    locale: row.session.locale as Locale,
  };
  if (row.assignee) record.assignee = { id: row.assignee.id, displayName: row.assignee.displayName };
  if (row.firstReason !== null) record.firstReason = decodeCaseReason(row.firstReason);
  if (row.disposition !== null) record.disposition = row.disposition as Disposition;
  if (row.dispositionNote !== null) record.dispositionNote = row.dispositionNote;
  if (row.claimedAt) record.claimedAt = row.claimedAt.toISOString();
  if (row.closedAt) record.closedAt = row.closedAt.toISOString();
  if (row.breachedAt) record.breachedAt = row.breachedAt.toISOString();
  if (row.patientLeftAt) record.patientLeftAt = row.patientLeftAt.toISOString();
  if (row.contactPhone !== null) record.contactPhone = row.contactPhone;
  if (row.routing !== null) record.routing = row.routing;
  return record;
}

/**
 * Hand-off cases on the Prisma store. Every state change is one conditional UPDATE (updateMany
 * with the expected state in its WHERE): on PostgreSQL the second of two concurrent updates waits
 * for the first's row lock and then matches nothing; on SQLite writes are serialised anyway.
 * Writes go through `writeTransaction` so SQLite's are ordered with the group commit's.
 */
export class CaseRepository implements CaseStore {
  constructor(private readonly store: Pick<PrismaStore, "prisma" | "writeTransaction">) {}

  async listActive(): Promise<CaseRecord[]> {
    const rows = await this.store.prisma.handoffCase.findMany({ where: { state: { not: "closed" } }, include: INCLUDE, orderBy: { openedAt: "desc" } });
    // A session escalated by a later outcome has two cases: the queue shows its latest.
    const seen = new Set<string>();
    return rows.filter((row) => !seen.has(row.sessionId) && seen.add(row.sessionId)).map(toCase);
  }

  async get(id: string): Promise<CaseRecord | undefined> {
    const row = await this.store.prisma.handoffCase.findUnique({ where: { id }, include: INCLUDE });
    return row ? toCase(row) : undefined;
  }

  async activeForSession(sessionId: string): Promise<CaseRecord | undefined> {
    const row = await this.store.prisma.handoffCase.findFirst({
      where: { sessionId, state: { not: "closed" } },
      include: INCLUDE,
      orderBy: { openedAt: "desc" },
    });
    return row ? toCase(row) : undefined;
  }

  async isClaimed(sessionId: string): Promise<boolean> {
    return (await this.store.prisma.handoffCase.count({ where: { sessionId, state: "claimed" } })) > 0;
  }

  async claim(id: string, userId: string, at: Date): Promise<boolean> {
    const { count } = await this.store.writeTransaction(async (tx) => {
      const won = await tx.handoffCase.updateMany({
        where: { id, state: "open", assigneeId: null },
        data: { state: "claimed", assigneeId: userId, updatedAt: at },
      });
      // The first claim is the one the SLA is measured by; a re-claim after a release keeps it.
      if (won.count === 1) await tx.handoffCase.updateMany({ where: { id, claimedAt: null }, data: { claimedAt: at } });
      return won;
    });
    return count === 1;
  }

  async release(id: string, userId: string, at: Date, slaDeadline: Date): Promise<boolean> {
    const { count } = await this.store.writeTransaction((tx) =>
      tx.handoffCase.updateMany({ where: { id, state: "claimed", assigneeId: userId }, data: { state: "open", assigneeId: null, slaDeadline, updatedAt: at } }),
    );
    return count === 1;
  }

  async setUrgency(id: string, userId: string, urgency: Urgency, at: Date, slaDeadline?: Date): Promise<boolean> {
    const data = slaDeadline ? { urgency, slaDeadline, updatedAt: at } : { urgency, updatedAt: at };
    const { count } = await this.store.writeTransaction((tx) => tx.handoffCase.updateMany({ where: { id, state: "claimed", assigneeId: userId }, data }));
    return count === 1;
  }

  async close(id: string, userId: string, disposition: Disposition, note: string | undefined, at: Date): Promise<boolean> {
    return this.store.writeTransaction(async (tx) => {
      const closed = await tx.handoffCase.updateMany({
        where: { id, state: "claimed", assigneeId: userId },
        data: { state: "closed", disposition, dispositionNote: note ?? null, closedAt: at, updatedAt: at },
      });
      if (closed.count !== 1) return false;
      const row = await tx.handoffCase.findUniqueOrThrow({ where: { id }, select: { sessionId: true } });
      // The session's earlier cases (before an escalation) end with it.
      await tx.handoffCase.updateMany({
        where: { sessionId: row.sessionId, state: { not: "closed" } },
        data: { state: "closed", disposition, closedAt: at, updatedAt: at },
      });
      return true;
    });
  }

  async dueForBreach(now: Date, limit: number): Promise<CaseRecord[]> {
    const rows = await this.store.prisma.handoffCase.findMany({
      // A patient who left is not chased: nobody waits on that case any more.
      where: { state: "open", breachedAt: null, patientLeftAt: null, slaDeadline: { lte: now } },
      include: INCLUDE,
      orderBy: { slaDeadline: "asc" },
      take: limit,
    });
    if (rows.length === 0) return [];
    // A case a later outcome escalated (a newer case of the same session) is the queue's; the older one is not chased.
    const newer = await this.store.prisma.handoffCase.findMany({
      where: { sessionId: { in: [...new Set(rows.map((r) => r.sessionId))] }, state: { not: "closed" } },
      select: { id: true, sessionId: true, openedAt: true },
      orderBy: { openedAt: "desc" },
    });
    const latest = new Map<string, string>();
    for (const row of newer) if (!latest.has(row.sessionId)) latest.set(row.sessionId, row.id);
    return rows.filter((row) => latest.get(row.sessionId) === row.id).map(toCase);
  }

  async markPatientLeft(id: string, at: Date): Promise<boolean> {
    const { count } = await this.store.writeTransaction((tx) =>
      tx.handoffCase.updateMany({ where: { id, state: { not: "closed" }, patientLeftAt: null }, data: { patientLeftAt: at, updatedAt: at } }),
    );
    return count === 1;
  }

  async setContactPhone(id: string, phone: string, at: Date): Promise<boolean> {
    const { count } = await this.store.writeTransaction((tx) =>
      tx.handoffCase.updateMany({ where: { id, state: { not: "closed" } }, data: { contactPhone: phone, updatedAt: at } }),
    );
    return count === 1;
  }

  async markBreached(id: string, at: Date): Promise<boolean> {
    const { count } = await this.store.writeTransaction((tx) =>
      tx.handoffCase.updateMany({ where: { id, state: "open", breachedAt: null }, data: { breachedAt: at, updatedAt: at } }),
    );
    return count === 1;
  }

  async addNote(note: { id: string; caseId: string; authorId: string; text: string; at: Date }): Promise<boolean> {
    return this.store.writeTransaction(async (tx) => {
      const found = await tx.handoffCase.findUnique({ where: { id: note.caseId }, select: { session: { select: { erasedAt: true } } } });
      if (found?.session.erasedAt) return false;
      await tx.caseNote.create({ data: note });
      return true;
    });
  }

  async notes(caseId: string): Promise<CaseNoteRecord[]> {
    const rows = await this.store.prisma.caseNote.findMany({
      where: { caseId },
      include: { author: { select: { id: true, displayName: true } } },
      orderBy: { at: "asc" },
    });
    return rows.map((row) => ({ id: row.id, caseId: row.caseId, author: row.author, text: row.text, at: row.at.toISOString() }));
  }

  async openedBetween(from: Date, to: Date): Promise<CaseStatRow[]> {
    const rows = await this.store.prisma.handoffCase.findMany({
      where: { openedAt: { gte: from, lt: to } },
      select: { urgency: true, flowUrgency: true, openedAt: true, slaDeadline: true, claimedAt: true, breachedAt: true, state: true },
    });
    return rows.map((row) => {
      const stat: CaseStatRow = {
        urgency: urgencyOf(row.urgency),
        flowUrgency: urgencyOf(row.flowUrgency ?? row.urgency),
        openedAt: row.openedAt.toISOString(),
        slaDeadline: row.slaDeadline.toISOString(),
        state: row.state as CaseState,
      };
      if (row.claimedAt) stat.claimedAt = row.claimedAt.toISOString();
      if (row.breachedAt) stat.breachedAt = row.breachedAt.toISOString();
      return stat;
    });
  }
}
