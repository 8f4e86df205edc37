import type { Flow, FlowNode } from "../schema/flowSchema.js";

/** A schema-valid flow with its nodes indexed, shared by every check. */
export interface FlowIndex {
  flow: Flow;
  /** Nodes by id (the first one when ids are duplicated: that is reported separately). */
  byId: ReadonlyMap<string, FlowNode>;
  /** Position of each node in `flow.nodes`, for JSON paths. */
  positionOf: ReadonlyMap<string, number>;
  /** Ids a condition may read: this flow's questions and scores, plus answers carried in. */
  answerIds: ReadonlySet<string>;
}

/** Given a schema-valid flow and the answer ids carried in from other flows, returns its index. */
export function indexFlow(flow: Flow, externalAnswers: readonly string[] = []): FlowIndex {
  const byId = new Map<string, FlowNode>();
  const positionOf = new Map<string, number>();
  flow.nodes.forEach((node, i) => {
    if (!byId.has(node.id)) {
      byId.set(node.id, node);
      positionOf.set(node.id, i);
    }
  });
  const answerIds = new Set(externalAnswers);
  for (const node of flow.nodes) if (node.kind === "question" || node.kind === "score") answerIds.add(node.id);
  return { flow, byId, positionOf, answerIds };
}

/** The JSON path of a node, `nodes[3]`, followed by `rest` when given. */
export function nodePath(index: FlowIndex, nodeId: string, rest = ""): string {
  return `nodes[${index.positionOf.get(nodeId) ?? "?"}]${rest}`;
}

/** "question pain", "outcome soon": how messages name a node. */
export function describeNode(node: FlowNode): string {
  return `${node.kind === "question" ? `${node.type.replace("_", "-")} question` : node.kind} ${node.id}`;
}
