import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { initialTransition, transition } from "xstate";
import { answerQuestion, compileFlow, currentQuestion, startFlow, type AnswerValue, type CompiledFlow, type FlowSnapshot } from "../../flows/index.js";
import { tinyFlow } from "../fixtures/tinyFlow.js";
import { compiledLibrary } from "./libraryFlows.js";
import { randomAnswer } from "./randomAnswer.js";

/*
 * stepFlow drives the machines with one shared inert actor scope instead of XState's pure
 * transition(), which builds a new actor for every call. This pins that both give the same
 * snapshots, step by step, on every shipped flow: the engine's result must not depend on it.
 */

const plain = (snapshot: { value: unknown; status: string; context: unknown }): FlowSnapshot =>
  JSON.parse(JSON.stringify({ value: snapshot.value, status: snapshot.status, context: snapshot.context }));

function referenceStart(compiled: CompiledFlow, carried: Record<string, AnswerValue>): FlowSnapshot {
  return plain(initialTransition(compiled.machine, { carried })[0]);
}

function referenceAnswer(compiled: CompiledFlow, stored: FlowSnapshot, question: string, value: AnswerValue): FlowSnapshot {
  const restored = compiled.machine.resolveState({ value: stored.value, context: stored.context });
  return plain(transition(compiled.machine, restored, { type: "ANSWER", question, value })[0]);
}

// Question economy sends SKIP events of its own between answers (test/flows/questionEconomy.test.ts):
// off here, so both drivers see the same events.
const library = [compileFlow(tinyFlow()), ...compiledLibrary()].map((c) => ({ ...c, economy: false }));
const tapes = fc.array(fc.integer({ min: 0, max: 1 << 20 }), { minLength: 1, maxLength: 40 });

describe.each(library.map((c) => [c.flow.slug, c] as const))("flow %s stepped with the shared scope", (_slug, compiled) => {
  it("reaches the same snapshot as XState's pure transition() after every answer", () => {
    fc.assert(
      fc.property(tapes, fc.boolean(), (tape, carryFirst) => {
        const first = compiled.flow.nodes.find((n) => n.kind === "question");
        // Answers carried from an earlier flow skip questions: cover that start too.
        const carried: Record<string, AnswerValue> = carryFirst && first?.kind === "question" ? { [first.id]: randomAnswer(first, tape[0]!) } : {};
        let ours = startFlow(compiled, carried);
        let reference = referenceStart(compiled, carried);
        expect(ours).toEqual(reference);
        for (let step = 0; step < 300; step++) {
          const question = currentQuestion(compiled, ours);
          if (!question) return;
          const value = randomAnswer(question, tape[step % tape.length]! + step);
          ours = answerQuestion(compiled, ours, question.id, value);
          reference = referenceAnswer(compiled, reference, question.id, value);
          expect(ours).toEqual(reference);
        }
        throw new Error("still asking after 300 answers");
      }),
      { numRuns: 60 },
    );
  });

  it("ignores an answer to another question exactly as XState's pure transition() does", () => {
    const start = startFlow(compiled);
    const question = currentQuestion(compiled, start);
    if (!question) return;
    const other = compiled.flow.nodes.find((n) => n.kind === "question" && n.id !== question.id);
    if (other?.kind !== "question") return;
    const value = randomAnswer(other, 1);
    const ours = answerQuestion(compiled, start, other.id, value);
    expect(ours).toEqual(referenceAnswer(compiled, start, other.id, value));
    expect(ours.value).toBe(start.value);
  });
});
