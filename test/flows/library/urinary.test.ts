import { describe, expect, it } from "vitest";
import { expectEctopicSignsRightAfterPregnancy, itEndsAtEmergencyOnEveryEctopicSign, itSkipsEctopicSignsWhenNotPregnantNorLate } from "./ectopicChecks.js";
import { WOMAN_OF_30, itStartsWithDangerSignsThenDemographics } from "./flowTestParts.js";
import { describeFlowChecks, tableFlowTest } from "./tableFlowSuite.js";

const SLUG = "urinary";

// The flow with a resolver of its own (a flow being written by someone else cannot break these tests), its
// red-flag cases generated from its data (redFlagSuite.ts) and its scenario table (scenarios/<slug>.json).
const table = tableFlowTest(SLUG);
const { run, base: BASE } = table;

describe(`${SLUG}: scenarios`, () => {
  table.itAsksPregnancyOnlyFrom12To55("asks about pregnancy only for women aged 12 to 55");

  it("asks a baby's parent only the danger signs, age, sex and general signs", () => {
    expect(run({ ...BASE, age_years: 0 }).asked).toEqual(["danger_signs", "age_years", "sex", "systemic_symptoms"]);
  });

  it("screens a baby for sepsis signs on the short path too", () => {
    const { result, asked } = run({ ...BASE, age_years: 0, systemic_symptoms: ["fever", "mottled_skin"] });
    expect(result?.redFlag).toBe("rf_possible_sepsis");
    expect(result?.urgency).toBe("EMERGENCY");
    expect(asked[asked.length - 1]).toBe("systemic_symptoms");
  });

  itStartsWithDangerSignsThenDemographics(run, BASE);

  table.itSkipsAnsweredQuestions([
    [WOMAN_OF_30, "missed_period"],
    [{ ...WOMAN_OF_30, pregnant: "yes" }, "pregnancy_emergency"],
    [{ ...WOMAN_OF_30, sex: "male" }, "catheter"],
  ]);

  it("gives self care only to a non-pregnant woman aged 16 to 64", () => {
    const selfCare: string[] = [];
    for (const sex of ["female", "male", "other"]) {
      for (const age of [0, 1, 12, 15, 16, 30, 55, 56, 64, 65, 90]) {
        for (const pregnant of ["yes", "no", "unsure"]) {
          const { result } = run({ ...BASE, sex, age_years: age, pregnant });
          if (result?.urgency === "SELF_CARE") selfCare.push(`${sex} ${age} ${pregnant}`);
          if (result?.urgency === "SELF_CARE") {
            expect(sex).toBe("female");
            expect(age).toBeGreaterThanOrEqual(16);
            expect(age).toBeLessThanOrEqual(64);
            expect(pregnant === "no" || age > 55).toBe(true);
          }
        }
      }
    }
    expect(selfCare.length).toBeGreaterThan(0);
  });
});

describe(`${SLUG}: ectopic pregnancy whatever the complaint picked (NICE NG126, issue 18)`, () => {
  it("asks the pregnancy emergency signs right after pregnancy, before the urinary questions, of a woman who may be pregnant", () => {
    expectEctopicSignsRightAfterPregnancy(run, BASE, "catheter");
  });

  itEndsAtEmergencyOnEveryEctopicSign(run, BASE);

  it("never asks a man, a child of 11 or a woman of 56 with the same story about pregnancy, a late period or its emergency signs", () => {
    const story = { pregnancy_emergency: ["shoulder_tip_pain"], missed_period: "yes" };
    for (const who of [{ sex: "male" }, { sex: "other" }, { age_years: 11 }, { age_years: 56 }]) {
      const { result, asked } = run({ ...BASE, ...story, ...who });
      expect(asked, JSON.stringify(who)).not.toContain("pregnant");
      expect(asked, JSON.stringify(who)).not.toContain("missed_period");
      expect(asked, JSON.stringify(who)).not.toContain("pregnancy_emergency");
      expect(result?.urgency).not.toBe("EMERGENCY");
    }
  });

  itSkipsEctopicSignsWhenNotPregnantNorLate(run, BASE);
});

describeFlowChecks(table, {
  demographics: "all",
  vignettes: false,
});
