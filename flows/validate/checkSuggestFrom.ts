import { nodePath, type FlowIndex } from "./flowIndex.js";
import { problem, type Problem } from "./problem.js";

/** A single choice's `suggestFrom` names a free-text question of the same flow (whose answer is read for keywords). */
export function checkSuggestFrom(index: FlowIndex): Problem[] {
  const problems: Problem[] = [];
  for (const node of index.flow.nodes) {
    if (node.kind !== "question" || node.type !== "single_choice" || node.suggestFrom === undefined) continue;
    const source = index.byId.get(node.suggestFrom);
    if (source?.kind === "question" && source.type === "free_text" && source.id !== node.id) continue;
    const what = source ? `${source.kind === "question" ? `a ${source.type} question` : `a ${source.kind} node`}` : "no node";
    problems.push(
      problem(
        "invalid-suggest-from",
        `question ${node.id} suggests options from "${node.suggestFrom}", which is ${what}: it must name a free-text question of this flow`,
        { node: node.id, path: nodePath(index, node.id, ".suggestFrom") },
      ),
    );
  }
  return problems;
}
