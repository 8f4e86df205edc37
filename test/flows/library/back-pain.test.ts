import { describe, expect, it } from "vitest";
import { describeComplaintFlow } from "./complaintFlowSuite.js";
import type { ScenarioAnswers } from "../libraryFlows.js";

const WOMAN = { sex: "female", age_years: 32 };

const { flow, run, base: BASE, scenarios } = describeComplaintFlow("back-pain");

describe("back-pain: questions asked", () => {
  it("asks about cauda equina right after the demographic questions", () => {
    expect(run(BASE).asked.slice(0, 4)).toEqual(["danger_signs", "age_years", "sex", "cauda_equina_signs"]);
  });

  it("asks about the aorta from age 50 only", () => {
    expect(run({ ...BASE, age_years: 49 }).asked).not.toContain("aortic_signs");
    expect(run({ ...BASE, age_years: 50 }).asked).toContain("aortic_signs");
  });

  it("asks about pregnancy only for women aged 12 to 55", () => {
    expect(run(BASE).asked).not.toContain("pregnant");
    expect(run({ ...BASE, ...WOMAN }).asked).toContain("pregnant");
  });

  it("advises an anti-inflammatory only outside pregnancy", () => {
    const text = (answers: ScenarioAnswers) => {
      const outcome = flow.nodes.find((n) => n.id === run(answers).result?.outcome);
      return outcome?.kind === "outcome" ? (outcome.advice.en ?? "") : "";
    };
    expect(text(BASE)).toMatch(/ibuprofen may help/);
    expect(text({ ...BASE, ...WOMAN, pregnant: "yes" })).toMatch(/avoid ibuprofen/);
  });

  it("keeps a path within 10 questions after the danger screen", () => {
    for (const sc of scenarios) expect(run({ ...BASE, ...sc.change }).asked.length - 1, sc.name).toBeLessThanOrEqual(10);
  });
});
