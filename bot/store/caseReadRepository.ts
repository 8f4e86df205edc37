import type { CaseReadStore } from "../cases/caseReads.js";
import type { PrismaStore } from "./prismaStore.js";
import { isUniqueViolation } from "./uniqueViolation.js";

/** Read marks on the Prisma store (`case_reads`, one row per clinician and case). */
export class CaseReadRepository implements CaseReadStore {
  constructor(private readonly store: Pick<PrismaStore, "prisma" | "writeTransaction">) {}

  async marksOf(userId: string): Promise<Record<string, number>> {
    const rows = await this.store.prisma.caseRead.findMany({ where: { userId, case: { state: { not: "closed" } } }, select: { caseId: true, seq: true } });
    return Object.fromEntries(rows.map((row) => [row.caseId, row.seq]));
  }

  async markRead(userId: string, caseId: string, seq: number, at: Date): Promise<boolean> {
    const write = () =>
      this.store.writeTransaction(async (tx) => {
        if ((await tx.handoffCase.count({ where: { id: caseId } })) === 0) return false;
        // The row first (an insert that does nothing when it exists), then the raise: the UPDATE
        // re-reads a row another tab just wrote, so of two marks at once the higher one stays.
        await tx.caseRead.upsert({ where: { userId_caseId: { userId, caseId } }, create: { userId, caseId, seq, updatedAt: at }, update: {} });
        await tx.caseRead.updateMany({ where: { userId, caseId, seq: { lt: seq } }, data: { seq, updatedAt: at } });
        return true;
      });
    try {
      return await write();
    } catch (error) {
      // Two tabs created the row at once (PostgreSQL): the second write now finds it.
      if (isUniqueViolation(error)) return write();
      throw error;
    }
  }
}
