import type { Flow } from "../../flows/index.js";

/** One arrow of a flow's graph: from a node to the node (or other flow) it can lead to. */
export interface FlowEdge {
  id: string;
  source: string;
  target: string;
  /** The branch or rule id, or "default" / "otherwise". */
  label: string;
}

/** Given a flow, returns its arrows: branches and defaults, decision rules, handovers (to `flow:<slug>`). */
export function flowEdges(flow: Flow): FlowEdge[] {
  const edges: FlowEdge[] = [];
  const add = (source: string, target: string, label: string) => edges.push({ id: `${source}->${target}:${label}`, source, target, label });
  for (const node of flow.nodes) {
    switch (node.kind) {
      case "question":
      case "info":
      case "score":
        for (const branch of node.next.branches) add(node.id, branch.to, branch.id);
        if (node.next.default) add(node.id, node.next.default, "default");
        break;
      case "decision":
        for (const rule of node.rules) add(node.id, rule.outcome, rule.id);
        add(node.id, node.otherwise.outcome, "otherwise");
        break;
      case "handover":
        add(node.id, `flow:${node.flow}`, "handover");
        break;
      case "outcome":
        break;
    }
  }
  return edges;
}
