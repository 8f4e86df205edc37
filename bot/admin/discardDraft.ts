import type { DeactivationStore as TransactionStore, AppendInTransaction } from "./deactivateUser.js";
import { AdminError } from "./adminError.js";

/**
 * Given a flow's slug and the administrator acting, deletes its open draft (never a published
 * version: the delete is limited to status "draft") with a `flow.draft_discarded` admin event, in
 * one transaction. Returns the discarded draft's version number.
 */
export async function discardDraft(store: TransactionStore, append: AppendInTransaction, slug: string, actor: { email: string }, now: Date): Promise<number> {
  return store.writeTransaction(async (tx) => {
    const draft = await tx.flowVersion.findFirst({ where: { slug, status: "draft" }, select: { version: true } });
    if (!draft) throw new AdminError("ADMIN_NO_DRAFT", `flow ${slug} has no open draft`);
    await tx.flowVersion.deleteMany({ where: { slug, status: "draft" } });
    await append(tx, "admin", [{ type: "flow.draft_discarded", payload: { actor: actor.email, details: { slug, version: draft.version } } }], now.toISOString());
    return draft.version;
  });
}
