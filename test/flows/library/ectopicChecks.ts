import { expect, it } from "vitest";
import type { ScenarioAnswers, ScenarioRun } from "../libraryFlows.js";

/*
 * Ectopic pregnancy (NICE NG126, issue 18) screened whatever the complaint picked: the checks the
 * flows that ask the pregnancy emergency signs share. Never loosen these.
 */

/** Signs of a ruptured ectopic pregnancy, each alone enough. */
export const ECTOPIC_SIGNS = ["heavy_bleeding", "severe_abdominal_pain", "shoulder_tip_pain", "fainted"];

/**
 * Asserts that a woman who may be pregnant is asked the pregnancy emergency signs right after the
 * demographic questions, before `next` (the flow's own first question): after a late period, or at
 * once when she says she is or may be pregnant; and not at all when neither.
 */
export function expectEctopicSignsRightAfterPregnancy(run: (answers: ScenarioAnswers) => ScenarioRun, woman: ScenarioAnswers, next: string): void {
  const demographics = ["danger_signs", "age_years", "sex", "pregnant"];
  expect(run(woman).asked.slice(0, 6)).toEqual([...demographics, "missed_period", next]);
  expect(run({ ...woman, missed_period: "yes" }).asked.slice(0, 7)).toEqual([...demographics, "missed_period", "pregnancy_emergency", next]);
  for (const pregnant of ["yes", "unsure"]) {
    expect(run({ ...woman, pregnant }).asked.slice(0, 6)).toEqual([...demographics, "pregnancy_emergency", next]);
  }
}

/** Asserts that a run ended at EMERGENCY on the ectopic red flag, explained in French and English. */
export function expectEctopicEmergency(result: ScenarioRun["result"], sign: string): void {
  expect(result?.urgency, sign).toBe("EMERGENCY");
  expect(result?.redFlag, sign).toBe("rf_possible_ectopic_pregnancy");
  const reason = result!.reasons.find((r) => r.rule === "rf_possible_ectopic_pregnancy")!;
  expect(reason.text.fr).toMatch(/grossesse extra-utérine/);
  expect(reason.text.en).toMatch(/ectopic pregnancy/);
}

/** Declares that every ectopic sign ends the flow at its pregnancy emergency question, for a woman (`woman`: her other answers) who is, may be, or whose period is late. */
export function itEndsAtEmergencyOnEveryEctopicSign(run: (answers: ScenarioAnswers) => ScenarioRun, woman: ScenarioAnswers): void {
  it.each([
    ["pregnant", { pregnant: "yes" }],
    ["maybe pregnant", { pregnant: "unsure" }],
    ["not pregnant as far as she knows, but her period is late", { pregnant: "no", missed_period: "yes" }],
  ] as const)("ends at EMERGENCY with the ectopic reason, at the pregnancy emergency signs, for a woman %s", (_who, answers) => {
    for (const sign of ECTOPIC_SIGNS) {
      const { result, asked } = run({ ...woman, ...answers, pregnancy_emergency: [sign] });
      expectEctopicEmergency(result, sign);
      expect(asked.at(-1)).toBe("pregnancy_emergency");
    }
  });
}

/** Declares that a woman neither pregnant nor late (`notPregnant`: all her answers) is not asked the pregnancy emergency signs. */
export function itSkipsEctopicSignsWhenNotPregnantNorLate(run: (answers: ScenarioAnswers) => ScenarioRun, notPregnant: ScenarioAnswers): void {
  it("does not ask the pregnancy emergency signs of a woman who is not pregnant and whose period is not late", () => {
    const { asked, result } = run({ ...notPregnant, pregnancy_emergency: ["shoulder_tip_pain"] });
    expect(asked).toContain("missed_period");
    expect(asked).not.toContain("pregnancy_emergency");
    expect(result?.urgency).toBe("SELF_CARE");
  });
}
