import { describe, expect, it } from "vitest";
import { expectEctopicSignsRightAfterPregnancy, itEndsAtEmergencyOnEveryEctopicSign, itSkipsEctopicSignsWhenNotPregnantNorLate } from "./ectopicChecks.js";
import { type TableScenario, WOMAN_OF_30, itStartsWithDangerSignsThenDemographics, typedInBothLanguages } from "./flowTestParts.js";
import { describeFlowChecks, tableFlowTest } from "./tableFlowSuite.js";
import type { ScenarioAnswers } from "../libraryFlows.js";
import { MILD_URINARY } from "../../fixtures/mildStories.js";

const SLUG = "urinary";

/** A woman of 30 with mild burning and frequency since yesterday: every question has an answer, no rule fires. */
const BASE: ScenarioAnswers = {
  ...WOMAN_OF_30,
  missed_period: "no",
  pregnancy_emergency: ["none"],
  ...MILD_URINARY,
};

/** What to change in BASE so that a question is asked at all (questions behind a branch). */
const REACH: Record<string, ScenarioAnswers> = { pregnancy_emergency: { pregnant: "yes" } };

// ---------------------------------------------------------------------------------------------
// Generic red-flag cases, generated from the flow data (redFlagSuite.ts, shared by the library tests).
// A resolver of its own: a flow being written by someone else cannot break these tests.
const table = tableFlowTest(SLUG, BASE, REACH);
const { run, s } = table;

// ---------------------------------------------------------------------------------------------

const SCENARIOS: TableScenario[] = [
  s("mild symptoms with one key sign in a woman of 30 are self care", {}, "SELF_CARE", ["mild_lower_uti_self_care"]),
  s("two key signs are seen the same day (likely UTI)", { key_symptoms: ["dysuria", "cloudy_urine"] }, "SOON", ["two_or_more_key_symptoms"]),
  s("three key signs are seen the same day", { key_symptoms: ["dysuria", "new_nocturia", "cloudy_urine"] }, "SOON", ["two_or_more_key_symptoms"]),
  s("discomfort at 4/10 stays self care", { discomfort: 4 }, "SELF_CARE", ["mild_lower_uti_self_care"]),
  s("discomfort at 5/10 is seen the same day", { discomfort: 5 }, "SOON", ["symptoms_not_mild"]),
  s("a girl of 15 is seen the same day", { age_years: 15 }, "SOON", ["child_under_16"]),
  s("a young woman of 16 with mild symptoms is self care", { age_years: 16 }, "SELF_CARE", ["mild_lower_uti_self_care"]),
  s("a woman of 64 with mild symptoms is self care", { age_years: 64 }, "SELF_CARE", ["mild_lower_uti_self_care"]),
  s("a woman of 65 is seen the same day", { age_years: 65 }, "SOON", ["age_65_or_over_with_uti_symptoms"]),
  s("a pregnant woman is seen the same day, never self care", { pregnant: "yes" }, "SOON", ["pregnant_with_urinary_symptoms"]),
  s("a possibly pregnant woman is seen the same day", { pregnant: "unsure" }, "SOON", ["pregnant_with_urinary_symptoms"]),
  s("a woman whose period is late is seen the same day, never self care", { missed_period: "yes" }, "SOON", ["pregnant_with_urinary_symptoms"]),
  s("fever in pregnancy is urgent", { pregnant: "yes", systemic_symptoms: ["fever"] }, "URGENT", [
    "upper_uti_signs_in_pregnancy",
    "fever",
    "pregnant_with_urinary_symptoms",
  ]),
  s("a man with urinary infection symptoms is seen the same day", { sex: "male" }, "SOON", ["man_with_uti_symptoms"]),
  s("a person of unstated sex with urinary infection symptoms is seen the same day", { sex: "other" }, "SOON", ["man_with_uti_symptoms"]),
  s("visible blood without infection symptoms is routine", { sex: "male", key_symptoms: ["none"], other_symptoms: ["visible_blood"] }, "ROUTINE", [
    "visible_blood_without_infection_symptoms",
  ]),
  s("visible blood with one key sign is routine, not self care", { other_symptoms: ["visible_blood"] }, "ROUTINE", ["visible_blood_with_infection_symptoms"]),
  s("fever with loin pain is urgent (pyelonephritis)", { systemic_symptoms: ["fever", "loin_pain"] }, "URGENT", ["fever_and_loin_pain", "fever", "loin_pain"]),
  s("fever alone is seen the same day", { systemic_symptoms: ["fever"] }, "SOON", ["fever"]),
  s("loin pain alone is seen the same day", { systemic_symptoms: ["loin_pain"] }, "SOON", ["loin_pain"]),
  s("shaking chills are urgent", { systemic_symptoms: ["shaking_chills"] }, "URGENT", ["rigors"]),
  s("vomiting with fever is urgent", { systemic_symptoms: ["fever", "vomiting"] }, "URGENT", ["vomiting_with_upper_uti_signs", "fever", "vomiting"]),
  s("vomiting alone is seen the same day", { systemic_symptoms: ["vomiting"] }, "SOON", ["vomiting"]),
  s("unable to pass urine with a painful full bladder is urgent (retention)", { urinary_retention: "yes" }, "URGENT", ["urinary_retention"]),
  s("a catheter is seen the same day", { catheter: "yes" }, "SOON", ["catheter"]),
  s("fever with a catheter is urgent", { catheter: "yes", systemic_symptoms: ["fever"] }, "URGENT", ["catheter_with_fever", "fever", "catheter"]),
  s("a weakened immune system is seen the same day", { risk_factors: ["weak_immunity"] }, "SOON", ["risk_factor_for_complicated_uti"]),
  s("fever with a weakened immune system is urgent", { risk_factors: ["weak_immunity"], systemic_symptoms: ["fever"] }, "URGENT", [
    "fever_with_weak_immunity",
    "fever",
    "risk_factor_for_complicated_uti",
  ]),
  s("diabetes is seen the same day", { risk_factors: ["diabetes"] }, "SOON", ["risk_factor_for_complicated_uti"]),
  s("repeated infections are routine", { risk_factors: ["recurrent_uti"] }, "ROUTINE", ["recurrent_uti"]),
  s("discharge is routine (other cause possible)", { other_symptoms: ["discharge"] }, "ROUTINE", ["discharge"]),
  s("symptoms for 71 hours stay self care", { symptom_duration: "71 hours" }, "SELF_CARE", ["mild_lower_uti_self_care"]),
  s("symptoms for 3 days are routine", { symptom_duration: "3 days" }, "ROUTINE", ["symptoms_3_days_or_more"]),
  s("no better after 48 hours of antibiotics is seen the same day", { antibiotics: "yes_not_better" }, "SOON", ["antibiotics_not_working"]),
  s("antibiotics started recently with mild symptoms stay self care", { antibiotics: "yes_recent_or_better" }, "SELF_CARE", ["mild_lower_uti_self_care"]),
  s("no typical urinary infection symptom is routine", { key_symptoms: ["none"], other_symptoms: ["none"] }, "ROUTINE", ["no_typical_uti_symptoms"]),
  s("a baby under one is urgent after a short questionnaire", { age_years: 0 }, "URGENT", ["infant_under_1"]),
];

describe(`${SLUG}: scenarios`, () => {
  table.itRunsScenarios(SCENARIOS);

  it("asks about pregnancy only for women aged 12 to 55", () => {
    table.expectPregnancyAskedFrom12To55();
  });

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
  bilingual: {
    ...typedInBothLanguages(
      BASE,
      {
        age_years: "45",
        sex: "female",
        pregnant: "no",
        catheter: "non",
        urinary_retention: "non",
        key_symptoms: "dysuria,cloudy_urine",
        systemic_symptoms: "fever,loin_pain",
        discomfort: "6",
        symptom_duration: "2 jours",
      },
      { catheter: "no", urinary_retention: "no", symptom_duration: "2 days" },
    ),
    urgency: "URGENT",
    rules: ["fever_and_loin_pain", "two_or_more_key_symptoms", "symptoms_not_mild"],
    reasonFr: /rein/i,
    reasonEn: /kidney/i,
  },
  demographics: "all",
  vignettes: false,
});
