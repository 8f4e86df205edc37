import { describe, expect, it } from "vitest";
import type { InboundEvent } from "../../bot/engine/ports.js";
import { takeTurn } from "../../bot/engine/takeTurn.js";
import { advance, askedQuestion, botBodies, contextAt, fixtureResolver, NOW, play, startFlow } from "./engineHarness.js";
import { SCRIPTS } from "./fixtures/everyKindFlow.js";

describe("going back (change my last answer)", () => {
  it("asks the previous question again and the audit keeps both the old answer and the new one", () => {
    const resolver = fixtureResolver();
    const start = startFlow("every-kind", "en", resolver).session;
    const events: InboundEvent[] = [{ type: "answer", value: true }, { type: "answer", value: 38.5 }, { type: "back" }, { type: "answer", value: 40.5 }];
    const turns = play(start, events, resolver);
    const back = turns[2]!;
    expect(askedQuestion(back)).toBe("temperature");
    expect(botBodies(back)[0]).toEqual({ kind: "notice", text: "Let's go back: you can change your answer." });
    expect(back.session.state).toEqual(turns[0]!.session.state);
    expect(back.audit.find((a) => a.type === "answer.changed")?.payload).toEqual({ flow: "every-kind", version: 1, question: "temperature", previous: 38.5 });

    const trail = turns.flatMap((t) => t.audit).filter((a) => a.type === "answer.recorded" || a.type === "answer.changed");
    expect(trail.map((a) => [a.type, (a.payload as { value?: unknown; previous?: unknown }).value ?? (a.payload as { previous?: unknown }).previous])).toEqual([
      ["answer.recorded", true],
      ["answer.recorded", 38.5],
      ["answer.changed", 38.5],
      ["answer.recorded", 40.5],
    ]);
    expect(turns[3]!.session.state.frames[0]!.snapshot.context.answers).toMatchObject({ fever: true, temperature: 40.5 });
  });

  it("is refused with a notice when nothing has been answered yet", () => {
    const resolver = fixtureResolver();
    const start = startFlow("every-kind", "fr", resolver).session;
    const turn = takeTurn(contextAt(NOW, resolver), start, { type: "back" });
    expect(botBodies(turn)).toEqual([{ kind: "notice", text: "Il n'y a pas encore de réponse à modifier." }]);
    expect(turn.session.state).toEqual(start.state);
    expect(turn.audit[1]).toEqual({ type: "back.refused", payload: { code: "TRIAGE_NOTHING_TO_UNDO", reason: "nothing_to_undo" } });
  });

  it("is refused with a notice once the questionnaire has ended", () => {
    const resolver = fixtureResolver();
    const done = advance(startFlow("every-kind", "en", resolver).session, SCRIPTS.SELF_CARE, resolver);
    const turn = takeTurn(contextAt(NOW, resolver), done, { type: "back" });
    expect(botBodies(turn)[0]!.kind).toBe("notice");
    expect(turn.session.state).toEqual(done.state);
    expect(turn.session.status).toBe("completed");
    expect(turn.audit[1]!.payload).toMatchObject({ reason: "session_ended" });
  });

  it("goes back into the previous flow when the running one has no answer yet", () => {
    const resolver = fixtureResolver();
    // entry asks the age, then hands over to tiny (which skips its own age question): symptoms is asked.
    const chained = advance(startFlow("entry", "en", resolver).session, [40], resolver);
    expect(chained.state.frames.map((f) => f.slug)).toEqual(["entry", "tiny"]);
    const turn = takeTurn(contextAt(NOW, resolver), chained, { type: "back" });
    expect(turn.session.state.frames.map((f) => f.slug)).toEqual(["entry"]);
    expect(askedQuestion(turn)).toBe("age");
    expect(turn.audit.find((a) => a.type === "answer.changed")?.payload).toEqual({ flow: "entry", version: 1, question: "age", previous: 40 });
  });
});
