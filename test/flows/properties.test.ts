import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  answerSession,
  compileFlow,
  evaluateCondition,
  isAtLeastAsUrgent,
  isUrgency,
  resolverOf,
  sessionQuestion,
  sessionResult,
  startSession,
  type FlowResolver,
  type OutcomeNode,
  type SessionState,
} from "../../flows/index.js";
import { tinyFlow } from "../fixtures/tinyFlow.js";
import { compiledLibrary } from "./libraryFlows.js";
import { randomAnswer } from "./randomAnswer.js";

function runRandom(resolver: FlowResolver, slug: string, tape: number[]): SessionState {
  let state = startSession(resolver, slug);
  for (let step = 0; step < 300; step++) {
    const { question } = sessionQuestion(resolver, state);
    if (!question) return state;
    state = answerSession(resolver, state, question.id, randomAnswer(question, tape[step % tape.length]! + step));
  }
  throw new Error(`${slug}: still asking questions after 300 answers`);
}

const library = [compileFlow(tinyFlow()), ...compiledLibrary()];
const resolver = resolverOf(library);
const slugs = [...new Set(library.map((c) => c.flow.slug))];
const tapes = fc.array(fc.integer({ min: 0, max: 1 << 20 }), { minLength: 1, maxLength: 40 });

describe.each(slugs)("flow %s under random valid answers", (slug) => {
  it("always ends in exactly one outcome", () => {
    fc.assert(
      fc.property(tapes, (tape) => {
        const state = runRandom(resolver, slug, tape);
        const result = sessionResult(resolver, state);
        expect(result).toBeDefined();
        const outcomesSeen = state.frames.flatMap((f) => {
          const nodes = resolver.exact(f.slug, f.version)!.nodes;
          return f.snapshot.context.trail.filter((id) => nodes.get(id)?.kind === "outcome");
        });
        expect(outcomesSeen).toEqual([result!.outcome]);
      }),
      { numRuns: 150 },
    );
  });

  it("never yields less than the urgency of a red flag that holds on the answers given", () => {
    fc.assert(
      fc.property(tapes, (tape) => {
        const state = runRandom(resolver, slug, tape);
        const result = sessionResult(resolver, state)!;
        for (const frame of state.frames) {
          const compiled = resolver.exact(frame.slug, frame.version)!;
          for (const flag of compiled.flow.redFlags) {
            if (!evaluateCondition(flag.when, frame.snapshot.context.answers)) continue;
            const outcome = compiled.nodes.get(flag.outcome) as OutcomeNode;
            if (!isUrgency(outcome.urgency)) throw new Error(`red flag ${flag.id} has no valid urgency`);
            expect(isAtLeastAsUrgent(result.urgency, outcome.urgency), `${slug}: ${flag.id} held but result was ${result.urgency}`).toBe(true);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
