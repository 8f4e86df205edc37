import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { flowSchema, isQuestion, validateLibrary, type Flow } from "../../flows/index.js";
import { checkRedFlagScreens, redFlagScreensSchema } from "../../flows/validate/checkRedFlagScreens.js";
import { LIBRARY_DIR, readLibraryFiles } from "./libraryFlows.js";

/*
 * Red flags that do not depend on the path: the validator proves each shipped flow asks every red
 * flag of its complaint groups before it can end below that red flag's level, and rejects crafted
 * flows that hide one behind a branch or a catch-all capped below an end of the scale.
 */

const screens = redFlagScreensSchema.parse(JSON.parse(readFileSync(join(LIBRARY_DIR, "shared", "redFlagScreens.json"), "utf8")));
const library = readLibraryFiles().map(({ json }) => flowSchema.parse(json));
const flowOf = (slug: string): Flow => structuredClone(library.find((f) => f.slug === slug)!);
const codes = (flow: Flow) => checkRedFlagScreens(flow, screens).map((p) => `${p.code}:${p.rule ?? p.node ?? ""}`);

describe("red flags independent of the path", () => {
  it("holds for every shipped flow, validated as a library with the screens", () => {
    const result = validateLibrary(library, { screens });
    expect(result.flows.flatMap((f) => f.problems.map((p) => `${f.slug}: ${p.code} ${p.message}`))).toEqual([]);
  });

  it("classifies every shipped flow, and every screen's detectors exist in a flow of its groups", () => {
    expect(library.map((f) => f.slug).filter((slug) => !screens.flowGroups[slug])).toEqual([]);
    for (const screen of screens.screens) {
      const flows = library.filter((f) => screen.groups.some((g) => screens.flowGroups[f.slug]?.includes(g)));
      const questions = new Set(flows.flatMap((f) => f.nodes.filter(isQuestion).map((q) => q.id)));
      expect(screen.detectors.some((d) => questions.has(d.question)), screen.id).toBe(true);
    }
  });

  it("rejects a draft that asks the clot risk only of patients with a fever (the red flag hidden behind one branch)", () => {
    const draft = flowOf("breathing-cough");
    const before = draft.nodes.find((n) => "next" in n && n.next.default === "clot_risk_factors" && n.id === "chest_pain_breathing")!;
    if (!("next" in before)) throw new Error("unexpected");
    const clot = draft.nodes.find((n) => n.id === "clot_risk_factors")!;
    if (!("next" in clot)) throw new Error("unexpected");
    before.next = { branches: [{ id: "only_with_chest_pain", when: { "==": [{ var: "chest_pain_breathing" }, true] }, to: "clot_risk_factors" }], default: clot.next.default! };
    expect(codes(draft)).toEqual(["red-flag-not-asked:pulmonary_embolism"]);
    expect(validateLibrary([draft], { screens }).flows[0]!.problems.map((p) => p.code)).toContain("red-flag-not-asked");
  });

  it("rejects a draft of the entry flow whose catch-all skips the warning signs, and one capped below self-care", () => {
    const skipping = flowOf("general");
    const complaint = skipping.nodes.find((n) => n.id === "main_complaint")!;
    if (!("next" in complaint)) throw new Error("unexpected");
    complaint.next.default = "other_how_unwell";
    expect(codes(skipping)).toEqual(expect.arrayContaining(["red-flag-not-asked:gastrointestinal_bleeding", "red-flag-not-asked:shock"]));

    const capped = flowOf("general");
    const decision = capped.nodes.find((n) => n.id === "other_decision")!;
    if (decision.kind !== "decision") throw new Error("unexpected");
    decision.otherwise = { ...decision.otherwise, outcome: "same_day_review" };
    decision.rules = decision.rules.map((r) => (r.outcome === "self_care_advice" ? { ...r, outcome: "routine_review" } : r));
    expect(codes(capped)).toEqual(["catch-all-capped:other_warning_signs"]);
  });

  it("reports a flow the screens do not classify, so a new flow cannot slip past them", () => {
    const stranger = { ...flowOf("eye"), slug: "ear-wax" };
    expect(codes(stranger)).toEqual(["unclassified-flow:"]);
  });
});
