import type { AuditDraft } from "../engine/ports.js";
import type { TriageTx } from "../store/auditLog.js";
import { AdminError } from "./adminError.js";

/** What deactivation needs: a transaction on the store, and the admin stream's append inside it (PrismaStore + auditLog). */
export interface DeactivationStore {
  writeTransaction<T>(fn: (tx: TriageTx) => Promise<T>): Promise<T>;
}

export type AppendInTransaction = (tx: TriageTx, stream: string, drafts: AuditDraft[], at: string) => Promise<unknown>;

/**
 * Given a user id and the administrator acting, marks the account inactive and deletes every
 * console session it holds, with a `user.deactivated` admin event, in one transaction: the next
 * request with any of its cookies is anonymous (authentication also refuses inactive accounts).
 * Returns how many sessions were revoked.
 */
export async function deactivateUser(
  store: DeactivationStore,
  append: AppendInTransaction,
  userId: string,
  actor: { id: string; email: string },
  now: Date,
): Promise<number> {
  if (userId === actor.id) throw new AdminError("ADMIN_INVALID_EDIT", "you cannot deactivate your own account", { reason: "own_account" });
  return store.writeTransaction(async (tx) => {
    const updated = await tx.user.updateMany({ where: { id: userId, active: true }, data: { active: false } });
    if (updated.count === 0) throw new AdminError("ADMIN_INVALID_EDIT", "no active account with this id", { reason: "no_active_account" });
    const revoked = await tx.consoleSession.deleteMany({ where: { userId } });
    await append(
      tx,
      "admin",
      [{ type: "user.deactivated", payload: { actor: actor.email, details: { userId, sessionsRevoked: revoked.count } } }],
      now.toISOString(),
    );
    return revoked.count;
  });
}
