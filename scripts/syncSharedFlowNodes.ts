/**
 * Copies the shared modules of flows/library/shared into every shipped flow: the danger_signs
 * question, the global red flags, the demographic questions and the mental-health emergency
 * outcome. Each flow keeps its own `next`. Run after editing a shared module:
 *   npx tsx scripts/syncSharedFlowNodes.ts
 * The library tests fail while a copy differs from its module.
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

type Json = Record<string, unknown>;

const LIBRARY = join(import.meta.dirname, "../flows/library");
const read = (path: string): Json => JSON.parse(readFileSync(path, "utf8"));

const dangerSigns = read(join(LIBRARY, "shared/dangerSigns.json"));
const demographics = read(join(LIBRARY, "shared/demographics.json"));
const mentalHealth = read(join(LIBRARY, "shared/mentalHealthEmergency.json"));

/** Shared nodes by id; a question keeps the flow's own `next`. */
const sharedNodes = new Map<string, Json>([
  [(dangerSigns.question as Json).id as string, dangerSigns.question as Json],
  ...(demographics.questions as Json[]).map((q) => [q.id as string, q] as [string, Json]),
  [(mentalHealth.outcome as Json).id as string, mentalHealth.outcome as Json],
]);
const sharedRedFlags = new Map((dangerSigns.redFlags as Json[]).map((rf) => [rf.id as string, rf]));

/** Given a flow, returns it with every shared node and red flag replaced by its module's copy. */
export function syncFlow(flow: Json): Json {
  const nodes = (flow.nodes as Json[]).map((node) => {
    const shared = sharedNodes.get(node.id as string);
    if (!shared) return node;
    return "next" in node ? { ...shared, next: node.next } : { ...shared };
  });
  const redFlags = (flow.redFlags as Json[]).map((rf) => sharedRedFlags.get(rf.id as string) ?? rf);
  return { ...flow, nodes, redFlags };
}

const changed: string[] = [];
for (const file of readdirSync(LIBRARY)
  .filter((f) => f.endsWith(".json"))
  .sort()) {
  const path = join(LIBRARY, file);
  const before = readFileSync(path, "utf8");
  const after = `${JSON.stringify(syncFlow(JSON.parse(before)), null, 2)}\n`;
  if (after !== before) {
    writeFileSync(path, after);
    changed.push(file);
  }
}
console.log(changed.length ? `updated: ${changed.join(", ")}` : "every flow already matches the shared modules");
