import { describe, expect, it } from "vitest";
import { initialTransition } from "xstate";
import { answerQuestion, compileFlow, currentQuestion, evaluateResult, goBack, replayAnswers, startFlow } from "../../flows/index.js";
import { tinyFlow } from "../fixtures/tinyFlow.js";

const compiled = compileFlow(tinyFlow());

describe("compileFlow", () => {
  it("builds a machine whose config names its guards and actions instead of holding closures", () => {
    const config = JSON.stringify(compiled.machine.config);
    const parsedBack = JSON.parse(config);
    expect(parsedBack.states.age.on.ANSWER[1].actions).toEqual({ type: "recordAnswer" });
    expect(parsedBack.states["symptoms:route"].always[0].guard.type).toBe("holds");
  });

  it("starts at the first question and shows the information node it passed through", () => {
    const snapshot = startFlow(compiled);
    expect(snapshot.value).toBe("age");
    expect(snapshot.context.trail).toEqual(["intro", "age"]);
  });

  it("turns are pure: the same snapshot and answer always give the same next snapshot", () => {
    const start = startFlow(compiled);
    const a = answerQuestion(compiled, start, "age", 40);
    const b = answerQuestion(compiled, start, "age", 40);
    expect(a).toEqual(b);
    expect(start.value).toBe("age");
  });

  it("produces the same initial state as XState's own initialTransition", () => {
    const [snapshot] = initialTransition(compiled.machine, { carried: {} });
    expect(snapshot.value).toBe(startFlow(compiled).value);
  });

  it("ignores an answer addressed to another question", () => {
    const start = startFlow(compiled);
    expect(answerQuestion(compiled, start, "pain", 3)).toEqual(start);
  });

  it("keeps the snapshot through a JSON round-trip and reaches the same result after it", () => {
    let snapshot = startFlow(compiled);
    snapshot = answerQuestion(compiled, snapshot, "age", 70);
    const stored = JSON.parse(JSON.stringify(snapshot));
    const fromStored = answerQuestion(compiled, answerQuestion(compiled, stored, "symptoms", ["cough"]), "pain", 8);
    const direct = answerQuestion(compiled, answerQuestion(compiled, snapshot, "symptoms", ["cough"]), "pain", 8);
    expect(fromStored).toEqual(direct);
    expect(evaluateResult(compiled, fromStored)?.urgency).toBe("SOON");
  });

  it("replays an answer log to exactly the snapshot the live session reached", () => {
    let live = startFlow(compiled);
    live = answerQuestion(compiled, live, "age", 30);
    live = answerQuestion(compiled, live, "symptoms", ["none"]);
    live = answerQuestion(compiled, live, "pain", 2);
    const replayed = replayAnswers(compiled, {}, [
      ["age", 30],
      ["symptoms", ["none"]],
      ["pain", 2],
    ]);
    expect(replayed).toEqual(live);
    expect(evaluateResult(compiled, replayed)).toMatchObject({ urgency: "SELF_CARE", routing: "self_care" });
  });

  it("ends at the red flag's outcome at once, before any further question", () => {
    let snapshot = answerQuestion(compiled, startFlow(compiled), "age", 30);
    snapshot = answerQuestion(compiled, snapshot, "symptoms", ["cough", "blue_lips"]);
    expect(snapshot.status).toBe("done");
    expect(currentQuestion(compiled, snapshot)).toBeUndefined();
    const result = evaluateResult(compiled, snapshot);
    expect(result).toMatchObject({ urgency: "EMERGENCY", routing: "emergency_services", redFlag: "cyanosis" });
    expect(result?.reasons[0]?.answers[0]).toMatchObject({ id: "symptoms", display: { fr: "Toux, Lèvres bleues", en: "Cough, Blue lips" } });
  });

  it("keeps every decision rule that fired while the most urgent outcome wins", () => {
    const snapshot = replayAnswers(compiled, {}, [
      ["age", 70],
      ["symptoms", ["cough"]],
      ["pain", 9],
    ]);
    const result = evaluateResult(compiled, snapshot);
    expect(result?.urgency).toBe("SOON");
    expect(result?.reasons.map((r) => r.rule)).toEqual(["high_score", "elderly"]);
    expect(result?.reasons[1]?.text).toEqual({ fr: "Âge ≥ 65", en: "Age ≥ 65" });
  });

  it("goes back one question and forgets the answer it undid", () => {
    let snapshot = answerQuestion(compiled, startFlow(compiled), "age", 30);
    snapshot = answerQuestion(compiled, snapshot, "symptoms", ["cough"]);
    const back = goBack(compiled, snapshot);
    expect(back?.value).toBe("symptoms");
    expect(back?.context.answers).toEqual({ age: 30 });
    expect(goBack(compiled, startFlow(compiled))).toBeUndefined();
  });

  it("skips questions whose answers were carried in from a previous flow", () => {
    const snapshot = startFlow(compiled, { age: 52 });
    expect(snapshot.value).toBe("symptoms");
    expect(snapshot.context.trail).toEqual(["intro", "symptoms"]);
  });
});
