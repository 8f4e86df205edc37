import dagre from "@dagrejs/dagre";
import { flowEdges } from "$wire/flowGraph";
import type { Flow, FlowNode } from "../../../flows/schema/flowSchema";
import { iconKind, nodeText, textIn, truncate, type NodeIconKind } from "./nodeLabel";

export interface GraphNode {
  id: string;
  /** What the node says in the reader's language, whole (shown on focus and hover), and cut to fit the box. */
  text: string;
  shortText: string;
  icon: NodeIconKind;
  /** An outcome's level (its colour). */
  urgency?: string | undefined;
  x: number;
  y: number;
  width: number;
  height: number;
  start: boolean;
  /** The validation problems of this node, pinned on it. */
  problems: string[];
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  /** What the branch means, readable (the answer, the rule's reason), cut to fit; `title` whole. */
  label: string;
  title: string;
  /** Dagre's route and label box: labels are laid out as boxes of their own, so no two overlap. */
  points: { x: number; y: number }[];
  labelX: number;
  labelY: number;
  labelWidth: number;
  labelHeight: number;
}

export const NODE_WIDTH = 230;
const NODE_HEIGHT = 66;
const PROBLEM_HEIGHT = 22;
const LABEL_HEIGHT = 18;
const LABEL_CHARS = 26;
/** A generous width per character of the 11 px label font, so the drawn label never exceeds its laid-out box. */
const LABEL_CHAR_WIDTH = 7;

export interface GraphWords {
  /** The label of an arrow taken when no branch holds, and of a decision's "otherwise". */
  next: string;
  otherwise: string;
  yes: string;
  no: string;
}

/** Given a node and one of its branch or rule ids, returns what an administrator reads on that arrow. */
function edgeTitle(node: FlowNode | undefined, label: string, lang: string, words: GraphWords): string {
  if (!node || label === "default") return words.next;
  if (label === "otherwise") return words.otherwise;
  if (label === "handover") return "";
  if (node.kind === "question") {
    if (node.type === "yes_no" && label === `${node.id}__yes`) return words.yes;
    if (node.type === "yes_no" && label === `${node.id}__no`) return words.no;
    if (node.type === "single_choice" || node.type === "multiple_choice") {
      const option = node.options.find((o) => label === `${node.id}__${o.value}`);
      if (option) return textIn(option.label, lang) || option.value;
    }
  }
  if ("next" in node) {
    const branch = node.next.branches.find((b) => b.id === label);
    if (branch?.reason) return textIn(branch.reason, lang) || label;
  }
  if (node.kind === "decision") {
    const rule = node.rules.find((r) => r.id === label);
    if (rule) return textIn(rule.reason, lang) || label;
  }
  return label;
}

/**
 * Given a flow, its problems by node, the reader's language and the arrow words, lays its graph out
 * top to bottom with dagre, arrow labels included (dagre gives each a box of its own); arrows to
 * unknown nodes get a red placeholder.
 */
export function layoutFlowGraph(
  flow: Flow,
  problems: ReadonlyMap<string, string[]>,
  lang: string,
  words: GraphWords,
): { nodes: GraphNode[]; edges: GraphEdge[] } {
  const flowEdgeList = flowEdges(flow);
  const graph = new dagre.graphlib.Graph({ multigraph: true });
  graph.setGraph({ rankdir: "TB", nodesep: 28, ranksep: 36, edgesep: 14 });
  graph.setDefaultEdgeLabel(() => ({}));
  const known = new Map(flow.nodes.map((n) => [n.id, n]));
  const ids = new Set([...known.keys(), ...flowEdgeList.map((e) => e.target)]);
  const heightOf = (id: string) => NODE_HEIGHT + (problems.get(id)?.length ? PROBLEM_HEIGHT : 0);
  for (const id of ids) graph.setNode(id, { width: NODE_WIDTH, height: heightOf(id) });
  // Arrows between the same two nodes are drawn as one (a decision's many rules to one outcome), their labels listed in its title.
  const grouped = new Map<string, { id: string; source: string; target: string; titles: string[] }>();
  for (const e of flowEdgeList) {
    const key = `${e.source}->${e.target}`;
    const title = edgeTitle(known.get(e.source), e.label, lang, words);
    const group = grouped.get(key) ?? { id: e.id, source: e.source, target: e.target, titles: [] };
    if (!grouped.has(key)) grouped.set(key, group);
    if (title && !group.titles.includes(title)) group.titles.push(title);
  }
  const titled = [...grouped.values()].map((g) => {
    const first = g.titles[0] ?? "";
    const more = g.titles.length > 1 ? ` (+${g.titles.length - 1})` : "";
    return {
      id: g.id,
      source: g.source,
      target: g.target,
      title: g.titles.join(" · "),
      label: first ? `${truncate(first, LABEL_CHARS - more.length)}${more}` : "",
    };
  });
  for (const edge of titled) {
    const box = edge.label ? { width: edge.label.length * LABEL_CHAR_WIDTH + 12, height: LABEL_HEIGHT, labelpos: "c" } : {};
    graph.setEdge(edge.source, edge.target, box, edge.id);
  }
  dagre.layout(graph);
  const nodes = [...ids].map((id): GraphNode => {
    const placed = graph.node(id);
    const node = known.get(id);
    const text = node ? nodeText(node, lang) : id.startsWith("flow:") ? id.slice("flow:".length) : "";
    const height = heightOf(id);
    return {
      id,
      text,
      shortText: truncate(text, 64),
      icon: node ? iconKind(node) : id.startsWith("flow:") ? "flow" : "missing",
      urgency: node?.kind === "outcome" ? node.urgency : undefined,
      x: (placed?.x ?? 0) - NODE_WIDTH / 2,
      y: (placed?.y ?? 0) - height / 2,
      width: NODE_WIDTH,
      height,
      start: id === flow.start,
      problems: problems.get(id) ?? [],
    };
  });
  const edges = titled.map((e): GraphEdge => {
    const placed = graph.edge({ v: e.source, w: e.target, name: e.id }) as
      { points?: { x: number; y: number }[]; x?: number; y?: number; width?: number; height?: number } | undefined;
    const points = placed?.points ?? [];
    const middle = points[Math.floor(points.length / 2)] ?? { x: 0, y: 0 };
    return {
      id: e.id,
      source: e.source,
      target: e.target,
      label: e.label,
      title: e.title,
      points,
      labelX: placed?.x ?? middle.x,
      labelY: placed?.y ?? middle.y,
      labelWidth: placed?.width ?? 0,
      labelHeight: placed?.height ?? 0,
    };
  });
  return { nodes, edges };
}
