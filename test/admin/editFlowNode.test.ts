import { describe, expect, it } from "vitest";
import { validateFlow } from "../../flows/index.js";
import { editQuestion, optionTargets } from "../../bot/admin/editFlowNode.js";
import { headacheWithTravel } from "./adminFixtures.js";

describe("the form editor's edits", () => {
  it("adds a first question and an outcome that validate together", () => {
    const flow = headacheWithTravel();
    expect(flow.start).toBe("recent_travel");
    expect(validateFlow(flow).ok).toBe(true);
  });

  it("pins an option leading nowhere to its question, and fixing the option clears it", () => {
    const broken = headacheWithTravel("travel_reveiw");
    const checked = validateFlow(broken);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.problems).toContainEqual(expect.objectContaining({ code: "unknown-node-reference", node: "recent_travel" }));
    const question = broken.nodes.find((n) => n.id === "recent_travel")!;
    const fixed = editQuestion(broken, "recent_travel", {
      text: { fr: "Voyage ?", en: "Trip?" },
      options: [{ value: "yes", label: {}, to: "travel_review" }],
      next: "danger_signs",
    });
    expect(optionTargets(question)).toEqual({ yes: "travel_reveiw" });
    expect(optionTargets(fixed.nodes.find((n) => n.id === "recent_travel")!)).toEqual({ yes: "travel_review" });
    expect(validateFlow(fixed).ok).toBe(true);
  });

  it("keeps hand-written branches when the form edits a question", () => {
    const flow = headacheWithTravel();
    const sex = flow.nodes.find((n) => n.id === "sex")!;
    const edited = editQuestion(flow, "sex", {
      text: { fr: "Sexe ?", en: "Sex?" },
      options: [
        { value: "female", label: { fr: "Féminin", en: "Female" } },
        { value: "male", label: { fr: "Masculin", en: "Male" } },
        { value: "other", label: { fr: "Autre", en: "Other" } },
      ],
      next: sex.kind === "question" ? (sex.next.default ?? "") : "",
    });
    const after = edited.nodes.find((n) => n.id === "sex")!;
    expect(after.kind === "question" && after.next.branches).toEqual(sex.kind === "question" && sex.next.branches);
    expect(after.kind === "question" && after.text).toEqual({ fr: "Sexe ?", en: "Sex?" });
  });
});
