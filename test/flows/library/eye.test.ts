import { describe, expect, it } from "vitest";
import { WOMAN_OF_30 } from "./flowTestParts.js";
import { describeFlowChecks, tableFlowTest } from "./tableFlowSuite.js";

const SLUG = "eye";

// The flow with a resolver of its own (a flow being written by someone else cannot break these tests), its
// red-flag cases generated from its data (redFlagSuite.ts) and its scenario table (scenarios/<slug>.json).
const table = tableFlowTest(SLUG);
const { run, base: BASE } = table;

describe(`${SLUG}: scenarios`, () => {
  it("tells a chemical splash to rinse the eye first", () => {
    const { result } = run({ ...BASE, eye_emergency: ["chemical", "sudden_vision_loss"] });
    expect(result?.outcome).toBe("emergency_chemical");
    const node = table.outcome("emergency_chemical");
    expect(node.advice.en).toMatch(/rinse/i);
    expect(node.advice.fr).toMatch(/rincez/i);
  });

  it("stops asking once a sign needing same-day eye care is ticked", () => {
    const { asked } = run({ ...BASE, eye_urgent: ["reduced_vision"] });
    expect(asked).toEqual(["danger_signs", "age_years", "eye_emergency", "eye_urgent"]);
  });

  it("asks about the emergencies first, and never about sex or pregnancy", () => {
    const { asked } = run(BASE);
    expect(asked).toEqual(["danger_signs", "age_years", "eye_emergency", "eye_urgent", "eye_injury", "contact_lenses", "eye_symptoms", "symptom_duration"]);
  });

  table.itSkipsAnsweredQuestions([[WOMAN_OF_30, "eye_emergency"]]);
});

describeFlowChecks(table, {
  // Only the age is asked here: no rule or advice of this flow depends on sex or pregnancy.
  demographics: ["age_years"],
  title: "includes the shared danger signs, global red flags and age question unchanged",
  vignettes: true,
});
