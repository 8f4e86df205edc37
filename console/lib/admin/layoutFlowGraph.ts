import dagre from "@dagrejs/dagre";
import { flowEdges, type FlowEdge } from "$wire/flowGraph";
import type { Flow } from "../../../flows/schema/flowSchema";

export interface GraphNode {
  id: string;
  label: string;
  kind: string;
  x: number;
  y: number;
  problem: boolean;
  /** An arrow target that is no node of the flow (a misspelt id) or another flow. */
  missing: boolean;
}

const WIDTH = 190;
const HEIGHT = 46;

/** Given a flow and the nodes with problems, lays its graph out top to bottom (dagre); arrows to unknown nodes get a red placeholder. */
export function layoutFlowGraph(flow: Flow, problemNodes: ReadonlySet<string>): { nodes: GraphNode[]; edges: FlowEdge[] } {
  const edges = flowEdges(flow);
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: "TB", nodesep: 24, ranksep: 48 });
  graph.setDefaultEdgeLabel(() => ({}));
  const known = new Map(flow.nodes.map((n) => [n.id, n]));
  const ids = new Set([...known.keys(), ...edges.map((e) => e.target)]);
  for (const id of ids) graph.setNode(id, { width: WIDTH, height: HEIGHT });
  for (const edge of edges) graph.setEdge(edge.source, edge.target);
  dagre.layout(graph);
  const nodes = [...ids].map((id) => {
    const placed = graph.node(id);
    const node = known.get(id);
    const kind = node ? (node.kind === "question" ? `question · ${node.type}` : node.kind === "outcome" ? `outcome · ${node.urgency}` : node.kind) : id.startsWith("flow:") ? "flow" : "missing";
    return { id, label: id, kind, x: (placed?.x ?? 0) - WIDTH / 2, y: (placed?.y ?? 0) - HEIGHT / 2, problem: problemNodes.has(id), missing: !node && !id.startsWith("flow:") };
  });
  return { nodes, edges };
}
