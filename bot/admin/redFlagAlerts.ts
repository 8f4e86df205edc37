import type { Condition, Flow, LocalizedText, RedFlag } from "../../flows/schema/flowSchema.js";
import { isUrgency, urgencyRank } from "../../flows/urgency.js";

/**
 * A red flag the new version removes or weakens: the publish page shows these first, in red,
 * since an administrator could otherwise drop a safety net unnoticed (issue 24, item 14).
 * `lowered`: its outcome is less urgent (or no longer an outcome); `condition`: what it reads
 * changed, which may make it fire less often.
 */
export interface RedFlagAlert {
  flag: string;
  reason: "removed" | "lowered" | "condition";
  /** The red flag's reason as published: what it protected the patient from. */
  text: LocalizedText;
  /** The level of its outcome as published, and in the new version (absent when removed or not an outcome). */
  from?: string;
  to?: string;
  before?: Condition;
  after?: Condition;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The urgency of the outcome node `id` in `flow`, if it is one. */
function levelOf(flow: Flow, id: string): string | undefined {
  const node = flow.nodes.find((n) => n.id === id);
  return node?.kind === "outcome" ? node.urgency : undefined;
}

/** True when `to` is less urgent than `from`, or nothing where `from` was a level. */
function lowered(from: string | undefined, to: string | undefined): boolean {
  if (from === undefined || from === to) return false;
  if (to === undefined) return true;
  return isUrgency(from) && isUrgency(to) && urgencyRank(to) > urgencyRank(from);
}

/** Given the published version and the next one, returns each red flag removed or weakened. */
export function redFlagAlerts(previous: Flow | undefined, next: Flow): RedFlagAlert[] {
  if (!previous) return [];
  const now = new Map(next.redFlags.map((flag) => [flag.id, flag]));
  const alerts: RedFlagAlert[] = [];
  for (const old of previous.redFlags) {
    const from = levelOf(previous, old.outcome);
    const flag: RedFlag | undefined = now.get(old.id);
    if (!flag) {
      alerts.push({ flag: old.id, reason: "removed", text: old.reason, ...(from ? { from } : {}), before: old.when });
      continue;
    }
    // The outcome node itself may have been lowered while the red flag is unchanged.
    const to = levelOf(next, flag.outcome);
    if (lowered(from, to)) alerts.push({ flag: old.id, reason: "lowered", text: old.reason, ...(from ? { from } : {}), ...(to ? { to } : {}) });
    if (!same(old.when, flag.when)) alerts.push({ flag: old.id, reason: "condition", text: old.reason, before: old.when, after: flag.when });
  }
  return alerts;
}
