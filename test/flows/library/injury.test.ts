import { describe, expect, it } from "vitest";
import { WOMAN_OF_30 } from "./flowTestParts.js";
import { describeFlowChecks, tableFlowTest } from "./tableFlowSuite.js";

const SLUG = "injury";

// The flow with a resolver of its own (a flow being written by someone else cannot break these tests), its
// red-flag cases generated from its data (redFlagSuite.ts) and its scenario table (scenarios/<slug>.json).
const table = tableFlowTest(SLUG);
const { run, base: BASE } = table;

const HEAD = { injury_type: "head" };
const WOUND = { injury_type: "wound" };
const BITE = { injury_type: "bite" };
const BODY = { injury_type: "body" };

describe(`${SLUG}: scenarios`, () => {
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

  table.itAsksPregnancyOnlyFrom12To55("asks about pregnancy only for women aged 12 to 55");

  it("asks at most 10 questions after the danger screen on any path", () => {
    const paths = [BASE, HEAD, WOUND, BITE, BODY, { ...HEAD, age_years: 2 }].map((change) => run({ ...BASE, ...change }));
    for (const r of paths) expect(r.asked.length - 1, r.asked.join(",")).toBeLessThanOrEqual(10);
  });

  table.itSkipsAnsweredQuestions([[WOMAN_OF_30, "injury_type"]]);
});

describeFlowChecks(table, {
  demographics: "all",
  vignettes: true,
});
