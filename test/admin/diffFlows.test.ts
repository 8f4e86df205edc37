import { describe, expect, it } from "vitest";
import { diffFlows, isEmptyDiff, type DiffGroup } from "../../bot/admin/diffFlows.js";
import { editOutcome } from "../../bot/admin/editFlowNode.js";
import type { Flow, FlowNode } from "../../flows/index.js";
import { headacheWithTravel, shippedFlow } from "./adminFixtures.js";

/** headache with `edit` applied to a deep copy (the shipped flow is never touched). */
function edited(edit: (flow: Flow) => void): { before: Flow; after: Flow } {
  const before = shippedFlow("headache");
  const after = structuredClone(before);
  edit(after);
  return { before, after };
}

function node<K extends FlowNode["kind"]>(flow: Flow, id: string, kind: K): Extract<FlowNode, { kind: K }> {
  const found = flow.nodes.find((n) => n.id === id);
  if (found?.kind !== kind) throw new Error(`${id} is not a ${kind}`);
  return found as Extract<FlowNode, { kind: K }>;
}

const group = (groups: DiffGroup[], scope: DiffGroup["scope"], id: string) => groups.find((g) => g.scope === scope && g.id === id);

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
    expect(diff.alerts).toEqual([]);
    // The added nodes' content, and the start's old and new target.
    expect(group(diff.details, "node", "travel_review")).toMatchObject({ change: "added", kind: "outcome" });
    expect(group(diff.details, "node", "travel_review")!.fields).toContainEqual({ path: "urgency", kind: "urgency", change: "added", after: "SOON" });
    expect(group(diff.details, "node", "recent_travel")!.fields).toContainEqual({
      path: "text",
      kind: "text",
      change: "added",
      after: { fr: "Revenez-vous de voyage ?", en: "Are you back from a trip?" },
    });
    expect(group(diff.details, "settings", "")!.fields).toEqual([
      { path: "start", kind: "target", change: "changed", before: "danger_signs", after: "recent_travel" },
    ]);
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

  it("calls out a removed red flag with what it read, its level and its reason", () => {
    const { before, after } = edited((flow) => (flow.redFlags = flow.redFlags.filter((f) => f.id !== "rf_stroke_signs")));
    const old = before.redFlags.find((f) => f.id === "rf_stroke_signs")!;
    const diff = diffFlows(before, after);
    expect(diff.redFlags).toEqual({ added: [], removed: ["rf_stroke_signs"], changed: [] });
    expect(diff.alerts).toEqual([{ flag: "rf_stroke_signs", reason: "removed", text: old.reason, from: "EMERGENCY", before: old.when }]);
    expect(group(diff.details, "redFlag", "rf_stroke_signs")).toEqual({
      scope: "redFlag",
      id: "rf_stroke_signs",
      change: "removed",
      fields: [
        { path: "when", kind: "condition", change: "removed", before: old.when },
        { path: "outcome", kind: "target", change: "removed", before: "emergency" },
        { path: "reason", kind: "text", change: "removed", before: old.reason },
      ],
    });
    expect(isEmptyDiff(diff)).toBe(false);
  });

  it("calls out a red flag sent to a less urgent outcome", () => {
    const { before, after } = edited((flow) => (flow.redFlags.find((f) => f.id === "rf_severe_bleeding")!.outcome = "urgent"));
    const diff = diffFlows(before, after);
    expect(diff.alerts).toEqual([
      {
        flag: "rf_severe_bleeding",
        reason: "lowered",
        text: before.redFlags.find((f) => f.id === "rf_severe_bleeding")!.reason,
        from: "EMERGENCY",
        to: "URGENT",
      },
    ]);
    expect(group(diff.details, "redFlag", "rf_severe_bleeding")!.fields).toEqual([
      { path: "outcome", kind: "target", change: "changed", before: "emergency", after: "urgent" },
    ]);
  });

  it("calls out every red flag whose outcome node itself was lowered, though the red flags are unchanged", () => {
    const { before, after } = edited((flow) => (node(flow, "emergency", "outcome").urgency = "SOON"));
    const diff = diffFlows(before, after);
    const pointing = before.redFlags.filter((f) => f.outcome === "emergency").map((f) => f.id);
    expect(pointing.length).toBeGreaterThan(1);
    expect(diff.redFlags.changed).toEqual([]);
    expect(diff.alerts.map((a) => [a.flag, a.reason, a.from, a.to])).toEqual(pointing.map((id) => [id, "lowered", "EMERGENCY", "SOON"]));
    expect(group(diff.details, "node", "emergency")!.fields).toEqual([
      { path: "urgency", kind: "urgency", change: "changed", before: "EMERGENCY", after: "SOON" },
    ]);
  });

  it("calls out a red flag whose condition changed, with the old and new condition", () => {
    const when = { in: ["stroke_signs", { var: "neuro_symptoms" }] };
    const { before, after } = edited((flow) => (flow.redFlags.find((f) => f.id === "rf_stroke_signs")!.when = when));
    const old = before.redFlags.find((f) => f.id === "rf_stroke_signs")!;
    const diff = diffFlows(before, after);
    expect(diff.redFlags.changed).toEqual(["rf_stroke_signs"]);
    expect(diff.alerts).toEqual([{ flag: "rf_stroke_signs", reason: "condition", text: old.reason, before: old.when, after: when }]);
    expect(group(diff.details, "redFlag", "rf_stroke_signs")!.fields).toEqual([
      { path: "when", kind: "condition", change: "changed", before: old.when, after: when },
    ]);
  });

  it("does not call out a red flag added, raised or reworded", () => {
    const { before, after } = edited((flow) => {
      node(flow, "urgent", "outcome").urgency = "EMERGENCY";
      flow.redFlags[0]!.reason = { fr: "Autre motif", en: "Other reason" };
      flow.redFlags.push({ id: "rf_new", when: { "==": [{ var: "worst_ever" }, true] }, outcome: "emergency", reason: { fr: "Nouveau", en: "New" } });
    });
    const diff = diffFlows(before, after);
    expect(diff.alerts).toEqual([]);
    expect(diff.redFlags.added).toEqual(["rf_new"]);
    expect(group(diff.details, "redFlag", before.redFlags[0]!.id)!.fields).toEqual([
      { path: "reason", kind: "text", change: "changed", before: before.redFlags[0]!.reason, after: { fr: "Autre motif", en: "Other reason" } },
    ]);
  });

  it("gives a reworded question's old and new text in both languages, and a reworded option by its value", () => {
    const { before, after } = edited((flow) => {
      const worst = node(flow, "worst_ever", "question");
      worst.text = { fr: "Est-ce la pire douleur de tête de votre vie ?", en: worst.text.en! };
      const onset = node(flow, "onset", "question");
      if (onset.type !== "single_choice") throw new Error("onset is a single choice");
      onset.options[0]!.label = { fr: "D'un coup", en: "All at once" };
    });
    const diff = diffFlows(before, after);
    expect(diff.changed.map((n) => n.id)).toEqual(["onset", "worst_ever"]);
    expect(group(diff.details, "node", "worst_ever")).toEqual({
      scope: "node",
      id: "worst_ever",
      change: "changed",
      kind: "question",
      fields: [
        {
          path: "text",
          kind: "text",
          change: "changed",
          before: node(before, "worst_ever", "question").text,
          after: node(after, "worst_ever", "question").text,
        },
      ],
    });
    const onset = node(before, "onset", "question");
    const first = onset.type === "single_choice" ? onset.options[0]! : undefined;
    expect(group(diff.details, "node", "onset")!.fields).toEqual([
      { path: `options[${first!.value}].label`, kind: "text", change: "changed", before: first!.label, after: { fr: "D'un coup", en: "All at once" } },
    ]);
  });

  it("gives an outcome's old and new urgency and routing, and a decision rule's and a branch's changes", () => {
    const { before, after } = edited((flow) => {
      const soon = node(flow, "soon", "outcome");
      soon.urgency = "ROUTINE";
      soon.routing = "routine_teleconsultation";
      node(flow, "headache_decision", "decision").rules.find((r) => r.id === "fever")!.outcome = "routine";
      node(flow, "head_injury", "question").next.branches[0]!.when = { "==": [{ var: "head_injury" }, false] };
    });
    const diff = diffFlows(before, after);
    expect(diff.alerts).toEqual([]);
    expect(group(diff.details, "node", "soon")!.fields).toEqual([
      { path: "urgency", kind: "urgency", change: "changed", before: "SOON", after: "ROUTINE" },
      { path: "routing", kind: "routing", change: "changed", before: "same_day_teleconsultation", after: "routine_teleconsultation" },
    ]);
    expect(group(diff.details, "node", "headache_decision")!.fields).toEqual([
      { path: "rules[fever].outcome", kind: "target", change: "changed", before: "soon", after: "routine" },
    ]);
    expect(group(diff.details, "node", "head_injury")!.fields).toEqual([
      {
        path: "next.branches[had_head_injury].when",
        kind: "condition",
        change: "changed",
        before: { "==": [{ var: "head_injury" }, true] },
        after: { "==": [{ var: "head_injury" }, false] },
      },
    ]);
  });

  it("names a new order of branches, which are tried first match first", () => {
    const { before, after } = edited((flow) => {
      const next = node(flow, "sex", "question").next;
      next.branches.push({ id: "later", when: { "==": [1, 1] }, to: "onset" });
      next.branches.reverse();
    });
    const fields = group(diffFlows(before, after).details, "node", "sex")!.fields;
    expect(fields).toContainEqual({ path: "next.branches[later].when", kind: "condition", change: "added", after: { "==": [1, 1] } });
    expect(fields).toContainEqual({ path: "next.branches[later].to", kind: "target", change: "added", after: "onset" });
    expect(fields.find((f) => f.kind === "order")).toBeUndefined();
    const { after: swapped } = edited((flow) => {
      const next = node(flow, "sex", "question").next;
      next.branches.push({ id: "later", when: { "==": [1, 1] }, to: "onset" });
    });
    const reordered = structuredClone(swapped);
    node(reordered, "sex", "question").next.branches.reverse();
    expect(group(diffFlows(swapped, reordered).details, "node", "sex")!.fields).toEqual([
      { path: "next.branches", kind: "order", change: "changed", before: ["ask_pregnancy", "later"], after: ["later", "ask_pregnancy"] },
    ]);
  });

  it("gives the flow settings changed with their old and new values", () => {
    const { before, after } = edited((flow) => {
      flow.title = { fr: "Maux de tête", en: flow.title.en! };
      flow.urgencyLabels = { URGENT: { fr: "Très urgent", en: "Very urgent" } };
      flow.review = { status: "reviewed", note: "Dr Lead, 2026" };
      flow.locales = ["fr"];
    });
    const diff = diffFlows(before, after);
    expect(diff.metadata).toEqual(["locales", "review", "title", "urgencyLabels"]);
    const settings = group(diff.details, "settings", "")!.fields;
    expect(settings).toContainEqual({
      path: "title",
      kind: "text",
      change: "changed",
      before: before.title,
      after: { fr: "Maux de tête", en: before.title.en },
    });
    expect(settings).toContainEqual({ path: "urgencyLabels.URGENT", kind: "text", change: "added", after: { fr: "Très urgent", en: "Very urgent" } });
    expect(settings).toContainEqual({ path: "review.status", kind: "value", change: "changed", before: "needs-clinical-review", after: "reviewed" });
    expect(settings).toContainEqual({
      path: "review.note",
      kind: "value",
      change: before.review.note ? "changed" : "added",
      ...(before.review.note ? { before: before.review.note } : {}),
      after: "Dr Lead, 2026",
    });
    expect(settings).toContainEqual({ path: "locales", kind: "value", change: "changed", before: ["fr", "en"], after: ["fr"] });
    expect(diff.details.filter((g) => g.scope !== "settings")).toEqual([]);
  });

  it("treats every node as added when there is no previous version, and finds nothing between equal versions", () => {
    const flow = shippedFlow("urinary");
    expect(diffFlows(undefined, flow).added).toHaveLength(flow.nodes.length);
    expect(diffFlows(undefined, flow).details).toEqual([]);
    const same = diffFlows(flow, { ...flow, version: flow.version + 1 });
    expect(isEmptyDiff(same)).toBe(true);
    expect(same.details).toEqual([]);
    expect(same.alerts).toEqual([]);
  });
});
