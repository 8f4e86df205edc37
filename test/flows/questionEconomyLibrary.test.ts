import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  answerSession,
  resolverOf,
  sessionQuestion,
  sessionResult,
  startSession,
  type CompiledFlow,
  type FlowResolver,
  type Question,
} from "../../flows/index.js";
import { compiledLibrary } from "./libraryFlows.js";
import { randomAnswer } from "./randomAnswer.js";

/*
 * Question economy may only ever leave out questions: on every shipped flow, a patient whose
 * answers are drawn at random (the same answer to the same question either way) reaches the same
 * outcome node (so the same level, routing and advice) whether every question is asked or only
 * those that can change the outcome, and every reason given with economy is one given without.
 */

const library = compiledLibrary();
const resolverWith = (economy: boolean): FlowResolver => resolverOf(library.map((c): CompiledFlow => ({ ...c, economy })));
const withEconomy = resolverWith(true);
const everyQuestion = resolverWith(false);

/** A stable small number per question id, so a question gets the same answer in both runs. */
const slotOf = (id: string) => [...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % 64;

function play(resolver: FlowResolver, slug: string, tape: number[]) {
  let state = startSession(resolver, slug);
  const asked: string[] = [];
  for (let q: Question | undefined = sessionQuestion(resolver, state).question; q; q = sessionQuestion(resolver, state).question) {
    asked.push(q.id);
    state = answerSession(resolver, state, q.id, randomAnswer(q, tape[slotOf(q.id)]!));
    if (asked.length > 200) throw new Error("loop");
  }
  return { asked, result: sessionResult(resolver, state), flows: state.frames.map((f) => f.slug) };
}

const tapes = fc.array(fc.integer({ min: 0, max: 1 << 20 }), { minLength: 64, maxLength: 64 });

describe.each(library.map((c) => [c.flow.slug] as const))("question economy on %s", (slug) => {
  it("reaches the outcome that asking every question reaches, with reasons that are all true", () => {
    fc.assert(
      fc.property(tapes, (tape) => {
        const full = play(everyQuestion, slug, tape);
        const lean = play(withEconomy, slug, tape);
        expect(lean.flows).toEqual(full.flows);
        expect(lean.result?.outcome).toBe(full.result?.outcome);
        expect(lean.result?.urgency).toBe(full.result?.urgency);
        expect(lean.result?.routing).toBe(full.result?.routing);
        expect(lean.result?.redFlag).toBe(full.result?.redFlag);
        const fullRules = new Set(full.result?.reasons.map((r) => `${r.flow}:${r.rule}`));
        for (const r of lean.result?.reasons ?? []) expect(fullRules).toContain(`${r.flow}:${r.rule}`);
        // Only questions are left out, never added, and the order of the rest is kept.
        expect(full.asked.filter((id) => lean.asked.includes(id))).toEqual(lean.asked);
      }),
      { numRuns: 40 },
    );
  });
});
