import { describe, expect, it } from "vitest";
import { compileFlow, describeAnswer, parseAnswer, resolverOf, type AnswerValue, type Flow, type Question } from "../../flows/index.js";
import { buildFlow, decisionNode, outcomeNode } from "../fixtures/buildFlow.js";
import { runScenario } from "./libraryFlows.js";

const text = (s: string) => ({ fr: s, en: s });
const outcome = (id: string, urgency: "EMERGENCY" | "URGENT" | "ROUTINE" | "SELF_CARE") => outcomeNode(id, urgency, { title: text(id), advice: text(id) });

/**
 * Chest pain in miniature: pain at rest for 15 minutes or more is an emergency (a time-based red
 * flag), pain for 3 days or more is ROUTINE rather than SELF_CARE, and pain that began over 4 weeks
 * ago takes a shorter, less urgent path.
 */
function painFlow(): Flow {
  const restPain = {
    id: "rest_pain_15_min",
    when: { ">=": [{ var: "episode" }, 0.25] },
    outcome: "emergency",
    reason: text("Pain at rest for 15 minutes or more"),
  };
  return buildFlow({ slug: "pain", title: text("Pain"), start: "episode", redFlags: [restPain] }, [
    { id: "episode", kind: "question", type: "duration", text: text("How long did the pain at rest last?"), next: { default: "since" } },
    {
      id: "since",
      kind: "question",
      type: "duration",
      text: text("Since when?"),
      next: { branches: [{ id: "old_pain", when: { ">=": [{ var: "since" }, 672] }, to: "chronic" }], default: "temperature" },
    },
    {
      id: "temperature",
      kind: "question",
      type: "number",
      text: text("Temperature?"),
      unit: { symbol: "°C", label: text("°C") },
      min: 34,
      max: 43,
      dontKnow: true,
      next: { default: "decide" },
    },
    { id: "chronic", kind: "question", type: "yes_no", text: text("Worse lately?"), next: { default: "routine" } },
    decisionNode("decide", { id: "nothing", outcome: "self_care", reason: text("Nothing worrying") }, [
      { id: "high_fever", when: { ">=": [{ var: "temperature" }, 40] }, outcome: "urgent", reason: text("40 °C or more") },
      { id: "three_days", when: { ">=": [{ var: "since" }, 72] }, outcome: "routine", reason: text("3 days or more") },
    ]),
    outcome("emergency", "EMERGENCY"),
    outcome("urgent", "URGENT"),
    outcome("routine", "ROUTINE"),
    outcome("self_care", "SELF_CARE"),
  ]);
}

const compiled = compileFlow(painFlow(), { economy: true });
const resolver = resolverOf([compiled]);
const question = (id: string) => compiled.nodes.get(id) as Question;

/** Plays the pain flow answering each question from `raw` (every question asked must have an answer). */
function play(raw: Record<string, unknown>) {
  const { asked, result } = runScenario("pain", raw, resolver);
  return { asked, result: result! };
}

describe("'don't know' to a duration or a number", () => {
  it.each(["je ne sais pas", "Je sais pas", "I don't know", "I don’t know", "idk", "dont_know"])("reads %j as don't know for a duration", (raw) => {
    expect(parseAnswer(question("since"), raw)).toEqual({ ok: true, value: "dont_know" });
  });

  it("offers it for a number only where the flow says so", () => {
    expect(parseAnswer(question("temperature"), "je ne sais pas")).toEqual({ ok: true, value: "dont_know" });
    const age = { ...question("temperature"), id: "age", dontKnow: undefined } as Question;
    expect(parseAnswer(age, "je ne sais pas")).toEqual({ ok: false, problem: { code: "not_a_number" } });
  });

  it("accepts the French decimal comma in a number", () => {
    expect(parseAnswer(question("temperature"), "38,5")).toEqual({ ok: true, value: 38.5 });
  });

  it("never bypasses a time-based red flag: an unknown episode is taken as 15 minutes or more", () => {
    const run = play({ episode: "je ne sais pas" });
    expect(run.result.urgency).toBe("EMERGENCY");
    expect(run.result.redFlag).toBe("rest_pain_15_min");
    // The reason shows the answer as given, not a made-up duration.
    expect(run.result.reasons[0]!.answers[0]!.display).toEqual({ fr: "Je ne sais pas", en: "Don't know" });
  });

  it("takes a rule on a duration the more urgent way", () => {
    expect(play({ episode: "1 min", since: "1 day", temperature: "37" }).result.urgency).toBe("SELF_CARE");
    expect(play({ episode: "1 min", since: "I don't know", temperature: "37" }).result.urgency).toBe("ROUTINE");
  });

  it("takes a branch on a duration towards the side that can reach the more urgent outcomes", () => {
    // Over 4 weeks leads to a path that ends at ROUTINE; the other side can reach URGENT: that one is taken.
    const run = play({ episode: "1 min", since: "je ne sais pas", temperature: "39" });
    expect(run.asked).toEqual(["episode", "since", "temperature"]);
  });

  it("takes an unknown temperature as one that fires the fever rule", () => {
    expect(play({ episode: "1 min", since: "1 day", temperature: "je ne sais pas" }).result.urgency).toBe("URGENT");
  });

  it("shows the answer in words in both languages", () => {
    expect(describeAnswer(question("since"), "dont_know" as AnswerValue, ["fr", "en"])).toEqual({ fr: "Je ne sais pas", en: "Don't know" });
  });
});
