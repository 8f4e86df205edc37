import { describe, expect, it } from "vitest";
import { describeComplaintFlow } from "./complaintFlowSuite.js";

const { run, base: BASE, scenarios } = describeComplaintFlow("throat-ear-sinus");

describe("throat-ear-sinus: questions asked", () => {
  it("asks the throat, ear and sinus questions only for their site", () => {
    const asked = (site: string) => run({ ...BASE, ent_site: site }).asked;
    expect(asked("throat")).toEqual(expect.arrayContaining(["throat_signs", "cough_or_cold"]));
    expect(asked("throat")).not.toContain("ear_signs");
    expect(asked("ear")).toContain("ear_signs");
    expect(asked("ear")).not.toContain("throat_signs");
    expect(asked("sinus_nose")).toContain("sinus_signs");
    expect(asked("sinus_nose")).not.toContain("cough_or_cold");
  });

  it("asks every emergency sign before anything else about the complaint", () => {
    expect(run(BASE).asked.slice(0, 4)).toEqual(["danger_signs", "age_years", "ent_site", "ent_red_flags"]);
  });

  it("stops asking once an urgent complication or feeling very unwell makes the outcome certain", () => {
    expect(run({ ...BASE, ent_complications: ["quinsy_signs"] }).asked.at(-1)).toBe("ent_complications");
    expect(run({ ...BASE, overall_state: "very_unwell" }).asked.at(-1)).toBe("overall_state");
  });

  it("asks the FeverPAIN questions only from age 3", () => {
    expect(run({ ...BASE, age_years: 2 }).asked).not.toContain("throat_signs");
    expect(run({ ...BASE, age_years: 3 }).asked).toContain("throat_signs");
  });

  it("asks a baby's age in months only under one, and never sex or pregnancy", () => {
    expect(run(BASE).asked).not.toContain("child_age_months");
    expect(run({ ...BASE, age_years: 0 }).asked).toContain("child_age_months");
    expect(run(BASE).asked).not.toContain("sex");
    expect(run(BASE).asked).not.toContain("pregnant");
  });

  it("keeps a path within 10 questions after the danger screen", () => {
    for (const sc of scenarios) expect(run({ ...BASE, ...sc.change }).asked.length - 1, sc.name).toBeLessThanOrEqual(10);
  });
});
