import { describe, expect, it } from "vitest";
import { type TableScenario, WOMAN_OF_30, typedInBothLanguages } from "./flowTestParts.js";
import { describeFlowChecks, tableFlowTest } from "./tableFlowSuite.js";
import type { ScenarioAnswers } from "../libraryFlows.js";

const SLUG = "limb-joint";

/** Pain in one calf that started after a strain, mild: every question has an answer, no rule fires. */
const BASE: ScenarioAnswers = {
  ...WOMAN_OF_30,
  recently_gave_birth: "no",
  limb_emergency_signs: ["none"],
  limb_problem: "one_leg",
  limb_injury: "yes",
  limb_signs: ["none"],
  dvt_risk_factors: ["none"],
  fever: "no",
  severity: 3,
  leg_swelling_breathless: "no",
  hot_swollen_joint: "no",
  usual_gout_attack: "no",
  joint_replacement: "no",
  joint_pattern: ["none"],
  symptom_duration: "3 days",
};

/** What to change in BASE so that a question is asked at all (questions behind a branch). */
const REACH: Record<string, ScenarioAnswers> = {
  leg_swelling_breathless: { limb_problem: "both_legs" },
  hot_swollen_joint: { limb_problem: "joint" },
  usual_gout_attack: { limb_problem: "joint", hot_swollen_joint: "yes" },
  joint_replacement: { limb_problem: "joint" },
  joint_pattern: { limb_problem: "joint" },
  symptom_duration: { limb_problem: "joint" },
};

// A resolver of its own: a flow being written by someone else cannot break these tests.
const table = tableFlowTest(SLUG, BASE, REACH);
const { flow, run, s } = table;

const JOINT = { limb_problem: "joint" };
const NO_INJURY = { limb_injury: "no" };

const SCENARIOS: TableScenario[] = [
  s("a calf strain with mild pain is self care", {}, "SELF_CARE", ["no_warning_sign"]),
  s("a strain at 7/10 stays self care", { severity: 7 }, "SELF_CARE", ["no_warning_sign"]),
  s("a strain at 8/10 is seen the same day", { severity: 8 }, "SOON", ["severe_pain"]),
  s("tenderness after a strain stays self care (the strain is the likelier cause)", { limb_signs: ["tender_along_vein"] }, "SELF_CARE", ["no_warning_sign"]),
  s("a swollen calf after a strain (Wells -1) is seen the same day", { limb_signs: ["calf_swollen"] }, "SOON", ["limb_swelling_dvt_not_excluded"]),
  s("tenderness along the vein with no injury (Wells 1) is seen the same day", { ...NO_INJURY, limb_signs: ["tender_along_vein"] }, "SOON", [
    "limb_swelling_dvt_not_excluded",
    "unexplained_limb_pain",
  ]),
  s("a whole leg and calf swollen with no injury (Wells 2) is urgent", { ...NO_INJURY, limb_signs: ["whole_limb_swollen", "calf_swollen"] }, "URGENT", [
    "dvt_likely",
    "limb_swelling_dvt_not_excluded",
    "unexplained_limb_pain",
  ]),
  s("a swollen calf with active cancer (Wells 2) is urgent", { ...NO_INJURY, limb_signs: ["calf_swollen"], dvt_risk_factors: ["cancer"] }, "URGENT", [
    "dvt_likely",
    "limb_swelling_dvt_not_excluded",
    "pain_with_clot_risk",
    "unexplained_limb_pain",
  ]),
  s("three Wells signs after a strain (Wells 1) are seen the same day", { limb_signs: ["whole_limb_swollen", "calf_swollen", "pitting"] }, "SOON", [
    "limb_swelling_dvt_not_excluded",
  ]),
  s("leg pain with no cause on an oestrogen pill is seen the same day", { ...NO_INJURY, dvt_risk_factors: ["hormones"] }, "SOON", [
    "pain_with_clot_risk",
    "unexplained_limb_pain",
  ]),
  s("leg pain with no cause in pregnancy is seen the same day", { ...NO_INJURY, pregnant: "yes" }, "SOON", [
    "pain_with_clot_risk",
    "unexplained_limb_pain",
    "self_care_in_pregnancy",
  ]),
  s("leg pain with no cause after childbirth is seen the same day", { ...NO_INJURY, recently_gave_birth: "yes" }, "SOON", [
    "pain_with_clot_risk",
    "unexplained_limb_pain",
  ]),
  s("arm pain with no cause and no risk factor is routine", { ...NO_INJURY, limb_problem: "arm" }, "ROUTINE", ["unexplained_limb_pain"]),
  s("red, hot, spreading skin is seen the same day", { limb_signs: ["red_hot_skin"] }, "SOON", ["red_hot_skin"]),
  s("red, hot, spreading skin with fever is urgent", { limb_signs: ["red_hot_skin"], fever: "yes" }, "URGENT", [
    "red_hot_skin_with_fever",
    "red_hot_skin",
    "fever_with_limb_pain",
  ]),
  s("very severe pain with fever is urgent", { fever: "yes", severity: 9 }, "URGENT", ["severe_pain_with_fever", "fever_with_limb_pain", "severe_pain"]),
  s("fever with limb pain is seen the same day", { fever: "yes" }, "SOON", ["fever_with_limb_pain"]),
  s("a child of 10 with leg pain and fever is urgent", { age_years: 10, sex: "male", fever: "yes" }, "URGENT", [
    "child_limb_pain_with_fever",
    "fever_with_limb_pain",
  ]),
  s("a 16-year-old with leg pain and fever is seen the same day", { age_years: 16, sex: "male", fever: "yes" }, "SOON", ["fever_with_limb_pain"]),
  s("both legs swollen is routine", { limb_problem: "both_legs" }, "ROUTINE", ["both_legs_swollen"]),
  s("both legs swollen with breathlessness lying flat is seen the same day", { limb_problem: "both_legs", leg_swelling_breathless: "yes" }, "SOON", [
    "swollen_legs_breathless",
    "both_legs_swollen",
  ]),
  s("both legs swollen in pregnancy are seen the same day", { limb_problem: "both_legs", pregnant: "yes" }, "SOON", [
    "swollen_legs_in_pregnancy",
    "both_legs_swollen",
    "self_care_in_pregnancy",
  ]),
  s("a hot swollen joint unlike usual gout is urgent", { ...JOINT, hot_swollen_joint: "yes" }, "URGENT", ["hot_joint_not_usual_gout"]),
  s("a usual gout attack without fever is seen the same day", { ...JOINT, hot_swollen_joint: "yes", usual_gout_attack: "yes" }, "SOON", [
    "hot_joint_usual_gout",
  ]),
  s("a usual gout attack with fever is urgent", { ...JOINT, hot_swollen_joint: "yes", usual_gout_attack: "yes", fever: "yes" }, "URGENT", [
    "hot_joint_with_fever",
    "hot_joint_usual_gout",
    "fever_with_limb_pain",
  ]),
  s("a hot swollen artificial joint is urgent", { ...JOINT, hot_swollen_joint: "yes", usual_gout_attack: "yes", joint_replacement: "yes" }, "URGENT", [
    "hot_prosthetic_joint",
    "hot_joint_usual_gout",
    "prosthetic_joint_pain",
  ]),
  s("new pain in an artificial joint is routine", { ...JOINT, joint_replacement: "yes" }, "ROUTINE", ["prosthetic_joint_pain"]),
  s("several swollen joints are routine", { ...JOINT, joint_pattern: ["several_swollen_joints"] }, "ROUTINE", ["inflammatory_pattern"]),
  s("long morning stiffness is routine", { ...JOINT, joint_pattern: ["morning_stiffness"] }, "ROUTINE", ["inflammatory_pattern"]),
  s("joint pain for 9 days is self care", { ...JOINT, symptom_duration: "9 days" }, "SELF_CARE", ["no_warning_sign"]),
  s("joint pain for 2 weeks is routine", { ...JOINT, symptom_duration: "2 weeks" }, "ROUTINE", ["persistent_joint_pain"]),
  s("joint pain at 8/10 is seen the same day", { ...JOINT, severity: 8 }, "SOON", ["severe_pain"]),
  s("a child's joint pain with fever is urgent", { ...JOINT, age_years: 6, sex: "male", fever: "yes" }, "URGENT", [
    "child_limb_pain_with_fever",
    "fever_with_limb_pain",
  ]),
  s("mild joint pain in pregnancy is self care with pregnancy advice", { ...JOINT, pregnant: "yes" }, "SELF_CARE", ["self_care_in_pregnancy"]),
];

describe(`${SLUG}: scenarios`, () => {
  table.itRunsScenarios(SCENARIOS);

  it("gives paracetamol-only self-care advice in pregnancy, and ibuprofen advice otherwise", () => {
    const pregnant = run({ ...BASE, ...JOINT, pregnant: "yes" }).result!;
    expect(pregnant.outcome).toBe("self_care_pregnant");
    const man = run({ ...BASE, ...JOINT, sex: "male" }).result!;
    expect(man.outcome).toBe("self_care");
    const advice = (id: string) => flow.nodes.find((n) => n.id === id && n.kind === "outcome") as { advice: { fr: string; en: string } };
    expect(advice("self_care").advice.en).toMatch(/ibuprofen/);
    expect(advice("self_care").advice.en).not.toMatch(/pregnan/i);
    expect(advice("self_care_pregnant").advice.en).toMatch(/no ibuprofen/);
  });

  it("asks about pregnancy only for women aged 12 to 55, and about a recent birth only when not pregnant and the pain has no cause", () => {
    expect(run({ ...BASE, sex: "male" }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, ...NO_INJURY, sex: "male" }).asked).not.toContain("recently_gave_birth");
    expect(run({ ...BASE, age_years: 56 }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, age_years: 11 }).asked).not.toContain("pregnant");
    expect(run({ ...BASE, age_years: 12 }).asked).toContain("pregnant");
    expect(run({ ...BASE, ...NO_INJURY, age_years: 55 }).asked).toContain("recently_gave_birth");
    expect(run({ ...BASE, ...NO_INJURY, pregnant: "yes" }).asked).not.toContain("recently_gave_birth");
    expect(run(BASE).asked).not.toContain("recently_gave_birth");
  });

  it("asks about a recent strain before the Wells signs, and the limb-threatening signs before both", () => {
    const asked = run({ ...BASE, sex: "male" }).asked;
    expect(asked.slice(0, 6)).toEqual(["danger_signs", "age_years", "sex", "limb_emergency_signs", "limb_problem", "limb_injury"]);
    expect(asked.indexOf("limb_signs")).toBeGreaterThan(asked.indexOf("limb_injury"));
  });

  it("stops asking once a clot is likely (Wells 2 or more) or a joint looks septic", () => {
    const dvt = run({ ...BASE, ...NO_INJURY, limb_signs: ["whole_limb_swollen", "calf_swollen"] });
    expect(dvt.asked.at(-1)).toBe("dvt_risk_factors");
    const septic = run({ ...BASE, ...JOINT, hot_swollen_joint: "yes" });
    expect(septic.asked.at(-1)).toBe("fever");
    expect(septic.result?.urgency).toBe("URGENT");
  });

  it("asks at most 10 questions after the danger screen, 8 once the general flow has asked age, sex and pregnancy", () => {
    const paths = [
      run(BASE),
      run({ ...BASE, ...NO_INJURY }),
      run({ ...BASE, ...JOINT }),
      run({ ...BASE, ...JOINT, hot_swollen_joint: "yes", usual_gout_attack: "yes" }),
      run({ ...BASE, limb_problem: "both_legs" }),
    ];
    for (const r of paths) {
      const own = r.asked.filter((id) => !["danger_signs", "age_years", "sex", "pregnant"].includes(id));
      expect(own.length, r.asked.join(",")).toBeLessThanOrEqual(8);
    }
  });

  table.itSkipsAnsweredQuestions([
    [WOMAN_OF_30, "limb_emergency_signs"],
    [{ ...WOMAN_OF_30, sex: "male" }, "limb_emergency_signs"],
  ]);
});

describeFlowChecks(table, {
  bilingual: {
    ...typedInBothLanguages(
      BASE,
      { sex: "male", age_years: "62", limb_injury: "non", limb_signs: "calf_swollen,tender_along_vein", dvt_risk_factors: "none", fever: "non", severity: "4" },
      { limb_injury: "no", fever: "no" },
    ),
    urgency: "URGENT",
    rules: ["dvt_likely"],
    reasonFr: /thrombose/i,
    reasonEn: /thrombosis/i,
  },
  demographics: "all",
  vignettes: true,
});
