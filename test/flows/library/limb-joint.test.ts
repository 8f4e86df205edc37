import { describe, expect, it } from "vitest";
import { WOMAN_OF_30 } from "./flowTestParts.js";
import { describeFlowChecks, tableFlowTest } from "./tableFlowSuite.js";

const SLUG = "limb-joint";

// The flow with a resolver of its own (a flow being written by someone else cannot break these tests), its
// red-flag cases generated from its data (redFlagSuite.ts) and its scenario table (scenarios/<slug>.json).
const table = tableFlowTest(SLUG);
const { flow, run, base: BASE } = table;

const JOINT = { limb_problem: "joint" };
const NO_INJURY = { limb_injury: "no" };

describe(`${SLUG}: scenarios`, () => {
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
  demographics: "all",
  vignettes: true,
});
