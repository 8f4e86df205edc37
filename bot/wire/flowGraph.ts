/** The edges of a flow's graph, drawn by the flow editor in the browser ($wire/flowGraph). */
export { flowEdges, type FlowEdge } from "../admin/flowEdges.js";
