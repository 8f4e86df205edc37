import type { Flow } from "../schema/flowSchema.js";
import { checkRedFlagScreens, type RedFlagScreens } from "./checkRedFlagScreens.js";
import { problem, type Problem } from "./problem.js";
import { validateFlow } from "./validateFlow.js";

/** One flow of a library and its problems (its own and the cross-flow ones). */
export interface LibraryFlowReport {
  slug: string;
  version: number;
  problems: Problem[];
}

export interface LibraryValidation {
  ok: boolean;
  /** One report per input flow, in the input order. */
  flows: LibraryFlowReport[];
}

/** For each slug, the answer ids some handover in the library carries into it. */
export function carriedInto(flows: readonly Flow[]): Map<string, string[]> {
  const carried = new Map<string, Set<string>>();
  for (const flow of flows) {
    for (const node of flow.nodes) {
      if (node.kind !== "handover") continue;
      const ids = carried.get(node.flow) ?? new Set<string>();
      node.carry.forEach((id) => ids.add(id));
      carried.set(node.flow, ids);
    }
  }
  return new Map([...carried].map(([slug, ids]) => [slug, [...ids]]));
}

/**
 * Given the flows of a library, validates each one (a handover target may read the answers
 * carried into it) and the links between them: every handover must name a flow of the library.
 * With the library's red-flag screens, also checks that no flow can end below a red flag of its
 * complaint groups without asking it, and that catch-alls reach both ends of the scale.
 */
export function validateLibrary(flows: readonly Flow[], options: { screens?: RedFlagScreens } = {}): LibraryValidation {
  const slugs = new Set(flows.map((f) => f.slug));
  const carried = carriedInto(flows);
  const reports = flows.map((flow): LibraryFlowReport => {
    const own = validateFlow(flow, { externalAnswers: carried.get(flow.slug) ?? [] });
    const problems = own.ok ? [] : [...own.problems];
    flow.nodes.forEach((node, i) => {
      if (node.kind === "handover" && node.flow !== flow.slug && !slugs.has(node.flow)) {
        problems.push(
          problem("unknown-flow", `handover ${node.id} hands over to flow "${node.flow}", which is not in the library`, {
            node: node.id,
            path: `nodes[${i}].flow`,
          }),
        );
      }
    });
    if (options.screens) problems.push(...checkRedFlagScreens(flow, options.screens));
    return { slug: flow.slug, version: flow.version, problems };
  });
  return { ok: reports.every((r) => r.problems.length === 0), flows: reports };
}
