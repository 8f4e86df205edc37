import { describe, expect, it } from "vitest";
import { loadCrisisLines, loadEmergencyNumbers } from "../../bot/config/config.js";
import { renderOutcome } from "../../bot/engine/renderOutcome.js";
import type { EngineConfig } from "../../bot/engine/turnContext.js";
import { libraryResolver, runScenario } from "../flows/libraryFlows.js";

/* Crisis lines live in configuration next to the emergency numbers and show with mental-health outcomes. */

const configFor = (country: "FR" | "MA"): EngineConfig => ({
  emergencyNumbers: loadEmergencyNumbers(country),
  crisisLines: loadCrisisLines(country),
  slaMinutes: { EMERGENCY: 5, URGENT: 15, SOON: 240 },
});

function outcomeOf(answers: Record<string, unknown>, country: "FR" | "MA", locale: "fr" | "en") {
  const run = runScenario("general", answers);
  const last = run.state.frames.at(-1)!;
  return renderOutcome(libraryResolver().exact(last.slug, last.version)!, run.result!, locale, configFor(country));
}

const base = { danger_signs: ["none"], complaint_text: "je ne vais pas bien", text_signs_confirm: ["none"], age_years: 30, sex: "female", pregnant: "no" };

describe("crisis lines on mental-health outcomes", () => {
  it("shows France's 3114 with a suicide plan ticked among the danger signs, after the emergency numbers", () => {
    const outcome = outcomeOf({ ...base, danger_signs: ["suicidal_plan"] }, "FR", "fr");
    expect(outcome.urgency).toBe("EMERGENCY");
    expect(outcome.emergencyNumbers?.map((n) => n.number)).toEqual(["15", "112"]);
    expect(outcome.crisisLines).toEqual([{ number: "3114", label: "Numéro national de prévention du suicide (gratuit, 24 h/24)" }]);
  });

  it("shows none where the country has no official line (Morocco), keeping its emergency numbers", () => {
    const outcome = outcomeOf({ ...base, danger_signs: ["suicidal_plan"] }, "MA", "en");
    expect(outcome.emergencyNumbers?.map((n) => n.number)).toEqual(["141", "15"]);
    expect(outcome.crisisLines).toBeUndefined();
  });

  it("does not show them on an outcome that has nothing to do with mental health", () => {
    const outcome = outcomeOf({ ...base, danger_signs: ["severe_bleeding"] }, "FR", "en");
    expect(outcome.crisisLines).toBeUndefined();
  });
});
