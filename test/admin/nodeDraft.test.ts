import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { putNode } from "../../bot/admin/putFlowNode.js";
import { optionTargets } from "../../bot/admin/editFlowNode.js";
import { fromDraft, newNode, NODE_KINDS, QUESTION_TYPES, toDraft } from "../../console/lib/admin/nodeDraft.js";
import { nodeSchema } from "../../flows/index.js";
import { shippedFlow } from "./adminFixtures.js";

/*
 * The node form's working copy: saving a node untouched gives back the same flow (the form never
 * alters what the administrator did not edit), and every kind and question type can be created.
 */

const slugs = readdirSync(new URL("../../flows/library/", import.meta.url))
  .filter((f) => f.endsWith(".json"))
  .map((f) => f.replace(/\.json$/, ""));

describe("the node form's working copy", () => {
  it.each(slugs)("saves every node of %s unchanged when nothing was edited", (slug) => {
    const flow = shippedFlow(slug);
    for (const node of flow.nodes) {
      const posted = fromDraft(toDraft(node, optionTargets(node)));
      const saved = putNode(flow, JSON.parse(JSON.stringify(posted.node)), { replaces: node.id, targets: posted.targets });
      expect(
        saved.nodes.find((n) => n.id === node.id),
        `${slug} ${node.id}`,
      ).toEqual(node);
    }
  });

  it.each([...NODE_KINDS.filter((k) => k !== "question").map((k) => [k, undefined] as const), ...QUESTION_TYPES.map((t) => ["question", t] as const)])(
    "creates a new %s %s node the schema accepts once its required fields are filled",
    (kind, type) => {
      const flow = shippedFlow("headache");
      const node = newNode(flow, "new_node", kind, type);
      if (node.kind === "question" && node.type === "number") node.unit.symbol = "°C";
      const saved = putNode(flow, node);
      expect(nodeSchema.safeParse(saved.nodes.at(-1)).success).toBe(true);
      expect(saved.nodes.at(-1)).toMatchObject({ id: "new_node", kind, ...(type ? { type } : {}) });
    },
  );
});
