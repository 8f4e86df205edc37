import { describe, expect, it } from "vitest";
import { expectEctopicSignsRightAfterPregnancy, itEndsAtEmergencyOnEveryEctopicSign, itSkipsEctopicSignsWhenNotPregnantNorLate } from "./ectopicChecks.js";
import { describeComplaintFlow } from "./complaintFlowSuite.js";

const WOMAN = { sex: "female", age_years: 28 };

const { run, base: BASE, scenarios } = describeComplaintFlow("vomiting-diarrhoea");

describe("vomiting-diarrhoea: questions asked", () => {
  it("asks how long the vomiting or diarrhoea has lasted only when the patient has one of them (never contradicting an answer)", () => {
    expect(run({ ...BASE, vomiting: "no", diarrhoea: "no" }).asked).not.toContain("symptom_duration");
    expect(run({ ...BASE, vomiting: "keeps_fluids_down", diarrhoea: "no" }).asked).toContain("symptom_duration");
    expect(run({ ...BASE, vomiting: "no", diarrhoea: "yes" }).asked).toContain("symptom_duration");
  });

  it("asks every emergency sign right after the demographic questions, the pregnancy emergency signs first for a woman who may be pregnant", () => {
    expect(run(BASE).asked.slice(0, 4)).toEqual(["danger_signs", "age_years", "sex", "gi_red_flags"]);
    expectEctopicSignsRightAfterPregnancy(run, { ...BASE, ...WOMAN }, "gi_red_flags");
  });

  it("asks about pregnancy only for women aged 12 to 55", () => {
    expect(run({ ...BASE, ...WOMAN, age_years: 11 }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, ...WOMAN, age_years: 56 }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, ...WOMAN, age_years: 12 }).asked).toContain("pregnant");
    expect(run(BASE).asked).not.toContain("pregnant");
  });

  it("stops asking once a surgical sign makes the outcome urgent", () => {
    expect(run({ ...BASE, abdominal_signs: ["green_vomit"] }).asked.at(-1)).toBe("abdominal_signs");
  });

  it("keeps a path within 10 questions after the danger screen, the late-period and pregnancy emergency questions aside", () => {
    const ectopicScreen = new Set(["missed_period", "pregnancy_emergency"]);
    for (const sc of scenarios) expect(run({ ...BASE, ...sc.change }).asked.filter((id) => !ectopicScreen.has(id)).length - 1, sc.name).toBeLessThanOrEqual(10);
  });
});

describe("vomiting-diarrhoea: ectopic pregnancy whatever the complaint picked (NICE NG126, issue 18)", () => {
  itEndsAtEmergencyOnEveryEctopicSign(run, { ...BASE, ...WOMAN });

  it("never asks a man, a child of 11 or a woman of 56 with the same story about pregnancy, a late period or its emergency signs", () => {
    const story = { vomiting: "cannot_keep_fluids", pregnancy_emergency: ["shoulder_tip_pain"], missed_period: "yes" };
    for (const who of [
      { sex: "male", age_years: 28 },
      { sex: "other", age_years: 28 },
      { ...WOMAN, age_years: 11 },
      { ...WOMAN, age_years: 56 },
    ]) {
      const { result, asked } = run({ ...BASE, ...story, ...who });
      expect(asked, JSON.stringify(who)).not.toContain("pregnancy_emergency");
      expect(asked, JSON.stringify(who)).not.toContain("missed_period");
      expect(result?.urgency).not.toBe("EMERGENCY");
    }
    expect(run({ ...BASE, ...story }).asked).not.toContain("pregnant");
  });

  itSkipsEctopicSignsWhenNotPregnantNorLate(run, { ...BASE, ...WOMAN, pregnant: "no", missed_period: "no" });
});
