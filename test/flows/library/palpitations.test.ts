import { describe, expect, it } from "vitest";
import { WOMAN_OF_30 } from "./flowTestParts.js";
import { describeFlowChecks, tableFlowTest } from "./tableFlowSuite.js";

const SLUG = "palpitations";

// The flow with a resolver of its own (a flow being written by someone else cannot break these tests), its
// red-flag cases generated from its data (redFlagSuite.ts) and its scenario table (scenarios/<slug>.json).
const table = tableFlowTest(SLUG);
const { run, base: BASE } = table;

const NOW = { palpitations_now: "yes" };

describe(`${SLUG}: scenarios`, () => {
  it("asks the emergency signs right after the demographic questions", () => {
    expect(run({ ...BASE, sex: "male" }).asked.slice(0, 4)).toEqual(["danger_signs", "age_years", "sex", "palp_red_flags"]);
  });

  it("stops asking once an urgent feature is found", () => {
    expect(run({ ...BASE, ...NOW, palp_pattern: "fast_regular_sudden" }).asked.at(-1)).toBe("palp_pattern");
    expect(run({ ...BASE, palp_warning: ["during_exercise"] }).asked.at(-1)).toBe("palp_warning");
  });

  table.itAsksPregnancyOnlyFrom12To55("asks about pregnancy only for women aged 12 to 55");

  it("asks at most 10 questions after the danger screen", () => {
    expect(run(BASE).asked.length - 1).toBeLessThanOrEqual(10);
  });

  table.itSkipsAnsweredQuestions([[WOMAN_OF_30, "palp_red_flags"]]);
});

describeFlowChecks(table, {
  demographics: "all",
  vignettes: true,
});
