import type { Flow, FlowNode } from "../../flows/index.js";

/** What changed between two versions of a flow, node by node (outcomes flagged), plus red flags and metadata. */
export interface FlowDiff {
  added: NodeChange[];
  removed: NodeChange[];
  changed: NodeChange[];
  redFlags: { added: string[]; removed: string[]; changed: string[] };
  /** Top-level fields (title, start, locales...) whose value differs. */
  metadata: string[];
}

export interface NodeChange {
  id: string;
  kind: FlowNode["kind"];
  outcome: boolean;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const change = (node: FlowNode): NodeChange => ({ id: node.id, kind: node.kind, outcome: node.kind === "outcome" });

function byId<T extends { id: string }>(items: readonly T[]): Map<string, T> {
  return new Map(items.map((item) => [item.id, item]));
}

/** Given the previous version (or none) and the next one, returns what was added, removed and changed. */
export function diffFlows(previous: Flow | undefined, next: Flow): FlowDiff {
  const before = byId(previous?.nodes ?? []);
  const after = byId(next.nodes);
  const diff: FlowDiff = { added: [], removed: [], changed: [], redFlags: { added: [], removed: [], changed: [] }, metadata: [] };
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
      if (key === "nodes" || key === "redFlags" || key === "version") continue;
      if (!same((previous as Record<string, unknown>)[key], (next as Record<string, unknown>)[key])) diff.metadata.push(key);
    }
  }
  return diff;
}

/** True when the diff holds no change at all. */
export function isEmptyDiff(diff: FlowDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length + diff.metadata.length + diff.redFlags.added.length + diff.redFlags.removed.length + diff.redFlags.changed.length === 0;
}
