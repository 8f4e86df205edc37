import { variablesOf } from "../logic/evaluateCondition.js";
import type { Flow, FlowNode } from "../schema/flowSchema.js";
import { URGENCY_LEVELS, isUrgency, type Urgency } from "../urgency.js";
import type { RedFlagScreens } from "../validate/checkRedFlagScreens.js";

/*
 * docs/flows.md, generated from the flow files (`triage flows catalogue --write`; a test fails when
 * the committed page is stale): every flow with its review status, complaint groups, the levels
 * it can end at, its red flags and its sources, so a deploying clinical team can review the library.
 */

const escape = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function levelsOf(flow: Flow): Urgency[] {
  const levels = new Set(flow.nodes.flatMap((n: FlowNode) => (n.kind === "outcome" && isUrgency(n.urgency) ? [n.urgency] : [])));
  return URGENCY_LEVELS.filter((l) => levels.has(l));
}

function outcomeLevel(flow: Flow, id: string): string {
  const node = flow.nodes.find((n) => n.id === id);
  return node?.kind === "outcome" ? node.urgency : "?";
}

/** Given the library (entry flow first if present) and its screens, returns the Markdown page. */
export function flowCatalogue(flows: readonly Flow[], screens?: RedFlagScreens): string {
  const sorted = [...flows].sort((a, b) => (a.slug === "general" ? -1 : b.slug === "general" ? 1 : a.slug.localeCompare(b.slug)));
  let out = "# Flow catalogue\n\n";
  out += "Generated from `flows/library/*.json` by `npm run triage -- flows catalogue --write`; `npm test` fails when this page is stale. ";
  out += "Every flow is marked for clinical review until the deploying clinical team has reviewed it.\n\n";
  out += "| flow | title | review | complaint groups | levels it can reach | red flags | sources |\n|---|---|---|---|---|---|---|\n";
  for (const flow of sorted) {
    const groups = screens?.flowGroups[flow.slug]?.join(", ") ?? "—";
    out += `| [${flow.slug}](#${flow.slug}) | ${escape(flow.title.en ?? flow.slug)} / ${escape(flow.title.fr ?? "")} | ${flow.review.status} | ${groups} | ${levelsOf(flow).join(", ")} | ${flow.redFlags.length} | ${flow.sources.length} |\n`;
  }
  for (const flow of sorted) {
    out += `\n## ${flow.slug}\n\n`;
    out += `**${escape(flow.title.en ?? flow.slug)}** / ${escape(flow.title.fr ?? "")} — version ${flow.version}, ${flow.review.status}.\n\n`;
    if (flow.description?.en) out += `${escape(flow.description.en)}\n\n`;
    out += `Levels it can reach: ${levelsOf(flow).join(", ")}. Questions: ${flow.nodes.filter((n) => n.kind === "question").length}.\n\n`;
    out += "Red flags (checked after every answer; the flow ends at once):\n\n| id | reads | level | reason |\n|---|---|---|---|\n";
    for (const rf of flow.redFlags)
      out += `| ${rf.id} | ${variablesOf(rf.when).join(", ")} | ${outcomeLevel(flow, rf.outcome)} | ${escape(rf.reason.en ?? "")} |\n`;
    out += "\nSources:\n\n";
    for (const source of flow.sources) out += source.url ? `- [${escape(source.title)}](${source.url})\n` : `- ${escape(source.title)}\n`;
    if (flow.review.note) out += `\nReview note: ${escape(flow.review.note)}\n`;
  }
  if (screens) {
    out += "\n## Red flags that do not depend on the path\n\n";
    out +=
      "From `flows/library/shared/redFlagScreens.json`: every flow of a group asks these before it can end below their level (`triage flows validate` checks it).\n\n";
    out += "| red flag | level | groups | asked by | source |\n|---|---|---|---|---|\n";
    for (const s of screens.screens)
      out += `| ${s.id} | ${s.level} | ${s.groups.length > 10 ? "every group" : s.groups.join(", ")}${s.population ? `, only for ${escape(s.population.description)}` : ""} | ${s.detectors.map((d) => (d.option ? `${d.question}=${d.option}` : d.question)).join(", ")} | ${escape(s.source)} |\n`;
  }
  return out;
}
