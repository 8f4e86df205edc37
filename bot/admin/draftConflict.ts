import { AdminError } from "./adminError.js";

/** What the administrator was doing when the draft turned out to have changed under them. */
export type DraftAction = "save" | "publish" | "discard";

const MESSAGES: Record<DraftAction, string> = {
  save: "this draft was changed by someone else since you opened it: reload to see their changes",
  publish: "this draft was changed by someone else since you reviewed it: nothing was published; reload to review the current diff",
  discard: "this draft was changed by someone else since you opened it: nothing was discarded; reload to see their changes",
};

/** The 409 refusal of an action based on a draft revision that is no longer the stored one (issue 7). */
export function draftConflict(action: DraftAction): AdminError {
  return new AdminError("ADMIN_DRAFT_CONFLICT", MESSAGES[action], { action });
}
