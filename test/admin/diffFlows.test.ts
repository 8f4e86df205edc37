import { describe, expect, it } from "vitest";
import { diffFlows, isEmptyDiff } from "../../bot/admin/diffFlows.js";
import { editOutcome } from "../../bot/admin/editFlowNode.js";
import { headacheWithTravel, shippedFlow } from "./adminFixtures.js";

describe("diffFlows", () => {
  it("names the question and the outcome added, flagging the outcome, and the changed start", () => {
    const diff = diffFlows(shippedFlow("headache"), headacheWithTravel());
    expect(diff.added).toEqual([
      { id: "recent_travel", kind: "question", outcome: false },
      { id: "travel_review", kind: "outcome", outcome: true },
    ]);
    expect(diff.removed).toEqual([]);
    expect(diff.changed).toEqual([]);
    expect(diff.metadata).toEqual(["start"]);
  });

  it("names a removed node and a changed outcome", () => {
    const before = headacheWithTravel();
    const after = editOutcome({ ...before, nodes: before.nodes.filter((n) => n.id !== "self_care") }, "soon", {
      urgency: "ROUTINE",
      routing: "routine_teleconsultation",
      title: { fr: "Plus tard", en: "Later" },
      advice: { fr: "a", en: "b" },
    });
    const diff = diffFlows(before, after);
    expect(diff.removed).toEqual([{ id: "self_care", kind: "outcome", outcome: true }]);
    expect(diff.changed).toEqual([{ id: "soon", kind: "outcome", outcome: true }]);
  });

  it("treats every node as added when there is no previous version, and finds nothing between equal versions", () => {
    const flow = shippedFlow("urinary");
    expect(diffFlows(undefined, flow).added).toHaveLength(flow.nodes.length);
    expect(isEmptyDiff(diffFlows(flow, { ...flow, version: flow.version + 1 }))).toBe(true);
  });
});
