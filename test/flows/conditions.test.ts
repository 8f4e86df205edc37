import { describe, expect, it } from "vitest";
import { compileFlow, evaluateCondition, evaluateResult, flowSchema, parseAnswer, replayAnswers, type Question } from "../../flows/index.js";
import { tinyFlow } from "../fixtures/tinyFlow.js";

describe("conditions", () => {
  it.each([
    ["<", { "<": [{ var: "age" }, 12] }],
    ["<=", { "<=": [{ var: "age" }, 0] }],
    [">", { ">": [{ var: "age" }, -1] }],
    [">=", { ">=": [{ var: "age" }, 0] }],
  ])("a %s comparison on a question not yet answered does not hold", (_, condition) => {
    expect(evaluateCondition(condition, {})).toBe(false);
  });

  it("a comparison on an answered question holds as written, including the three-argument between form", () => {
    expect(evaluateCondition({ "<": [{ var: "age" }, 12] }, { age: 0 })).toBe(true);
    expect(evaluateCondition({ "<=": [38, { var: "t" }, 41] }, { t: 38 })).toBe(true);
    expect(evaluateCondition({ "<=": [38, { var: "t" }, 41] }, { t: 41.5 })).toBe(false);
  });

  it("matches free-text keywords whatever the accents, capitals and apostrophe style", () => {
    const condition = { mentions: [{ var: "text" }, ["j'etouffe", "suicid"]] };
    expect(evaluateCondition(condition, { text: "J’ÉTOUFFE depuis ce matin" })).toBe(true);
    expect(evaluateCondition(condition, { text: "pensées suicidaires" })).toBe(true);
    expect(evaluateCondition(condition, { text: "un peu fatigué" })).toBe(false);
  });

  it("never throws on a malformed condition: it simply does not hold", () => {
    expect(evaluateCondition({ nonsense: [1, 2] }, {})).toBe(false);
  });
});

describe("red flags", () => {
  it("records every red flag that holds on one answer, and the most urgent decides the outcome", () => {
    const flow = tinyFlow();
    flow.nodes.push({ ...(flow.nodes.find((n) => n.id === "soon") as object), id: "urgent_out", urgency: "URGENT", routing: "on_call_clinician" } as never);
    flow.redFlags.unshift({ id: "cough_flag", when: { in: ["cough", { var: "symptoms" }] }, outcome: "urgent_out", reason: { fr: "Toux", en: "Cough" } });
    const compiled = compileFlow(flowSchema.parse(flow));
    const result = evaluateResult(
      compiled,
      replayAnswers(compiled, {}, [
        ["age", 40],
        ["symptoms", ["cough", "blue_lips"]],
      ]),
    );
    expect(result?.urgency).toBe("EMERGENCY");
    expect(result?.redFlag).toBe("cyanosis");
    expect(result?.reasons.map((r) => r.rule).sort()).toEqual(["cough_flag", "cyanosis"]);
  });
});

describe("optional free text", () => {
  const base = { id: "notes", kind: "question", type: "free_text", text: { fr: "Autre ?", en: "Other?" }, next: { default: "x" } };
  it("accepts an empty reply only when the question is optional", () => {
    const optional = flowSchema.shape.nodes.element.parse({ ...base, optional: true }) as Question;
    const required = flowSchema.shape.nodes.element.parse(base) as Question;
    expect(parseAnswer(optional, "  ")).toEqual({ ok: true, value: "" });
    expect(parseAnswer(required, "  ")).toEqual({ ok: false, problem: { code: "empty" } });
  });
});
