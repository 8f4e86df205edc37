import { describe, expect, it } from "vitest";
import type { SessionRecord } from "../../bot/engine/ports.js";
import { takeTurn } from "../../bot/engine/takeTurn.js";
import { TriageError } from "../../bot/errors.js";
import { advance, auditTypes, botBodies, contextAt, fixtureResolver, kinds, NOW, startFlow, startTiny } from "./engineHarness.js";
import { SCRIPTS } from "./fixtures/everyKindFlow.js";

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe("the first turn of a session", () => {
  it("pins the latest flow version, greets without asking anything personal and asks the first question", () => {
    const turn = startTiny("en");
    expect(turn.session).toMatchObject({ id: "s1", flowSlug: "tiny", flowVersion: 1, locale: "en", status: "active", channel: "test" });
    expect(turn.session.createdAt).toBe(NOW.toISOString());
    expect(botBodies(turn)).toEqual([
      {
        kind: "text",
        text: "Hello. I am going to ask you a few questions (Tiny) to find out how quickly you should receive care. This is not a diagnosis. If you think a life is in danger, call 15 or 112 now.",
      },
      { kind: "text", text: "Hello" },
      {
        kind: "question",
        question: { questionId: "age", type: "number", text: "Age?", unit: { symbol: "ans", label: "years" }, min: 0, max: 120, integer: true, remaining: 3 },
      },
    ]);
  });

  it("records the start in the audit: the session, the inbound start and the first transition", () => {
    const turn = startTiny("fr");
    expect(turn.audit).toEqual([
      { type: "session.started", payload: { sessionId: "s1", flow: "tiny", version: 1, locale: "fr", channel: "test" } },
      { type: "patient.inbound", payload: { event: { type: "start", flow: "tiny", locale: "fr" }, clientMessageId: "m0", at: NOW.toISOString() } },
      { type: "flow.transition", payload: { flow: "tiny", version: 1, from: null, to: "age", status: "active", through: ["intro", "age"] } },
    ]);
  });
});

describe("a turn", () => {
  it("records the answer in words, moves to the next question and audits the transition", () => {
    const resolver = fixtureResolver();
    const start = startFlow("every-kind", "fr", resolver);
    const answered = takeTurn(contextAt(NOW, resolver, "c-2"), start.session, { type: "answer", value: true, questionId: "fever" });
    expect(answered.messages[0]).toEqual({ author: "patient", body: { kind: "answer", questionId: "fever", value: true, display: "Oui" } });
    expect(kinds(answered)).toEqual(["patient:answer", "bot:question"]);
    expect(auditTypes(answered)).toEqual(["patient.inbound", "answer.recorded", "flow.transition"]);
    expect(answered.audit[0]!.payload).toEqual({ event: { type: "answer", value: true, questionId: "fever" }, clientMessageId: "c-2", at: NOW.toISOString() });
    expect(answered.audit[1]!.payload).toEqual({ flow: "every-kind", version: 1, question: "fever", value: true });
    expect(answered.audit[2]!.payload).toEqual({
      flow: "every-kind",
      version: 1,
      from: "fever",
      to: "temperature",
      status: "active",
      through: ["temperature"],
    });
  });

  it("shows the information nodes the flow passes through before the next question", () => {
    const resolver = fixtureResolver();
    const before = advance(startFlow("every-kind", "en", resolver).session, [false, 37, "head"], resolver);
    const turn = takeTurn(contextAt(NOW, resolver), before, { type: "answer", value: "2 days" });
    expect(botBodies(turn).map((b) => (b.kind === "text" ? b.text : b.kind))).toEqual(["Thank you, two more questions.", "question"]);
  });

  it("does not record a click on a button of an earlier question, and shows the current question again", () => {
    const resolver = fixtureResolver();
    const before = advance(startFlow("every-kind", "en", resolver).session, [false], resolver);
    const turn = takeTurn(contextAt(NOW, resolver), before, { type: "answer", value: true, questionId: "fever" });
    expect(turn.session.state).toEqual(before.state);
    expect(botBodies(turn).map((b) => b.kind)).toEqual(["notice", "question"]);
    expect(turn.audit[1]).toEqual({ type: "answer.rejected", payload: { question: "fever", problem: "stale_question" } });
  });

  it("is pure: it leaves the session it was given untouched and gives the same outcome for the same inputs", () => {
    const resolver = fixtureResolver();
    const before = deepFreeze(advance(startFlow("every-kind", "en", resolver).session, SCRIPTS.URGENT.slice(0, -1), resolver));
    const copy = structuredClone(before);
    const first = takeTurn(contextAt(NOW, resolver), before, { type: "text", text: "rien" });
    const second = takeTurn(contextAt(NOW, resolver), before, { type: "text", text: "rien" });
    expect(before).toEqual(copy);
    expect(second).toEqual(first);
  });

  it("refuses a closed session with a coded error", () => {
    const closed: SessionRecord = { ...startTiny().session, status: "closed" };
    expect(() => takeTurn(contextAt(), closed, { type: "back" })).toThrow(expect.objectContaining({ code: "TRIAGE_SESSION_CLOSED" }) as TriageError);
  });

  it("gives the same outcome after a JSON round-trip of the stored session", () => {
    const resolver = fixtureResolver();
    const before = advance(startFlow("every-kind", "en", resolver).session, SCRIPTS.SOON.slice(0, -1), resolver);
    const stored = JSON.parse(JSON.stringify(before)) as SessionRecord;
    expect(takeTurn(contextAt(NOW, resolver), stored, { type: "text", text: "rien" })).toEqual(
      takeTurn(contextAt(NOW, resolver), before, { type: "text", text: "rien" }),
    );
  });
});
