import { describe, expect, it } from "vitest";
import { describeComplaintFlow } from "./complaintFlowSuite.js";

const WOMAN = { sex: "female", age_years: 29 };

const { run, base: BASE, scenarios } = describeComplaintFlow("skin");

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
    for (const sc of scenarios) expect(run({ ...BASE, ...sc.change }).asked.length - 1, sc.name).toBeLessThanOrEqual(10);
  });
});
