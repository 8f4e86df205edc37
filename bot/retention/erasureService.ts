import type { Bus } from "../engine/ports.js";
import type { PrismaStore } from "../store/prismaStore.js";
import { eraseSession, type ErasureSummary } from "./eraseSession.js";
import { RetentionError } from "./retentionError.js";

/** Erasure for the console (administrators only: the route checks the role). */
export interface ErasureService {
  /** Erases the session once `confirm` repeats its id (audited as `session.erased` by `actor`); live case views reload. */
  erase(sessionId: string, options: { actor: string; confirm: string }): Promise<ErasureSummary>;
  /** When the session's health data was erased, if it was. */
  erasedAt(sessionId: string): Promise<string | undefined>;
}

export interface ErasureServiceDeps {
  store: Pick<PrismaStore, "writeTransaction" | "prisma" | "kind">;
  bus?: Bus;
}

/** Given the store (and the bus, for open case pages), returns the console's erasure service. */
export function createErasureService(deps: ErasureServiceDeps): ErasureService {
  return {
    async erase(sessionId, { actor, confirm }) {
      // Typed again, not clicked: an erasure cannot be undone.
      if (confirm !== sessionId)
        throw new RetentionError("TRIAGE_ERASURE_NOT_CONFIRMED", "type the session id to confirm the erasure", { sessionId: sessionId.slice(0, 128) });
      const summary = await eraseSession(deps.store, sessionId, { actor });
      if (!summary.alreadyErased && deps.bus) {
        const cases = await deps.store.prisma.handoffCase.findMany({ where: { sessionId }, select: { id: true } });
        for (const found of cases) await deps.bus.publish({ type: "case.updated", caseId: found.id, sessionId });
      }
      return summary;
    },
    async erasedAt(sessionId) {
      const found = await deps.store.prisma.session.findUnique({ where: { id: sessionId }, select: { erasedAt: true } });
      return found?.erasedAt?.toISOString();
    },
  };
}
