import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { flowSchema, isQuestion, validateLibrary, type Condition, type Flow } from "../../flows/index.js";
import { checkRedFlagScreens, redFlagScreensSchema } from "../../flows/validate/checkRedFlagScreens.js";
import { truthOf } from "../../flows/validate/populationGate.js";
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
      expect(
        screen.detectors.some((d) => questions.has(d.question)),
        screen.id,
      ).toBe(true);
    }
  });

  it("rejects a draft that asks the clot risk only of patients with a fever (the red flag hidden behind one branch)", () => {
    const draft = flowOf("breathing-cough");
    const before = draft.nodes.find((n) => "next" in n && n.next.default === "clot_risk_factors" && n.id === "chest_pain_breathing")!;
    if (!("next" in before)) throw new Error("unexpected");
    const clot = draft.nodes.find((n) => n.id === "clot_risk_factors")!;
    if (!("next" in clot)) throw new Error("unexpected");
    before.next = {
      branches: [{ id: "only_with_chest_pain", when: { "==": [{ var: "chest_pain_breathing" }, true] }, to: "clot_risk_factors" }],
      default: clot.next.default!,
    };
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

  it("holds the ectopic screen for the flows of its groups (abdominal, pregnancy, digestive, urinary, the catch-all) only through its population gate: without the gate, a man's path would need it", () => {
    const ungated = { ...screens, screens: screens.screens.map(({ population: _p, ...screen }) => screen) };
    for (const slug of ["abdominal-pain", "pregnancy", "vomiting-diarrhoea", "urinary", "general"]) {
      expect(codes(flowOf(slug))).toEqual([]);
      expect(checkRedFlagScreens(flowOf(slug), ungated).map((p) => p.rule)).toContain("ectopic_pregnancy");
    }
  });

  it.each(["vomiting-diarrhoea", "urinary", "general"])(
    "rejects a %s draft that never asks a woman who says she is not pregnant whether her period is late",
    (slug) => {
      const draft = flowOf(slug);
      for (const node of draft.nodes) if ("next" in node) node.next.branches = node.next.branches.filter((b) => b.to !== "missed_period");
      expect(codes(draft)).toEqual(["red-flag-not-asked:ectopic_pregnancy"]);
    },
  );

  it("decides a population gate in three values: unasked answers leave it open, one known false part closes it", () => {
    const gate = screens.screens.find((s) => s.id === "ectopic_pregnancy")!.population!.when as Condition;
    const known = (answers: Record<string, unknown>) => truthOf(gate, new Map(Object.entries(answers)));
    expect(known({})).toBe("unknown");
    expect(known({ sex: "male" })).toBe(false);
    expect(known({ sex: "female", age_years: 56 })).toBe(false);
    expect(known({ sex: "female", age_years: 30, pregnant: "no", missed_period: false })).toBe(false);
    expect(known({ sex: "female", age_years: 30, pregnant: "no" })).toBe("unknown");
    expect(known({ sex: "female", age_years: 30, pregnant: "unsure", recently_gave_birth: false })).toBe(true);
    expect(known({ age_years: 30, pregnant: "yes", recently_gave_birth: false })).toBe("unknown");
  });

  it("rejects a draft that asks the ectopic signs only of women with lower tummy pain (hidden behind one complaint)", () => {
    const draft = flowOf("abdominal-pain");
    const node = (id: string) => draft.nodes.find((n) => n.id === id)!;
    for (const id of ["pregnant", "missed_period"]) {
      const q = node(id);
      if (!("next" in q)) throw new Error("unexpected");
      q.next.branches = q.next.branches.map((b) => (b.to === "pregnancy_symptoms" ? { ...b, to: "alarm_symptoms" } : b));
    }
    const location = node("pain_location");
    const symptoms = node("pregnancy_symptoms");
    if (!("next" in location) || !("next" in symptoms)) throw new Error("unexpected");
    location.next.branches.unshift({
      id: "lower_pain_ask_ectopic",
      when: { and: [{ "==": [{ var: "pain_location" }, "lower_middle"] }, { "==": [{ var: "missed_period" }, true] }] },
      to: "pregnancy_symptoms",
    });
    symptoms.next.default = "severity";
    expect(codes(draft)).toEqual(["red-flag-not-asked:ectopic_pregnancy"]);
    expect(validateLibrary([draft], { screens }).flows[0]!.problems.map((p) => p.code)).toContain("red-flag-not-asked");
  });

  it("rejects a draft that never asks sex or pregnancy (the gate cannot be decided), and one that asks pregnancy only from 18", () => {
    const blind = flowOf("abdominal-pain");
    const age = blind.nodes.find((n) => n.id === "age_years")!;
    if (!("next" in age)) throw new Error("unexpected");
    age.next = { branches: [], default: "alarm_symptoms" };
    expect(codes(blind)).toEqual(["red-flag-not-asked:ectopic_pregnancy"]);

    const from18 = flowOf("abdominal-pain");
    const sex = from18.nodes.find((n) => n.id === "sex")!;
    if (!("next" in sex)) throw new Error("unexpected");
    const from18Condition: Condition = {
      and: [{ "==": [{ var: "sex" }, "female"] }, { ">=": [{ var: "age_years" }, 18] }, { "<=": [{ var: "age_years" }, 55] }],
    };
    sex.next.branches = sex.next.branches.map((b) => (b.to === "pregnant" ? { ...b, when: from18Condition } : b));
    expect(codes(from18)).toEqual(["red-flag-not-asked:ectopic_pregnancy"]);
  });

  it("rejects a pregnancy-flow draft that sends a woman whose period is late straight to an outcome", () => {
    const draft = flowOf("pregnancy");
    const late = draft.nodes.find((n) => n.id === "missed_period")!;
    if (!("next" in late)) throw new Error("unexpected");
    late.next.branches = [];
    expect(codes(draft)).toEqual(["red-flag-not-asked:ectopic_pregnancy"]);
  });

  it("reports a flow the screens do not classify, so a new flow cannot slip past them", () => {
    const stranger = { ...flowOf("eye"), slug: "ear-wax" };
    expect(codes(stranger)).toEqual(["unclassified-flow:"]);
  });
});
