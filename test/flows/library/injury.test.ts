import { describe, expect, it } from "vitest";
import { type TableScenario, WOMAN_OF_30, typedInBothLanguages } from "./flowTestParts.js";
import { describeFlowChecks, tableFlowTest } from "./tableFlowSuite.js";
import type { ScenarioAnswers } from "../libraryFlows.js";

const SLUG = "injury";

/** A mild ankle twist: every question has an answer, no rule fires. */
const BASE: ScenarioAnswers = {
  ...WOMAN_OF_30,
  injury_type: "limb",
  head_injury_signs: ["none"],
  injury_mechanism: "knock_or_twist",
  head_injury_risks: ["none"],
  child_behaviour_change: "no",
  limb_injury_signs: ["none"],
  fracture_signs: ["none"],
  severity: 3,
  injury_time: "1 day",
  wound_signs: ["none"],
  wound_features: ["none"],
  infection_signs: "no",
  tetanus_up_to_date: "yes",
  bite_animal: "dog",
  bite_skin: "broken_no_blood",
  rabies_risk: "no",
  body_injury_signs: ["none"],
};

/** What to change in BASE so that a question is asked at all (questions behind a branch). */
const REACH: Record<string, ScenarioAnswers> = {
  head_injury_signs: { injury_type: "head" },
  head_injury_risks: { injury_type: "head" },
  child_behaviour_change: { injury_type: "head", age_years: 3, sex: "male" },
  wound_signs: { injury_type: "wound" },
  wound_features: { injury_type: "wound" },
  infection_signs: { injury_type: "wound" },
  tetanus_up_to_date: { injury_type: "wound" },
  bite_animal: { injury_type: "bite" },
  bite_skin: { injury_type: "bite" },
  rabies_risk: { injury_type: "bite" },
  body_injury_signs: { injury_type: "body" },
};

// A resolver of its own: a flow being written by someone else cannot break these tests.
const table = tableFlowTest(SLUG, BASE, REACH);
const { run, s } = table;

const HEAD = { injury_type: "head" };
const WOUND = { injury_type: "wound" };
const BITE = { injury_type: "bite" };
const BODY = { injury_type: "body" };

const SCENARIOS: TableScenario[] = [
  s("a mild ankle twist is self care", {}, "SELF_CARE", ["no_warning_sign"]),
  s("a deformed limb is urgent", { fracture_signs: ["deformed"] }, "URGENT", ["deformed_limb"]),
  s("unable to take 4 steps is seen the same day (Ottawa)", { fracture_signs: ["cannot_bear_weight"] }, "SOON", ["possible_fracture"]),
  s("sharp pain on the bone is seen the same day (Ottawa)", { fracture_signs: ["bone_tenderness"] }, "SOON", ["possible_fracture"]),
  s("a sprain at 7/10 stays self care", { severity: 7 }, "SELF_CARE", ["no_warning_sign"]),
  s("a sprain at 8/10 is seen the same day", { severity: 8 }, "SOON", ["severe_pain"]),
  s("pain 9 days after a sprain stays self care", { injury_time: "9 days" }, "SELF_CARE", ["no_warning_sign"]),
  s("pain 2 weeks after a sprain is routine", { injury_time: "2 weeks" }, "ROUTINE", ["pain_after_10_days"]),
  s("a high-energy injury is urgent", { injury_mechanism: "high_energy" }, "URGENT", ["violent_impact"]),
  s("a fall after a blackout is seen the same day", { injury_mechanism: "fall_after_blackout" }, "SOON", ["fall_after_blackout"]),
  s("a simple fall at 70 is routine (falls assessment)", { age_years: 70, injury_mechanism: "simple_fall" }, "ROUTINE", ["fall_in_older_person"]),
  s("a simple fall at 64 is self care", { age_years: 64, injury_mechanism: "simple_fall" }, "SELF_CARE", ["no_warning_sign"]),
  s("a minor head injury is self care with head injury advice", { ...HEAD }, "SELF_CARE", ["minor_head_injury"]),
  s("a head injury on blood thinners is urgent", { ...HEAD, head_injury_risks: ["blood_thinners"] }, "URGENT", ["head_injury_on_blood_thinners"]),
  s("a head injury with a bleeding disorder is urgent", { ...HEAD, head_injury_risks: ["bleeding_disorder"] }, "URGENT", ["head_injury_bleeding_disorder"]),
  s("a head injury after brain surgery is urgent", { ...HEAD, head_injury_risks: ["brain_surgery"] }, "URGENT", ["head_injury_after_brain_surgery"]),
  s("a head injury after drinking is urgent", { ...HEAD, head_injury_risks: ["alcohol_drugs"] }, "URGENT", ["head_injury_intoxicated"]),
  s("a persistent headache since the knock is urgent", { ...HEAD, head_injury_risks: ["persistent_headache"] }, "URGENT", ["head_injury_persistent_headache"]),
  s("a head injury with nobody at home is seen the same day", { ...HEAD, head_injury_risks: ["alone_at_home"] }, "SOON", ["head_injury_alone"]),
  s("a child of 3 behaving differently after a knock is urgent", { ...HEAD, age_years: 3, sex: "male", child_behaviour_change: "yes" }, "URGENT", [
    "child_behaviour_change",
  ]),
  s("a child of 3 behaving normally after a knock is self care", { ...HEAD, age_years: 3, sex: "male" }, "SELF_CARE", ["minor_head_injury"]),
  s("a head injury in a baby is urgent", { ...HEAD, age_years: 0, sex: "male" }, "URGENT", ["baby_head_injury"]),
  s("a high-energy head injury is urgent", { ...HEAD, injury_mechanism: "high_energy" }, "URGENT", ["violent_impact"]),
  s("a simple fall on the head at 70 is routine", { ...HEAD, age_years: 70, injury_mechanism: "simple_fall" }, "ROUTINE", [
    "fall_in_older_person",
    "minor_head_injury",
  ]),
  s("a small clean cut is self care", { ...WOUND }, "SELF_CARE", ["no_warning_sign"]),
  s("numbness beyond a cut is urgent", { ...WOUND, wound_features: ["numb_or_cant_move"] }, "URGENT", ["wound_nerve_or_tendon"]),
  s("a gaping cut is seen the same day", { ...WOUND, wound_features: ["gaping"] }, "SOON", ["wound_needs_closing"]),
  s("a deep cut is seen the same day", { ...WOUND, wound_features: ["deep"] }, "SOON", ["wound_needs_closing"]),
  s("a cut on the hand is seen the same day", { ...WOUND, wound_features: ["face_hand_joint"] }, "SOON", ["wound_high_risk_site"]),
  s("glass left in a wound is seen the same day", { ...WOUND, wound_features: ["foreign_body"] }, "SOON", ["wound_foreign_body"]),
  s("a foot wound with diabetes is seen the same day", { ...WOUND, wound_features: ["diabetic_foot"] }, "SOON", ["diabetic_foot_wound"]),
  s("an infected wound is seen the same day", { ...WOUND, infection_signs: "yes" }, "SOON", ["wound_infection"]),
  s("a dirty wound without tetanus cover is seen the same day", { ...WOUND, wound_features: ["dirty"], tetanus_up_to_date: "no" }, "SOON", [
    "tetanus_prone_not_covered",
    "tetanus_not_up_to_date",
  ]),
  s("a dirty wound with tetanus cover is self care", { ...WOUND, wound_features: ["dirty"] }, "SELF_CARE", ["no_warning_sign"]),
  s("a clean cut with unsure tetanus cover is routine", { ...WOUND, tetanus_up_to_date: "unsure" }, "ROUTINE", ["tetanus_not_up_to_date"]),
  s("a dog graze without bleeding is self care", { ...BITE }, "SELF_CARE", ["no_warning_sign"]),
  s("a dog bite that did not break the skin is self care", { ...BITE, bite_skin: "not_broken" }, "SELF_CARE", ["no_warning_sign"]),
  s("a dog bite that bled is seen the same day", { ...BITE, bite_skin: "broken_bleeding" }, "SOON", ["bite_drew_blood"]),
  s("a cat bite that broke the skin is seen the same day", { ...BITE, bite_animal: "cat" }, "SOON", ["cat_or_human_bite_broke_skin"]),
  s("a human bite that broke the skin is seen the same day", { ...BITE, bite_animal: "human" }, "SOON", ["cat_or_human_bite_broke_skin"]),
  s("a human bite that did not break the skin is self care", { ...BITE, bite_animal: "human", bite_skin: "not_broken" }, "SELF_CARE", ["no_warning_sign"]),
  s("a possible rabies exposure is seen the same day, even on intact skin", { ...BITE, bite_skin: "not_broken", rabies_risk: "yes" }, "SOON", [
    "rabies_exposure",
  ]),
  s("a bite without tetanus cover is seen the same day", { ...BITE, tetanus_up_to_date: "no" }, "SOON", [
    "tetanus_prone_not_covered",
    "tetanus_not_up_to_date",
  ]),
  s("a bite on the hand is seen the same day", { ...BITE, wound_features: ["face_hand_joint"] }, "SOON", ["wound_high_risk_site"]),
  s("a bruise on the back is self care", { ...BODY }, "SELF_CARE", ["no_warning_sign"]),
  s("worsening belly pain after a blow is urgent", { ...BODY, body_injury_signs: ["belly_pain_worsening"] }, "URGENT", ["belly_pain_after_blow"]),
  s("blood in the urine after a blow is urgent", { ...BODY, body_injury_signs: ["blood_in_urine"] }, "URGENT", ["blood_in_urine_after_blow"]),
  s("a blow to the trunk in pregnancy is urgent", { ...BODY, pregnant: "yes" }, "URGENT", ["trunk_blow_in_pregnancy"]),
  s("very severe pain after a blow to the chest is seen the same day", { ...BODY, sex: "male", severity: 9 }, "SOON", ["severe_pain"]),
];

describe(`${SLUG}: scenarios`, () => {
  table.itRunsScenarios(SCENARIOS);

  it("gives head injury advice only after a knock to the head", () => {
    expect(run({ ...BASE, ...HEAD }).result?.outcome).toBe("self_care_head");
    expect(run(BASE).result?.outcome).toBe("self_care");
  });

  it("asks about the head injury signs before how it happened, and about blood thinners after both", () => {
    const asked = run({ ...BASE, ...HEAD, sex: "male" }).asked;
    expect(asked).toEqual(["danger_signs", "age_years", "sex", "injury_type", "head_injury_signs", "injury_mechanism", "head_injury_risks"]);
  });

  it("asks about a child's behaviour only under 5", () => {
    expect(run({ ...BASE, ...HEAD, age_years: 4 }).asked).toContain("child_behaviour_change");
    expect(run({ ...BASE, ...HEAD, age_years: 5 }).asked).not.toContain("child_behaviour_change");
  });

  it("stops asking once the injury is high-energy or the limb deformed", () => {
    expect(run({ ...BASE, injury_mechanism: "high_energy" }).asked.at(-1)).toBe("injury_mechanism");
    expect(run({ ...BASE, fracture_signs: ["deformed"] }).asked.at(-1)).toBe("fracture_signs");
  });

  it("asks about rabies only for an animal bite, and about the wound only when the skin is broken", () => {
    expect(run({ ...BASE, ...BITE, bite_animal: "human" }).asked).not.toContain("rabies_risk");
    expect(run({ ...BASE, ...BITE, bite_skin: "not_broken" }).asked).not.toContain("wound_features");
    expect(run({ ...BASE, ...BITE }).asked).toEqual(expect.arrayContaining(["rabies_risk", "wound_features", "tetanus_up_to_date"]));
  });

  it("asks about pregnancy only for women aged 12 to 55", () => {
    expect(run({ ...BASE, sex: "male" }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, age_years: 56 }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, age_years: 11 }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, age_years: 12 }).asked).toContain("pregnant");
  });

  it("asks at most 10 questions after the danger screen on any path", () => {
    const paths = [BASE, HEAD, WOUND, BITE, BODY, { ...HEAD, age_years: 2 }].map((change) => run({ ...BASE, ...change }));
    for (const r of paths) expect(r.asked.length - 1, r.asked.join(",")).toBeLessThanOrEqual(10);
  });

  table.itSkipsAnsweredQuestions([[WOMAN_OF_30, "injury_type"]]);
});

describeFlowChecks(table, {
  bilingual: {
    ...typedInBothLanguages(
      BASE,
      { injury_type: "head", sex: "male", age_years: "80", injury_mechanism: "simple_fall", head_injury_risks: "blood_thinners,alone_at_home" },
      // The age typed as a number rather than as text.
      { age_years: 80 },
    ),
    urgency: "URGENT",
    rules: ["head_injury_on_blood_thinners", "head_injury_alone", "fall_in_older_person"],
    reasonFr: /anticoagulant/i,
    reasonEn: /anticoagulant/i,
  },
  demographics: "all",
  vignettes: true,
});
