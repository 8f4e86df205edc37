import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { sessionQuestion, type FlowResolver } from "../../flows/index.js";
import type { InboundEvent, SessionRecord } from "../../bot/engine/ports.js";
import { replaySession } from "../../bot/engine/replaySession.js";
import { startSessionTurn } from "../../bot/engine/startSessionTurn.js";
import { takeTurn } from "../../bot/engine/takeTurn.js";
import type { TurnOutcome } from "../../bot/engine/turnContext.js";
import { compiledLibrary, libraryResolver } from "../flows/libraryFlows.js";
import { harmlessAnswer, randomAnswer } from "../flows/randomAnswer.js";
import { botBodies, NOW, TEST_CONFIG } from "./engineHarness.js";

const library = compiledLibrary();
const slugs = [...new Set(library.map((c) => c.flow.slug))].sort();

const at = (step: number) => new Date(NOW.getTime() + step * 30_000);
const ctx = (resolver: FlowResolver, step: number) => ({ resolver, now: at(step), config: TEST_CONFIG, clientMessageId: `m${step}` });

/** Answers questions from `script` by id (harmlessly otherwise) until `stop` says so or the session ends. */
function drive(slug: string, script: Record<string, unknown>, stop: (turn: TurnOutcome) => boolean = () => false) {
  const resolver = libraryResolver();
  let turn = startSessionTurn(ctx(resolver, 0), { id: "lib", flow: slug, locale: "fr", channel: "test" });
  const turns = [turn];
  for (let step = 1; step < 200 && !stop(turn); step++) {
    const { question } = sessionQuestion(resolver, turn.session.state);
    if (!question) break;
    turn = takeTurn(ctx(resolver, step), turn.session, { type: "answer", value: question.id in script ? script[question.id] : harmlessAnswer(question) });
    turns.push(turn);
  }
  return turns;
}

describe("the shipped general flow through the engine", () => {
  it("ends at EMERGENCY on a danger sign, showing the emergency numbers first and opening a top-priority case", () => {
    const turns = drive("general", { danger_signs: ["chest_pain_spreading"] });
    const last = turns.at(-1)!;
    expect(botBodies(last)[0]).toMatchObject({ kind: "emergency", numbers: [{ number: "15" }, { number: "112" }] });
    expect(last.effects.map((e) => e.type)).toEqual(["red_flag", "outcome_decided", "handoff_requested"]);
    expect(last.handoff).toMatchObject({ urgency: "EMERGENCY", slaDeadline: new Date(at(1).getTime() + 5 * 60_000).toISOString() });
  });

  it("screens typed free text for red flags", () => {
    const turns = drive("general", { danger_signs: ["none"], complaint_text: "je veux me suicider" });
    expect(turns.at(-1)!.session.urgency).toBe("EMERGENCY");
  });

  it("hands chest pain over to the chest-pain flow without telling the patient about flows", () => {
    const turns = drive("general", { danger_signs: ["none"], age_years: 55, sex: "male", main_complaint: "chest_pain" }, (t) =>
      t.effects.some((e) => e.type === "flow_chained"),
    );
    const chained = turns.at(-1)!;
    expect(chained.effects).toContainEqual({ type: "flow_chained", from: "general", to: "chest-pain", version: expect.any(Number) });
    expect(chained.session.state.frames.map((f) => f.slug)).toEqual(["general", "chest-pain"]);
    const asked = botBodies(chained).flatMap((b) => (b.kind === "question" ? [b.question.questionId] : []));
    expect(asked).toHaveLength(1);
    // Carried answers are not asked again.
    expect(["danger_signs", "age_years", "sex"]).not.toContain(asked[0]);
  });
});

/** Any patient event, with valid answers most of the time. */
const eventArb = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 1 << 20 }).map((n) => ({ kind: "valid" as const, n })) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<InboundEvent>({ type: "answer", value: "?!" }, { type: "text", text: "je ne sais pas" }, { type: "answer", value: -999 }),
  },
  { weight: 1, arbitrary: fc.constantFrom<InboundEvent>({ type: "back" }, { type: "set_locale", locale: "en" }, { type: "set_locale", locale: "fr" }) },
  { weight: 1, arbitrary: fc.constant<InboundEvent>({ type: "ask_human" }) },
);

describe.each(slugs)("random sessions of the shipped flow %s", (slug) => {
  it("replay from the audit log to the same session, and every EMERGENCY shows the numbers first", () => {
    const resolver = libraryResolver();
    fc.assert(
      fc.property(fc.array(eventArb, { minLength: 1, maxLength: 60 }), (script) => {
        const first = startSessionTurn(ctx(resolver, 0), { id: "p", flow: slug, locale: "fr", channel: "test" });
        let session: SessionRecord = first.session;
        const audit = [...first.audit];
        script.forEach((item, i) => {
          let event: InboundEvent;
          if ("kind" in item) {
            const { question } = sessionQuestion(resolver, session.state);
            event = question ? { type: "answer", value: randomAnswer(question, item.n) } : { type: "text", text: "merci" };
          } else event = item;
          const turn = takeTurn(ctx(resolver, i + 1), session, event);
          if (turn.effects.some((e) => e.type === "outcome_decided" && e.result.urgency === "EMERGENCY")) {
            expect(botBodies(turn)[0]!.kind).toBe("emergency");
          }
          if (turn.audit.some((a) => a.type === "answer.rejected")) expect(turn.session.state).toEqual(session.state);
          session = turn.session;
          audit.push(...turn.audit);
        });
        const replay = replaySession(resolver, JSON.parse(JSON.stringify(audit)), { config: TEST_CONFIG });
        expect(replay.session).toEqual(JSON.parse(JSON.stringify(session)));
        expect(replay.audit).toEqual(audit);
      }),
      { numRuns: 25 },
    );
  });
});
