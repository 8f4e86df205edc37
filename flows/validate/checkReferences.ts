import { describeNode, nodePath, type FlowIndex } from "./flowIndex.js";
import { problem, type Problem } from "./problem.js";

/** One place a flow names another node: where it is, and whether the target must be an outcome. */
export interface NodeReference {
  from?: string;
  rule?: string;
  target: string;
  path: string;
  /** How the message names the referring field, e.g. `branch to_pain of node age`. */
  label: string;
  outcomeOnly: boolean;
}

/** Every node reference in the flow: branch `to`, `next.default`, decision and red-flag outcomes. */
export function nodeReferences(index: FlowIndex): NodeReference[] {
  const refs: NodeReference[] = [];
  index.flow.nodes.forEach((node, i) => {
    const at = `nodes[${i}]`;
    if ("next" in node) {
      node.next.branches.forEach((b, j) =>
        refs.push({
          from: node.id,
          rule: b.id,
          target: b.to,
          path: `${at}.next.branches[${j}].to`,
          label: `branch ${b.id} of ${describeNode(node)}`,
          outcomeOnly: false,
        }),
      );
      if (node.next.default !== undefined) {
        refs.push({ from: node.id, target: node.next.default, path: `${at}.next.default`, label: `next.default of ${describeNode(node)}`, outcomeOnly: false });
      }
    }
    if (node.kind === "decision") {
      node.rules.forEach((r, j) =>
        refs.push({
          from: node.id,
          rule: r.id,
          target: r.outcome,
          path: `${at}.rules[${j}].outcome`,
          label: `rule ${r.id} of decision ${node.id}`,
          outcomeOnly: true,
        }),
      );
      const o = node.otherwise;
      refs.push({
        from: node.id,
        rule: o.id,
        target: o.outcome,
        path: `${at}.otherwise.outcome`,
        label: `otherwise (${o.id}) of decision ${node.id}`,
        outcomeOnly: true,
      });
    }
  });
  index.flow.redFlags.forEach((rf, k) =>
    refs.push({ rule: rf.id, target: rf.outcome, path: `redFlags[${k}].outcome`, label: `red flag ${rf.id}`, outcomeOnly: true }),
  );
  return refs;
}

/** Duplicate ids, an unknown start, references to unknown nodes (or to non-outcomes where an outcome is due), carry ids, self-handovers. */
export function checkReferences(index: FlowIndex): Problem[] {
  const { flow, byId } = index;
  const problems: Problem[] = [];
  const seen = new Set<string>();
  flow.nodes.forEach((node, i) => {
    if (seen.has(node.id)) {
      problems.push(
        problem("duplicate-node-id", `node id "${node.id}" is used by more than one node (nodes[${index.positionOf.get(node.id)}] and nodes[${i}])`, {
          node: node.id,
          path: `nodes[${i}].id`,
        }),
      );
    }
    seen.add(node.id);
  });
  if (!byId.has(flow.start)) {
    problems.push(problem("unknown-start", `start names "${flow.start}", which is no node of this flow`, { path: "start" }));
  }
  for (const ref of nodeReferences(index)) {
    const target = byId.get(ref.target);
    const where = { node: ref.from, rule: ref.rule, path: ref.path };
    if (!target) {
      problems.push(problem("unknown-node-reference", `${ref.label} goes to "${ref.target}", which is no node of this flow`, where));
    } else if (ref.outcomeOnly && target.kind !== "outcome") {
      problems.push(problem("not-an-outcome", `${ref.label} must lead to an outcome, but "${ref.target}" is a ${target.kind} node`, where));
    }
  }
  for (const node of flow.nodes) {
    if (node.kind !== "handover") continue;
    if (node.flow === flow.slug) {
      problems.push(
        problem("self-handover", `handover ${node.id} hands over to its own flow "${flow.slug}"`, { node: node.id, path: nodePath(index, node.id, ".flow") }),
      );
    }
    node.carry.forEach((id, j) => {
      if (!index.answerIds.has(id)) {
        problems.push(
          problem("unknown-answer-reference", `handover ${node.id} carries "${id}", which is no question or score of this flow`, {
            node: node.id,
            path: nodePath(index, node.id, `.carry[${j}]`),
          }),
        );
      }
    });
  }
  return problems;
}
