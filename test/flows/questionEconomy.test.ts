import { describe, expect, it } from "vitest";
import {
  answerSession,
  compileFlow,
  resolverOf,
  sessionQuestion,
  sessionResult,
  startSession,
  type AnswerValue,
  type FlowResolver,
} from "../../flows/index.js";
import { economyFlow } from "./fixtures/economyFlow.js";

const withEconomy = resolverOf([compileFlow(economyFlow(), { economy: true })]);
const everyQuestion = resolverOf([compileFlow(economyFlow())]);

/** Plays the patient: each question asked is answered from the script by id; returns what was asked and the result. */
function play(script: Record<string, AnswerValue>, resolver: FlowResolver = withEconomy) {
  let state = startSession(resolver, "economy");
  const asked: string[] = [];
  for (let question = sessionQuestion(resolver, state).question; question; question = sessionQuestion(resolver, state).question) {
    if (!(question.id in script)) throw new Error(`no scripted answer for ${question.id}`);
    asked.push(question.id);
    state = answerSession(resolver, state, question.id, script[question.id]!);
  }
  const result = sessionResult(resolver, state)!;
  const context = state.frames.at(-1)!.snapshot.context;
  return { asked, result, skipped: context.skipped ?? [], trail: context.trail, rules: result.reasons.map((r) => r.rule) };
}

const calm = { breathless: false, blue_lips: false, injury: "none", fever: false, days: 10, confused: false } as const;

describe("question economy on a crafted flow", () => {
  it("skips a question whose answer cannot change the outcome, and says why", () => {
    // Fever already decides SOON; the duration only feeds a ROUTINE rule that fever outranks.
    const run = play({ ...calm, fever: true });
    expect(run.asked).toEqual(["breathless", "blue_lips", "injury", "fever", "confused"]);
    expect(run.skipped).toEqual([{ id: "days", reason: "cannot_change_outcome" }]);
    expect(run.trail).not.toContain("days");
    expect(run.result.outcome).toBe("soon");
  });

  it("asks the same questions without economy, and reaches the same outcome", () => {
    const full = play({ ...calm, fever: true }, everyQuestion);
    expect(full.asked).toEqual(["breathless", "blue_lips", "injury", "fever", "days", "confused"]);
    expect(full.result.outcome).toBe("soon");
  });

  it("never skips a question that feeds a red flag that can still fire", () => {
    // A major injury makes URGENT certain by the decision table, but fever still feeds the
    // confusion red flag (EMERGENCY): fever and confusion are asked, and the red flag fires.
    const run = play({ ...calm, injury: "major", fever: true, confused: true });
    expect(run.asked).toEqual(["breathless", "blue_lips", "injury", "fever", "confused"]);
    expect(run.skipped).toEqual([{ id: "days", reason: "cannot_change_outcome" }]);
    expect(run.result.urgency).toBe("EMERGENCY");
    expect(run.result.redFlag).toBe("rf_confused_with_fever");
  });

  it("stops as soon as the outcome is certain", () => {
    // Major injury and no fever: no red flag can fire any more and no rule outranks the injury.
    const run = play({ ...calm, injury: "major", fever: false });
    expect(run.asked).toEqual(["breathless", "blue_lips", "injury", "fever"]);
    expect(run.skipped).toEqual([
      { id: "days", reason: "outcome_certain" },
      { id: "confused", reason: "outcome_certain" },
    ]);
    expect(run.result.outcome).toBe("urgent");
  });

  it("keeps every reason true: a rule that reads a skipped question is not among them", () => {
    const full = play({ ...calm, fever: true, days: 100 }, everyQuestion);
    expect(full.rules).toEqual(["fever_rule", "three_days_or_more"]);
    const run = play({ ...calm, fever: true, days: 100 });
    expect(run.rules).toEqual(["fever_rule"]);
  });

  it("asks a question that decides between two outcomes", () => {
    // Nothing decided yet: the duration separates ROUTINE from SELF_CARE, so it is asked.
    const run = play({ ...calm, days: 100 });
    expect(run.asked).toContain("days");
    expect(run.result.outcome).toBe("routine");
  });

  it("ends on the red flag at once, whatever economy would skip", () => {
    const run = play({ ...calm, blue_lips: true });
    expect(run.asked).toEqual(["breathless", "blue_lips"]);
    expect(run.result.redFlag).toBe("rf_blue_lips");
  });
});
