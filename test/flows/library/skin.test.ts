import { describe, expect, it } from "vitest";
import { describeComplaintFlow, scenario as s, type FlowScenario } from "./complaintFlowSuite.js";
import { typedInBothLanguages } from "./flowTestParts.js";
import type { ScenarioAnswers } from "../libraryFlows.js";

/** A man of 30 with an itchy rash for 2 days and nothing else: no rule fires. */
const BASE: ScenarioAnswers = {
  danger_signs: ["none"],
  age_years: 30,
  child_age_months: 6,
  sex: "male",
  pregnant: "no",
  skin_problem: "rash",
  rash_band: "no",
  band_features: ["none"],
  skin_red_flags: ["none"],
  skin_features: ["none"],
  fever: "no",
  immunosuppressed: "no",
  symptom_duration: "2 days",
  burn_cause: "heat",
  sunburn_signs: ["none"],
  burn_red_flags: ["none"],
  burn_features: ["none"],
};

const WOMAN = { sex: "female", age_years: 29 };
const burn = (change: ScenarioAnswers) => ({ skin_problem: "burn", ...change });
const sunburn = (change: ScenarioAnswers) => ({ skin_problem: "burn", burn_cause: "sun", ...change });
const band = (change: ScenarioAnswers) => ({ rash_band: "yes", ...change });

const SCENARIOS: FlowScenario[] = [
  s("a mild rash is self care", {}, "SELF_CARE", ["no_warning_sign"], "self_care"),
  s("an insect bite with local swelling is self care", { skin_problem: "insect_bite" }, "SELF_CARE", ["no_warning_sign"], "self_care"),
  s("hives for 5 weeks are self care", { skin_problem: "hives_swelling", symptom_duration: "5 weeks" }, "SELF_CARE", ["no_warning_sign"]),
  s("hives for 6 weeks are routine (chronic urticaria)", { skin_problem: "hives_swelling", symptom_duration: "6 weeks" }, "ROUTINE", ["hives_over_6_weeks"]),
  s("a rash for 13 days is self care", { symptom_duration: "13 days" }, "SELF_CARE", ["no_warning_sign"]),
  s("a rash for 2 weeks is routine", { symptom_duration: "2 weeks" }, "ROUTINE", ["rash_over_2_weeks"]),
  s("a spreading ring after a tick bite is routine (Lyme disease)", { skin_problem: "insect_bite", skin_features: ["bullseye_rash"] }, "ROUTINE", [
    "tick_bite_spreading_ring",
  ]),
  s("red, hot, painful skin is seen the same day (cellulitis)", { skin_problem: "red_painful_skin" }, "SOON", ["cellulitis_signs"]),
  s("spreading redness around a bite is seen the same day", { skin_problem: "insect_bite", skin_features: ["spreading_redness"] }, "SOON", [
    "cellulitis_signs",
  ]),
  s("cellulitis with fever is urgent", { skin_problem: "red_painful_skin", fever: "yes" }, "URGENT", [
    "cellulitis_with_fever_or_low_immunity",
    "cellulitis_signs",
    "fever_with_skin_problem",
  ]),
  s("cellulitis with a weak immune system is urgent", { skin_problem: "red_painful_skin", immunosuppressed: "yes" }, "URGENT", [
    "cellulitis_with_fever_or_low_immunity",
    "cellulitis_signs",
    "weakened_immunity",
  ]),
  s("redness around an eye is urgent", { skin_features: ["around_eye"] }, "URGENT", ["redness_around_eye"]),
  s("lip swelling without breathing trouble is urgent", { skin_problem: "hives_swelling", skin_features: ["face_lip_swelling"] }, "URGENT", [
    "face_lip_swelling",
  ]),
  s("non-blanching spots without fever are urgent", { skin_features: ["non_blanching_well"] }, "URGENT", ["non_blanching_spots"]),
  s("a rash with fever is seen the same day", { fever: "yes" }, "SOON", ["fever_with_skin_problem"]),
  s("a baby of 2 months with a rash and fever is urgent", { age_years: 0, child_age_months: 2, fever: "yes" }, "URGENT", [
    "young_infant_with_fever",
    "fever_with_skin_problem",
  ]),
  s("a baby of 6 months with a rash and no fever is self care", { age_years: 0 }, "SELF_CARE", ["no_warning_sign"]),
  s("a rash with a weak immune system is seen the same day", { immunosuppressed: "yes" }, "SOON", ["weakened_immunity"]),
  s("a rash in pregnancy is seen the same day", { ...WOMAN, pregnant: "yes" }, "SOON", ["rash_in_pregnancy"]),
  s("a rash in possible pregnancy is seen the same day", { ...WOMAN, pregnant: "unsure" }, "SOON", ["rash_in_pregnancy"]),
  s("hives in pregnancy are self care", { ...WOMAN, pregnant: "yes", skin_problem: "hives_swelling" }, "SELF_CARE", ["no_warning_sign"]),
  s("a small burn without blisters is self care, with burn advice", burn({}), "SELF_CARE", ["burn_without_blisters"], "self_care_burn"),
  s("a blistering burn on the arm is seen the same day", burn({ burn_features: ["blisters"] }), "SOON", ["blistering_burn"]),
  s("a blistering burn on the hand is urgent", burn({ burn_features: ["blisters_sensitive_area"] }), "URGENT", ["blistering_burn_sensitive_area"]),
  s("a chemical burn is urgent", burn({ burn_features: ["chemical"] }), "URGENT", ["chemical_burn"]),
  s("a small burn in a child of 3 is seen the same day", burn({ age_years: 3 }), "SOON", ["burn_in_young_child_or_pregnancy", "burn_without_blisters"]),
  s("a small burn in pregnancy is seen the same day", burn({ ...WOMAN, pregnant: "yes" }), "SOON", [
    "burn_in_young_child_or_pregnancy",
    "burn_without_blisters",
  ]),
  s("an infected burn is seen the same day", burn({ burn_features: ["infected"] }), "SOON", ["infected_burn"]),
  s("a burn caused by a chemical is urgent even when the patient ticks no other sign", burn({ burn_cause: "chemical" }), "URGENT", [
    "chemical_burn",
    "burn_without_blisters",
  ]),
  // Issue 18: sunburn is asked its own signs (NHS Sunburn) instead of the size of a heat burn.
  s("sunburn over both shoulders without blisters is self care, with sunburn advice", sunburn({}), "SELF_CARE", ["sunburn"], "self_care_sunburn"),
  s("sunburn with blisters or bad swelling is seen the same day", sunburn({ sunburn_signs: ["blisters_swelling"] }), "SOON", [
    "sunburn_blisters_or_swelling",
    "sunburn",
  ]),
  s("sunburn with dizziness, headache or cramps is seen the same day (heat exhaustion)", sunburn({ sunburn_signs: ["heat_exhaustion"] }), "SOON", [
    "sunburn_heat_exhaustion",
    "sunburn",
  ]),
  s("sunburn with a fever is seen the same day", sunburn({ fever: "yes" }), "SOON", ["fever_with_skin_problem", "sunburn"]),
  s("sunburn in a child of 3 is seen the same day", sunburn({ age_years: 3 }), "SOON", ["burn_in_young_child_or_pregnancy", "sunburn"]),
  // Issue 18: a painful one-sided band of blisters is shingles, not a severe skin reaction, unless it spreads.
  s("a painful one-sided band of blisters is seen the same day for antivirals (shingles)", band({}), "SOON", ["shingles"]),
  s("a band of blisters near an eye is urgent (ophthalmic shingles)", band({ band_features: ["near_eye"] }), "URGENT", ["shingles_near_eye", "shingles"]),
];

const { run } = describeComplaintFlow({
  slug: "skin",
  base: BASE,
  reach: {
    child_age_months: { age_years: 0 },
    pregnant: WOMAN,
    burn_cause: { skin_problem: "burn" },
    burn_red_flags: { skin_problem: "burn" },
    burn_features: { skin_problem: "burn" },
    sunburn_signs: { skin_problem: "burn", burn_cause: "sun" },
    band_features: { rash_band: "yes" },
  },
  scenarios: SCENARIOS,
  bilingual: {
    ...typedInBothLanguages(
      BASE,
      { age_years: "54", skin_problem: "red_painful_skin", fever: "oui", immunosuppressed: "non", symptom_duration: "2 jours" },
      { fever: "yes", immunosuppressed: "no", symptom_duration: "2 days" },
    ),
    urgency: "URGENT",
    rules: ["cellulitis_with_fever_or_low_immunity", "cellulitis_signs", "fever_with_skin_problem"],
    reasonFr: /fièvre/,
    reasonEn: /fever/,
  },
});

describe("skin: questions asked", () => {
  it("asks burns their own questions, and no fever or duration", () => {
    const asked = run({ ...BASE, skin_problem: "burn" }).asked;
    expect(asked).toEqual(["danger_signs", "age_years", "sex", "skin_problem", "burn_cause", "burn_red_flags", "burn_features"]);
  });

  it("asks a heat or chemical burn its size and depth, and sunburn its own signs instead", () => {
    for (const cause of ["heat", "chemical"]) expect(run({ ...BASE, skin_problem: "burn", burn_cause: cause }).asked, cause).toContain("burn_red_flags");
    const asked = run({ ...BASE, skin_problem: "burn", burn_cause: "sun" }).asked;
    expect(asked.slice(4)).toEqual(["burn_cause", "sunburn_signs", "fever"]);
  });

  it("ends an electrical burn at EMERGENCY as soon as its cause is given, and sunburn with heatstroke signs too", () => {
    const electrical = run({ ...BASE, skin_problem: "burn", burn_cause: "electrical" });
    expect([electrical.result?.urgency, electrical.result?.redFlag, electrical.asked.at(-1)]).toEqual([
      "EMERGENCY",
      "rf_electrical_or_inhalation_burn",
      "burn_cause",
    ]);
    const heatstroke = run({ ...BASE, skin_problem: "burn", burn_cause: "sun", sunburn_signs: ["heatstroke"] });
    expect([heatstroke.result?.urgency, heatstroke.result?.redFlag]).toEqual(["EMERGENCY", "rf_heatstroke"]);
  });

  it("asks a band of blisters its own emergency signs, ending at EMERGENCY when blisters or sores spread beyond it, and any other blistering rash as before", () => {
    expect(run({ ...BASE, rash_band: "yes" }).asked).not.toContain("skin_red_flags");
    const spread = run({ ...BASE, rash_band: "yes", band_features: ["spread"] });
    expect([spread.result?.urgency, spread.result?.redFlag, spread.asked.at(-1)]).toEqual(["EMERGENCY", "rf_blistering_mucosal_rash", "band_features"]);
    for (const problem of ["rash", "hives_swelling", "insect_bite", "red_painful_skin"]) {
      const other = run({ ...BASE, skin_problem: problem, skin_red_flags: ["blistering_peeling"] });
      expect([other.result?.urgency, other.result?.redFlag], problem).toEqual(["EMERGENCY", "rf_blistering_mucosal_rash"]);
    }
  });

  it("asks a rash whether it is a one-sided band before the emergency signs, and every other skin problem the emergency signs first, never the burn questions", () => {
    const asked = run(BASE).asked;
    expect(asked.slice(0, 6)).toEqual(["danger_signs", "age_years", "sex", "skin_problem", "rash_band", "skin_red_flags"]);
    expect(asked).not.toContain("burn_red_flags");
    expect(run({ ...BASE, skin_problem: "insect_bite" }).asked.slice(0, 5)).toEqual(["danger_signs", "age_years", "sex", "skin_problem", "skin_red_flags"]);
  });

  it("asks about pregnancy only for women aged 12 to 55", () => {
    expect(run(BASE).asked).not.toContain("pregnant");
    expect(run({ ...BASE, ...WOMAN }).asked).toContain("pregnant");
    expect(run({ ...BASE, ...WOMAN, age_years: 60 }).asked).not.toContain("pregnant");
  });

  it("keeps a path within 10 questions after the danger screen", () => {
    for (const sc of SCENARIOS) expect(run({ ...BASE, ...sc.change }).asked.length - 1, sc.name).toBeLessThanOrEqual(10);
  });
});
