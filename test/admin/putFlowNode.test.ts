import { describe, expect, it } from "vitest";
import { AdminError } from "../../bot/admin/adminError.js";
import { deleteNode, putNode, putRedFlags, referencesTo } from "../../bot/admin/putFlowNode.js";
import { validateFlow, type FlowNode } from "../../flows/index.js";
import { outcomeNode } from "../fixtures/buildFlow.js";
import { shippedFlow } from "./adminFixtures.js";

/*
 * The complete node form's server side: any node kind put into the draft from its JSON, option
 * targets turned into the branches the form owns, deletion refused while a node is still named.
 */

const temperature = {
  id: "temperature",
  kind: "question",
  type: "number",
  text: { fr: "Quelle est votre température ?", en: "What is your temperature?" },
  help: { fr: "", en: " " },
  unit: { symbol: "°C", label: { fr: "degrés", en: "degrees" } },
  min: 34,
  max: 43,
  integer: false,
  next: {
    branches: [{ id: "high_fever", when: { ">=": [{ var: "temperature" }, 38] }, to: "fever_decision", reason: { fr: "", en: "" } }],
    default: "danger_signs",
  },
};

const feverUrgent = outcomeNode("fever_urgent", "URGENT", {
  title: { fr: "Fièvre élevée", en: "High fever" },
  advice: { fr: "Un médecin vous rappelle.", en: "A doctor will call you." },
  safetyNet: { fr: "Appelez le 15.", en: "Call 112." },
});
const feverDecision = {
  id: "fever_decision",
  kind: "decision",
  rules: [{ id: "very_high", when: { ">=": [{ var: "temperature" }, 39] }, outcome: "fever_urgent", reason: { fr: "Fièvre ≥ 39", en: "Fever ≥ 39" } }],
  otherwise: { id: "moderate", outcome: "soon", reason: { fr: "Fièvre", en: "Fever" } },
};

describe("putting a node from the complete form", () => {
  it("adds a number question, an outcome and a decision that validate together, the question first", () => {
    let flow = putNode(shippedFlow("headache"), feverUrgent);
    flow = putNode(flow, feverDecision);
    flow = putNode(flow, temperature, { start: true });
    expect(flow.start).toBe("temperature");
    const question = flow.nodes[0] as Extract<FlowNode, { kind: "question" }>;
    expect(question).toMatchObject({ type: "number", min: 34, max: 43, unit: { symbol: "°C" } });
    // Blank translations are dropped and a blank optional text disappears.
    expect(question.help).toBeUndefined();
    expect(question.next.branches[0]!.reason).toBeUndefined();
    expect(validateFlow(flow).ok).toBe(true);
  });

  it("turns each answer's target into the branch the form owns, keeping other branches", () => {
    const flow = putNode(
      shippedFlow("headache"),
      {
        id: "travel",
        kind: "question",
        type: "single_choice",
        text: { fr: "Voyage ?", en: "Trip?" },
        options: [
          { value: "tropics", label: { fr: "Tropiques", en: "Tropics" } },
          { value: "europe", label: { fr: "Europe", en: "Europe" } },
        ],
        next: { branches: [], default: "danger_signs" },
      },
      { targets: { tropics: "urgent", europe: "" } },
    );
    const travel = flow.nodes.find((n) => n.id === "travel");
    expect(travel?.kind === "question" && travel.next.branches).toEqual([
      expect.objectContaining({ id: "travel__tropics", to: "urgent", when: { "==": [{ var: "travel" }, "tropics"] } }),
    ]);
  });

  it("replaces an existing node in place and refuses to change its id", () => {
    const flow = shippedFlow("headache");
    const self = flow.nodes.find((n) => n.id === "self_care")!;
    const edited = putNode(flow, { ...self, urgency: "ROUTINE" }, { replaces: "self_care" });
    expect(edited.nodes.findIndex((n) => n.id === "self_care")).toBe(flow.nodes.findIndex((n) => n.id === "self_care"));
    expect(edited.nodes.find((n) => n.id === "self_care")).toMatchObject({ urgency: "ROUTINE" });
    expect(() => putNode(flow, { ...self, id: "renamed" }, { replaces: "self_care" })).toThrow(/cannot change/);
  });

  it("refuses a node the schema rejects, naming the field, and a duplicate id", () => {
    const bad = () => putNode(shippedFlow("headache"), { ...temperature, unit: { symbol: "", label: {} } });
    expect(bad).toThrow(AdminError);
    try {
      bad();
    } catch (thrown) {
      expect((thrown as AdminError).details.problems).toEqual([expect.objectContaining({ message: expect.stringContaining("unit.symbol") })]);
    }
    expect(() => putNode(shippedFlow("headache"), { ...feverUrgent, id: "urgent" })).toThrow(/already exists/);
  });
});

describe("deleting a node", () => {
  it("refuses while other nodes, rules or red flags still name it, listing them", () => {
    const flow = shippedFlow("headache");
    expect(() => deleteNode(flow, "urgent")).toThrow(/headache_decision/);
    expect(referencesTo(flow, "age_years")).toEqual(expect.arrayContaining(["danger_signs (next)"]));
  });

  it("removes a node nothing names", () => {
    const flow = putNode(shippedFlow("headache"), feverUrgent);
    expect(deleteNode(flow, "fever_urgent").nodes.some((n) => n.id === "fever_urgent")).toBe(false);
  });
});

describe("editing red flags", () => {
  it("replaces the flow's red flags with the form's list, checked by the schema", () => {
    const flow = shippedFlow("headache");
    const kept = flow.redFlags.slice(1);
    const added = { id: "very_high_fever", when: { ">=": [{ var: "age_years" }, 120] }, outcome: "emergency", reason: { fr: "Âge", en: "Age" } };
    const edited = putRedFlags(flow, [...kept, added]);
    expect(edited.redFlags.map((r) => r.id)).toEqual([...kept.map((r) => r.id), "very_high_fever"]);
    expect(() => putRedFlags(flow, [added, added])).toThrow(/two red flags/);
    expect(() => putRedFlags(flow, [{ ...added, outcome: "Not An Id" }])).toThrow(AdminError);
  });
});
