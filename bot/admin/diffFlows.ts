import type { Flow, FlowNode } from "../../flows/index.js";
import { diffFields, type FieldChange } from "./diffFields.js";
import { redFlagAlerts, type RedFlagAlert } from "./redFlagAlerts.js";

export type { FieldChange, FieldKind } from "./diffFields.js";
export type { RedFlagAlert } from "./redFlagAlerts.js";

/** What changed between two versions of a flow, node by node (outcomes flagged), plus red flags and metadata. */
export interface FlowDiff {
  added: NodeChange[];
  removed: NodeChange[];
  changed: NodeChange[];
  redFlags: { added: string[]; removed: string[]; changed: string[] };
  /** Top-level fields (title, start, locales...) whose value differs. */
  metadata: string[];
  /** Every difference with its old and new value, grouped by node, red flag or the flow's settings. */
  details: DiffGroup[];
  /** Red flags removed or weakened, to show first (issue 24, item 14). */
  alerts: RedFlagAlert[];
}

export interface NodeChange {
  id: string;
  kind: FlowNode["kind"];
  outcome: boolean;
}

/** The differences inside one node, one red flag, or the flow's settings (`id` ""). */
export interface DiffGroup {
  scope: "node" | "redFlag" | "settings";
  id: string;
  change: "added" | "removed" | "changed";
  /** For a node: its kind. */
  kind?: FlowNode["kind"];
  fields: FieldChange[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const change = (node: FlowNode): NodeChange => ({ id: node.id, kind: node.kind, outcome: node.kind === "outcome" });

/** Keys that are not the flow's settings: diffed apart, or bumped on every publication. */
const NOT_SETTINGS = new Set(["nodes", "redFlags", "version"]);

function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id, item]));
}

/** Each item added, removed or changed between two lists, with its fields' differences. */
function groups<T extends { id: string }>(
  scope: DiffGroup["scope"],
  before: readonly T[],
  after: readonly T[],
  kindOf: (item: T) => FlowNode["kind"] | undefined,
): DiffGroup[] {
  const old = byId(before);
  const now = byId(after);
  const ids = [...new Set([...now.keys(), ...old.keys()])];
  return ids.flatMap((id) => {
    const [a, b] = [old.get(id), now.get(id)];
    // An added or removed item's kind is in the group already.
    const fields = diffFields(a, b, "", a && b ? ["id"] : ["id", "kind"]);
    if (fields.length === 0) return [];
    const kind = kindOf((b ?? a)!);
    return [{ scope, id, change: !a ? "added" : !b ? "removed" : "changed", ...(kind ? { kind } : {}), fields }];
  });
}

function settingsOf(flow: Flow): Record<string, unknown> {
  return Object.fromEntries(Object.entries(flow).filter(([key]) => !NOT_SETTINGS.has(key)));
}

/** Given the previous version (or none) and the next one, returns what was added, removed and changed. */
export function diffFlows(previous: Flow | undefined, next: Flow): FlowDiff {
  const before = byId(previous?.nodes ?? []);
  const after = byId(next.nodes);
  const diff: FlowDiff = { added: [], removed: [], changed: [], redFlags: { added: [], removed: [], changed: [] }, metadata: [], details: [], alerts: [] };
  for (const node of next.nodes) {
    const old = before.get(node.id);
    if (!old) diff.added.push(change(node));
    else if (!same(old, node)) diff.changed.push(change(node));
  }
  for (const node of previous?.nodes ?? []) if (!after.has(node.id)) diff.removed.push(change(node));
  const flagsBefore = byId(previous?.redFlags ?? []);
  const flagsAfter = byId(next.redFlags);
  for (const flag of next.redFlags) {
    const old = flagsBefore.get(flag.id);
    if (!old) diff.redFlags.added.push(flag.id);
    else if (!same(old, flag)) diff.redFlags.changed.push(flag.id);
  }
  for (const flag of previous?.redFlags ?? []) if (!flagsAfter.has(flag.id)) diff.redFlags.removed.push(flag.id);
  if (previous) {
    const keys = new Set([...Object.keys(previous), ...Object.keys(next)]);
    for (const key of [...keys].sort()) {
      if (NOT_SETTINGS.has(key)) continue;
      if (!same((previous as Record<string, unknown>)[key], (next as Record<string, unknown>)[key])) diff.metadata.push(key);
    }
    // Without a published version everything is new: the lists above say so, field details would repeat the flow.
    const settings = diffFields(settingsOf(previous), settingsOf(next));
    diff.details = [
      ...groups("redFlag", previous.redFlags, next.redFlags, () => undefined),
      ...groups("node", previous.nodes, next.nodes, (node) => node.kind),
      ...(settings.length ? [{ scope: "settings" as const, id: "", change: "changed" as const, fields: settings }] : []),
    ];
    diff.alerts = redFlagAlerts(previous, next);
  }
  return diff;
}

/** True when the diff holds no change at all. */
export function isEmptyDiff(diff: FlowDiff): boolean {
  return (
    diff.added.length +
      diff.removed.length +
      diff.changed.length +
      diff.metadata.length +
      diff.redFlags.added.length +
      diff.redFlags.removed.length +
      diff.redFlags.changed.length ===
    0
  );
}
