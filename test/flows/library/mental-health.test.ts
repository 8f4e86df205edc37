import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { describeComplaintFlow } from "./complaintFlowSuite.js";

const WOMAN = { sex: "female", age_years: 31 };

const { run, base: BASE, scenarios } = describeComplaintFlow("mental-health");

describe("mental-health: questions asked", () => {
  it("asks the safety questions to everyone, right after the demographic questions", () => {
    expect(run(BASE).asked.slice(0, 5)).toEqual(["danger_signs", "age_years", "sex", "safety_now", "suicidal_thoughts"]);
    expect(run({ ...BASE, ...WOMAN }).asked.slice(0, 7)).toEqual([
      "danger_signs",
      "age_years",
      "sex",
      "pregnant",
      "gave_birth_last_year",
      "safety_now",
      "suicidal_thoughts",
    ]);
  });

  it("asks about a recent birth only for women aged 12 to 55 who are not pregnant now", () => {
    expect(run(BASE).asked).not.toContain("gave_birth_last_year");
    expect(run({ ...BASE, ...WOMAN, pregnant: "yes" }).asked).not.toContain("gave_birth_last_year");
    expect(run({ ...BASE, ...WOMAN, pregnant: "unsure" }).asked).toContain("gave_birth_last_year");
    expect(run({ ...BASE, ...WOMAN, age_years: 56 }).asked).not.toContain("gave_birth_last_year");
  });

  it("asks about past self-harm only when there are thoughts of death", () => {
    expect(run(BASE).asked).not.toContain("past_self_harm");
    expect(run({ ...BASE, suicidal_thoughts: "wish_dead" }).asked).toContain("past_self_harm");
  });

  it("stops asking once suicidal thoughts make the outcome urgent", () => {
    expect(run({ ...BASE, suicidal_thoughts: "thoughts_no_plan" }).asked.at(-1)).toBe("past_self_harm");
  });

  it("sends every safety answer and a plan to the mental-health emergency outcome", () => {
    for (const answer of ["harmed_self", "intent_today", "voices_harm", "harm_others"]) {
      expect(run({ ...BASE, safety_now: [answer] }).result?.outcome, answer).toBe("emergency_mental_health");
    }
    expect(run({ ...BASE, suicidal_thoughts: "plan" }).result?.outcome).toBe("emergency_mental_health");
  });

  it("keeps a path within 10 questions after the danger screen", () => {
    for (const sc of scenarios) expect(run({ ...BASE, ...sc.change }).asked.length - 1, sc.name).toBeLessThanOrEqual(10);
  });
});

describe("mental-health: crisis lines", () => {
  const file = JSON.parse(readFileSync(join(import.meta.dirname, "../../../bot/config/emergencyNumbers.json"), "utf8"));

  it("keeps the crisis lines per country in configuration, next to the emergency numbers, never in the flow", () => {
    expect(file.crisisLines.FR).toEqual([expect.objectContaining({ number: "3114" })]);
    for (const line of file.crisisLines.FR) expect(line.label.fr && line.label.en).toBeTruthy();
    // Morocco has no official national line yet: an empty list, explained in the file's comment.
    expect(file.crisisLines.MA).toEqual([]);
    expect(file.crisisLines.$comment).toMatch(/MA: no official/);
  });
});
