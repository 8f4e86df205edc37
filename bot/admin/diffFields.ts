import { LOCALES } from "../../flows/schema/flowSchema.js";

/*
 * A field-by-field difference of two JSON values of a flow (a node, a red flag, the flow's
 * settings), each difference with its old and new value, so the publish page can show the old
 * and new wording side by side (issue 24, item 14). Texts, conditions, levels and targets are
 * kept whole: a condition or a fr/en text is one change, not a scatter of inner keys.
 */

export type FieldKind = "text" | "condition" | "urgency" | "routing" | "target" | "order" | "value";

export interface FieldChange {
  /** Where inside the item: `text`, `options[fever].label`, `next.branches[high_temp].when`. */
  path: string;
  kind: FieldKind;
  change: "added" | "removed" | "changed";
  before?: unknown;
  after?: unknown;
}

/** Keys whose value is read as one thing, whatever its shape. */
const KIND_BY_KEY: Record<string, FieldKind> = {
  when: "condition",
  urgency: "urgency",
  routing: "routing",
  to: "target",
  default: "target",
  outcome: "target",
  flow: "target",
  start: "target",
};

type Json = Record<string, unknown>;

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const isObject = (v: unknown): v is Json => v !== null && typeof v === "object" && !Array.isArray(v);

/** A fr/en text: an object whose every key is a locale and every value a string. */
function isText(v: unknown): boolean {
  if (!isObject(v)) return false;
  const entries = Object.entries(v);
  return entries.length > 0 && entries.every(([k, s]) => (LOCALES as readonly string[]).includes(k) && typeof s === "string");
}

/** The key that names an item of a list: rules, branches and groups by `id`, options by `value`. */
function keyOf(items: unknown[]): "id" | "value" | undefined {
  if (items.length === 0) return undefined;
  for (const key of ["id", "value"] as const) if (items.every((item) => isObject(item) && typeof item[key] === "string")) return key;
  return undefined;
}

const lastKey = (path: string) => path.slice(path.lastIndexOf(".") + 1).replace(/\[.*$/, "");
const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

function leaf(path: string, kind: FieldKind, before: unknown, after: unknown): FieldChange {
  const change = before === undefined ? "added" : after === undefined ? "removed" : "changed";
  return { path, kind, change, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) };
}

/**
 * Given two values (either may be undefined: added or removed), returns every difference, deepest
 * first where a value has parts; `skip` names keys not to report (an item's own id).
 */
export function diffFields(before: unknown, after: unknown, path = "", skip: readonly string[] = []): FieldChange[] {
  if (same(before, after)) return [];
  const kind = KIND_BY_KEY[lastKey(path)] ?? (isText(before) || isText(after) ? "text" : undefined);
  if (kind) return [leaf(path, kind, before, after)];
  if (isObject(before) || isObject(after)) {
    if ((before !== undefined && !isObject(before)) || (after !== undefined && !isObject(after))) return [leaf(path, "value", before, after)];
    return diffObjects((before as Json | undefined) ?? {}, (after as Json | undefined) ?? {}, path, skip);
  }
  if (Array.isArray(before) || Array.isArray(after)) {
    if ((before !== undefined && !Array.isArray(before)) || (after !== undefined && !Array.isArray(after))) return [leaf(path, "value", before, after)];
    return diffLists((before as unknown[] | undefined) ?? [], (after as unknown[] | undefined) ?? [], path);
  }
  return [leaf(path, "value", before, after)];
}

function diffObjects(before: Json, after: Json, path: string, skip: readonly string[]): FieldChange[] {
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])].filter((k) => !skip.includes(k));
  return keys.flatMap((key) => diffFields(before[key], after[key], join(path, key)));
}

/** Lists of named items are matched by name (and their order compared); other lists of objects by position; the rest whole. */
function diffLists(before: unknown[], after: unknown[], path: string): FieldChange[] {
  const key = keyOf([...before, ...after]);
  if (key) {
    const name = (item: unknown) => (item as Json)[key] as string;
    const old = new Map(before.map((item) => [name(item), item]));
    const now = new Map(after.map((item) => [name(item), item]));
    const names = [...new Set([...now.keys(), ...old.keys()])];
    const changes = names.flatMap((n) => diffFields(old.get(n), now.get(n), `${path}[${n}]`, [key]));
    // Branches are tried in order (first match wins): a new order is a change of its own.
    const kept = (list: Map<string, unknown>, other: Map<string, unknown>) => [...list.keys()].filter((n) => other.has(n));
    const order = { before: kept(old, now), after: kept(now, old) };
    if (!same(order.before, order.after)) changes.push({ path, kind: "order", change: "changed", ...order });
    return changes;
  }
  if ([...before, ...after].every(isObject)) {
    const length = Math.max(before.length, after.length);
    return Array.from({ length }, (_, i) => diffFields(before[i], after[i], `${path}[${i}]`)).flat();
  }
  return [leaf(path, "value", before.length ? before : undefined, after.length ? after : undefined)];
}
