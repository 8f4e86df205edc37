import { describe, expect, it } from "vitest";
import { flowEdges } from "../../bot/admin/flowEdges.js";
import { headacheWithTravel, shippedFlow } from "./adminFixtures.js";

describe("flowEdges", () => {
  it("draws the form's option branch and the default of a new question", () => {
    const edges = flowEdges(headacheWithTravel()).filter((e) => e.source === "recent_travel");
    expect(edges.map((e) => [e.target, e.label])).toEqual([
      ["travel_review", "recent_travel__yes"],
      ["danger_signs", "default"],
    ]);
  });

  it("draws every decision rule to its outcome, and handovers to the other flow", () => {
    const decision = flowEdges(shippedFlow("headache")).filter((e) => e.source === "headache_decision");
    expect(decision.at(-1)).toMatchObject({ label: "otherwise" });
    expect(decision.every((e) => ["emergency", "emergency_mental_health", "urgent", "soon", "routine", "self_care"].includes(e.target))).toBe(true);
    expect(flowEdges(shippedFlow("general")).some((e) => e.target.startsWith("flow:"))).toBe(true);
  });
});
