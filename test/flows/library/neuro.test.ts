import { describe, expect, it } from "vitest";
import { describeComplaintFlow } from "./complaintFlowSuite.js";

const WOMAN = { sex: "female", age_years: 30 };

const { run, base: BASE, scenarios } = describeComplaintFlow("neuro");

describe("neuro: questions asked", () => {
  it("asks the BE-FAST signs for every problem, right after the problem", () => {
    for (const problem of ["weakness_numbness", "dizziness", "fainting", "seizure"]) {
      expect(run({ ...BASE, neuro_problem: problem }).asked.slice(0, 5)).toEqual(["danger_signs", "age_years", "sex", "neuro_problem", "befast_signs"]);
    }
  });

  it("asks when the signs started only when there was a sign", () => {
    expect(run(BASE).asked).not.toContain("signs_timing");
    expect(run({ ...BASE, befast_signs: ["vision_loss"] }).asked).toContain("signs_timing");
  });

  it("asks each problem its own questions only", () => {
    expect(run(BASE).asked).toEqual(expect.arrayContaining(["dizzy_features", "dizzy_course"]));
    expect(run(BASE).asked).not.toContain("faint_features");
    expect(run({ ...BASE, neuro_problem: "seizure" }).asked).not.toContain("dizzy_features");
  });

  it("asks about pregnancy and a recent birth after a seizure only for women aged 12 to 55", () => {
    expect(run({ ...BASE, neuro_problem: "seizure" }).asked).not.toContain("seizure_pregnancy");
    expect(run({ ...BASE, neuro_problem: "seizure", ...WOMAN }).asked).toContain("seizure_pregnancy");
    expect(run({ ...BASE, neuro_problem: "seizure", ...WOMAN, age_years: 60 }).asked).not.toContain("seizure_pregnancy");
  });

  it("keeps a path within 10 questions after the danger screen", () => {
    for (const sc of scenarios) expect(run({ ...BASE, ...sc.change }).asked.length - 1, sc.name).toBeLessThanOrEqual(10);
  });
});
