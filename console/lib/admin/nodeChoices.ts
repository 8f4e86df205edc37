import type { Flow } from "../../../flows/schema/flowSchema";
import { nodeText, truncate } from "./nodeLabel";

/** One node a picker offers: its id and what the administrator reads ("id · question text"). */
export interface NodeChoice {
  id: string;
  label: string;
}

/** Given a flow, a language and the node being edited, returns the nodes a "goes to" picker offers (not the node itself). */
export function nodeChoices(flow: Flow, lang: string, self?: string): NodeChoice[] {
  return flow.nodes
    .filter((n) => n.id !== self)
    .map((n) => {
      const text = nodeText(n, lang);
      return { id: n.id, label: text ? `${n.id} · ${truncate(text, 60)}` : n.id };
    });
}
