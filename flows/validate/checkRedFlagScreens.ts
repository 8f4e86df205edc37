import { z } from "zod";
import { conditionSchema, slugSchema, urgencySchema, type Condition, type Flow, type FlowNode } from "../schema/flowSchema.js";
import { variablesOf } from "../logic/evaluateCondition.js";
import { isUrgency, urgencyRank, type Urgency } from "../urgency.js";
import { gatedLowerOutcomes } from "./populationGate.js";
import { problem, type Problem } from "./problem.js";

/*
 * Red flags that do not depend on the path (flows/library/shared/redFlagScreens.json): the library
 * sorts its flows into complaint groups and lists, per group, the red flags a flow of that group
 * must ask before it may end below their level. A red flag is "asked" by any of its detectors: a
 * question (by id, optionally one option of it) that can reveal it. The check is a graph search
 * on the flow's JSON: with every detector question removed, no outcome below the red flag's level
 * may remain reachable from the start. So a red flag hidden behind one branch (asked only when
 * the patient picks one complaint) is found, whichever path hides it. A screen may apply only to a
 * population (a JSON Logic condition on answers such as sex, age or pregnancy): then a path where the
 * flow's own answers show the patient is outside it needs no detector, and a path that never asked
 * the gate's questions must ask the red flag (flows/validate/populationGate.ts).
 */

export const redFlagScreensSchema = z.object({
  $comment: z.string().optional(),
  /** Complaint groups of each flow of the library; a flow missing here is reported. */
  flowGroups: z.record(slugSchema, z.array(z.string().min(1)).min(1)),
  /** Outcomes of a flow the screens do not apply to, with the clinical reason (reviewed like the rest). */
  exemptOutcomes: z.record(slugSchema, z.object({ outcomes: z.array(z.string().min(1)).min(1), reason: z.string().min(10) })).default({}),
  screens: z
    .array(
      z.object({
        id: z.string().min(1),
        level: urgencySchema,
        groups: z.array(z.string().min(1)).min(1),
        source: z.string().min(3),
        /** Only patients for whom this holds need the red flag; the flow must ask what decides it. */
        population: z.object({ description: z.string().min(3), when: conditionSchema }).optional(),
        /** Questions that ask for this red flag; any one of them on the path is enough. */
        detectors: z.array(z.object({ question: z.string().min(1), option: z.string().optional() })).min(1),
      }),
    )
    .default([]),
  /** Catch-all entries (flow, node) that must be able to reach both ends of the scale. */
  catchAlls: z.array(z.object({ flow: slugSchema, node: z.string().min(1) })).default([]),
});
export type RedFlagScreens = z.infer<typeof redFlagScreensSchema>;

/** The node ids each node can go to next; red-flag exits (after the questions each reads) when asked for. */
function successors(flow: Flow, withRedFlags: boolean): Map<string, string[]> {
  // A red flag can only start to hold right after one of the questions it reads is answered.
  const exitsAfter = new Map<string, string[]>();
  for (const rf of flow.redFlags) for (const id of variablesOf(rf.when)) exitsAfter.set(id, [...(exitsAfter.get(id) ?? []), rf.outcome]);
  const next = new Map<string, string[]>();
  for (const node of flow.nodes) {
    const targets: string[] = [];
    if ("next" in node) {
      targets.push(...node.next.branches.map((b) => b.to));
      if (node.next.default) targets.push(node.next.default);
    }
    if (node.kind === "decision") targets.push(...node.rules.map((r) => r.outcome), node.otherwise.outcome);
    if (withRedFlags && node.kind === "question") targets.push(...(exitsAfter.get(node.id) ?? []));
    next.set(node.id, targets);
  }
  return next;
}

/** Node ids reachable from `from` without entering a node of `blocked`. */
function reachable(flow: Flow, from: string, blocked: ReadonlySet<string>, withRedFlags = true): Set<string> {
  const next = successors(flow, withRedFlags);
  const seen = new Set<string>();
  const pending = blocked.has(from) ? [] : [from];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    for (const to of next.get(id) ?? []) if (!blocked.has(to) && !seen.has(to)) pending.push(to);
  }
  return seen;
}

function outcomeLevel(node: FlowNode | undefined): Urgency | undefined {
  return node?.kind === "outcome" && isUrgency(node.urgency) ? node.urgency : undefined;
}

/** A detector is in the flow when the question exists and, if an option is named, offers it. */
function detectorNodes(flow: Flow, detectors: RedFlagScreens["screens"][number]["detectors"]): Set<string> {
  const found = new Set<string>();
  for (const d of detectors) {
    const node = flow.nodes.find((n) => n.id === d.question);
    if (node?.kind !== "question") continue;
    if (d.option !== undefined && !("options" in node && node.options.some((o) => o.value === d.option))) continue;
    found.add(node.id);
  }
  return found;
}

/** Given a flow and the library's screens, returns the red flags it can skip on a path to a lower outcome, and an unclassified or capped flow. */
export function checkRedFlagScreens(flow: Flow, screens: RedFlagScreens): Problem[] {
  const problems: Problem[] = [];
  const groups = screens.flowGroups[flow.slug];
  if (!groups) {
    problems.push(
      problem("unclassified-flow", `flow ${flow.slug} has no complaint groups in redFlagScreens.json, so no one can tell which red flags it must ask`),
    );
    return problems;
  }
  const byId = new Map(flow.nodes.map((n) => [n.id, n]));
  for (const screen of screens.screens.filter((s) => s.groups.some((g) => groups.includes(g)))) {
    const detectors = detectorNodes(flow, screen.detectors);
    const exempt = new Set(screens.exemptOutcomes[flow.slug]?.outcomes ?? []);
    const isLower = (node: FlowNode | undefined) => {
      if (!node || exempt.has(node.id)) return false;
      const level = outcomeLevel(node);
      return level !== undefined && urgencyRank(level) > urgencyRank(screen.level);
    };
    const lower = screen.population
      ? gatedLowerOutcomes(flow, screen.population.when as Condition, detectors, isLower)
      : [...reachable(flow, flow.start, detectors)].filter((id) => isLower(byId.get(id)));
    if (lower.length > 0) {
      const asks = screen.detectors.map((d) => (d.option ? `${d.question}=${d.option}` : d.question)).join(" or ");
      const who = screen.population ? ` for ${screen.population.description} (ask what decides it before any lower outcome)` : "";
      problems.push(
        problem(
          "red-flag-not-asked",
          `red flag ${screen.id} (${screen.level}, complaint group ${screen.groups.filter((g) => groups.includes(g)).join(", ")}) is never asked on some path to ${lower.join(", ")}: ask ${asks} on every path${who} (${screen.source})`,
          { rule: screen.id, node: lower[0] },
        ),
      );
    }
  }
  for (const entry of screens.catchAlls.filter((c) => c.flow === flow.slug)) {
    // The catch-all's own branches and decisions only: a red flag answered before it proves nothing about it.
    const levels = new Set(
      [...reachable(flow, entry.node, new Set(), false)].map((id) => outcomeLevel(byId.get(id))).filter((l): l is Urgency => l !== undefined),
    );
    const missing = (["EMERGENCY", "SELF_CARE"] as const).filter((l) => !levels.has(l));
    if (missing.length > 0)
      problems.push(
        problem(
          "catch-all-capped",
          `the catch-all from ${entry.node} cannot reach ${missing.join(" or ")}: a patient whose problem has no flow must be able to end at either end of the scale`,
          { node: entry.node },
        ),
      );
  }
  return problems;
}
