import { describe, expect, it } from "vitest";
import { compileFlow, evaluateResult, flowSchema, goBack, replayAnswers, validateFlow, type FlowInput, type Routing } from "../../flows/index.js";

/**
 * A score is a sum of weighted conditions compared to thresholds by the rules that read it (CRB-65,
 * NICE NG143's amber features...). A reason that reads a score names the items that scored, so a
 * clinician sees why the total is what it is.
 */

const outcome = (id: string, urgency: string, routing: Routing) => ({
  id,
  kind: "outcome" as const,
  urgency,
  routing,
  title: { fr: id, en: id },
  advice: { fr: "Conseil", en: "Advice" },
  safetyNet: { fr: "Rappelez si ça empire", en: "Call back if worse" },
});

/** A CRB-65-like score: confusion, fast breathing, signs of low blood pressure, age 65 or over. */
function scoredFlow(): FlowInput {
  return {
    schemaVersion: 1,
    slug: "scored",
    version: 1,
    title: { fr: "Score", en: "Score" },
    locales: ["fr", "en"],
    start: "age",
    nodes: [
      {
        id: "age",
        kind: "question",
        type: "number",
        text: { fr: "Âge ?", en: "Age?" },
        unit: { symbol: "y", label: { fr: "ans", en: "years" } },
        min: 0,
        max: 120,
        next: { default: "signs" },
      },
      {
        id: "signs",
        kind: "question",
        type: "multiple_choice",
        text: { fr: "Signes ?", en: "Signs?" },
        noneOption: "none",
        options: [
          { value: "confused", label: { fr: "Confus", en: "Confused" } },
          { value: "fast_breathing", label: { fr: "Respire vite", en: "Breathing fast" } },
          { value: "fainted", label: { fr: "Malaise", en: "Fainted" } },
          { value: "none", label: { fr: "Aucun", en: "None" } },
        ],
        next: { default: "crb65" },
      },
      {
        id: "crb65",
        kind: "score",
        label: { fr: "Score CRB-65", en: "CRB-65 score" },
        terms: [
          { when: { in: ["confused", { var: "signs" }] }, points: 1, label: { fr: "Confusion", en: "Confusion" } },
          { when: { in: ["fast_breathing", { var: "signs" }] }, points: 1, label: { fr: "Respiration rapide", en: "Fast breathing" } },
          { when: { in: ["fainted", { var: "signs" }] }, points: 1 },
          { when: { ">=": [{ var: "age" }, 65] }, points: 1, label: { fr: "65 ans ou plus", en: "Aged 65 or over" } },
        ],
        next: { default: "decide" },
      },
      {
        id: "decide",
        kind: "decision",
        rules: [
          {
            id: "crb65_3_or_more",
            when: { ">=": [{ var: "crb65" }, 3] },
            outcome: "emergency",
            reason: { fr: "CRB-65 de 3 ou plus", en: "CRB-65 of 3 or more" },
          },
          { id: "crb65_1_or_2", when: { "<=": [1, { var: "crb65" }, 2] }, outcome: "soon", reason: { fr: "CRB-65 de 1 ou 2", en: "CRB-65 of 1 or 2" } },
        ],
        otherwise: { id: "crb65_0", outcome: "self_care", reason: { fr: "CRB-65 de 0", en: "CRB-65 of 0" } },
      },
      outcome("emergency", "EMERGENCY", "emergency_services"),
      outcome("soon", "SOON", "same_day_teleconsultation"),
      outcome("self_care", "SELF_CARE", "self_care"),
    ],
  };
}

const compiled = compileFlow(flowSchema.parse(scoredFlow()));
const play = (age: number, signs: string[]) =>
  replayAnswers(compiled, {}, [
    ["age", age],
    ["signs", signs],
  ]);

describe("scores explain themselves", () => {
  it("is a valid flow: a score read by a decision's thresholds needs nothing new in the schema", () => {
    const validation = validateFlow(scoredFlow());
    expect(validation.ok ? [] : validation.problems).toEqual([]);
  });

  it("lists the items that scored, in both languages, next to the total the rule compared", () => {
    const result = evaluateResult(compiled, play(70, ["fast_breathing"]));
    expect(result?.urgency).toBe("SOON");
    const reason = result!.reasons.find((r) => r.rule === "crb65_1_or_2")!;
    expect(reason.answers).toEqual([
      {
        id: "crb65",
        question: { fr: "Score CRB-65", en: "CRB-65 score" },
        value: 2,
        display: { fr: "2 : Respiration rapide ; 65 ans ou plus", en: "2: Fast breathing; Aged 65 or over" },
        items: [
          { fr: "Respiration rapide", en: "Fast breathing" },
          { fr: "65 ans ou plus", en: "Aged 65 or over" },
        ],
      },
    ]);
  });

  it("adds the points of every term that holds, so items that each alone stay low combine to a higher level", () => {
    const result = evaluateResult(compiled, play(80, ["confused", "fast_breathing"]));
    expect(result?.urgency).toBe("EMERGENCY");
    expect(result?.reasons.map((r) => r.rule)).toEqual(["crb65_3_or_more"]);
    expect(result?.reasons[0]?.answers[0]?.display.en).toBe("3: Confusion; Fast breathing; Aged 65 or over");
  });

  it("counts an unlabelled term in the total but names only the labelled ones", () => {
    const result = evaluateResult(compiled, play(40, ["fainted"]));
    expect(result?.reasons[0]?.answers[0]).toMatchObject({ value: 1, display: { fr: "1", en: "1" } });
    expect(result?.reasons[0]?.answers[0]?.items).toBeUndefined();
  });

  it("shows the bare total when nothing scored", () => {
    const snapshot = play(40, ["none"]);
    expect(snapshot.context.scored).toEqual({ crb65: [] });
    expect(evaluateResult(compiled, snapshot)?.urgency).toBe("SELF_CARE");
  });

  it("recomputes the items when the patient goes back and answers differently", () => {
    const first = play(70, ["confused", "fast_breathing"]);
    const back = goBack(compiled, first)!;
    expect(back.context.scored).toBeUndefined();
    const again = replayAnswers(compiled, {}, [
      ["age", 70],
      ["signs", ["none"]],
    ]);
    expect(again.context.scored).toEqual({ crb65: [3] });
    expect(evaluateResult(compiled, again)?.reasons[0]?.answers[0]?.display.en).toBe("1: Aged 65 or over");
  });
});
