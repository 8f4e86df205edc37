import { deleteDraftIfUnchanged, isStaleDraft } from "../store/flowVersions.js";
import type { DeactivationStore as TransactionStore, AppendInTransaction } from "./deactivateUser.js";
import { AdminError } from "./adminError.js";
import { draftConflict } from "./draftConflict.js";

/**
 * Given a flow's slug and the administrator acting, deletes its open draft (never a published
 * version: the delete is limited to status "draft") with a `flow.draft_discarded` admin event, in
 * one transaction. With `revision` (the draft the administrator saw), a draft changed meanwhile is
 * kept and the discard refused (ADMIN_DRAFT_CONFLICT, issue 7). Returns the discarded version.
 */
export async function discardDraft(
  store: TransactionStore,
  append: AppendInTransaction,
  slug: string,
  actor: { email: string },
  now: Date,
  revision?: string,
): Promise<number> {
  try {
    return await store.writeTransaction(async (tx) => {
      const version = await deleteDraftIfUnchanged(tx, slug, revision);
      if (version === undefined) throw new AdminError("ADMIN_NO_DRAFT", `flow ${slug} has no open draft`);
      await append(tx, "admin", [{ type: "flow.draft_discarded", payload: { actor: actor.email, details: { slug, version } } }], now.toISOString());
      return version;
    });
  } catch (thrown) {
    if (isStaleDraft(thrown)) throw draftConflict("discard");
    throw thrown;
  }
}
