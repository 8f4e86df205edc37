import { describe, expect, it } from "vitest";
import { WOMAN_OF_30, itStartsWithDangerSignsThenDemographics } from "./flowTestParts.js";
import { describeFlowChecks, tableFlowTest } from "./tableFlowSuite.js";

const SLUG = "headache";

// The flow with a resolver of its own (a flow being written by someone else cannot break these tests), its
// red-flag cases generated from its data (redFlagSuite.ts) and its scenario table (scenarios/<slug>.json).
const table = tableFlowTest(SLUG);
const { run, base: BASE } = table;

describe(`${SLUG}: scenarios`, () => {
  table.itAsksPregnancyOnlyFrom12To55("asks about pregnancy only for women aged 12 to 55", () => {
    expect(run({ ...BASE, pregnant: "yes" }).asked).toContain("pregnancy_weeks");
    expect(run({ ...BASE, pregnant: "yes" }).asked).not.toContain("recently_gave_birth");
  });

  it("asks about jaw pain and scalp tenderness only from age 50", () => {
    expect(run({ ...BASE, age_years: 49 }).asked).not.toContain("arteritis_symptoms");
    expect(run({ ...BASE, age_years: 50 }).asked).toContain("arteritis_symptoms");
  });

  itStartsWithDangerSignsThenDemographics(run, BASE);

  table.itSkipsAnsweredQuestions([
    [WOMAN_OF_30, "recently_gave_birth"],
    [{ ...WOMAN_OF_30, sex: "male" }, "onset"],
  ]);
});

describeFlowChecks(table, {
  demographics: "all",
  vignettes: false,
});
