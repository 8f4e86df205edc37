import { describe, expect, it } from "vitest";
import type { QuestionView } from "../../bot/engine/chatMessage.js";
import type { TurnOutcome } from "../../bot/engine/turnContext.js";
import { botBodies, play, startFlow, fixtureResolver } from "./engineHarness.js";

/** The question the turn ends on, as the patient sees it. */
function lastQuestion(turn: TurnOutcome): QuestionView {
  const body = botBodies(turn)
    .filter((b) => b.kind === "question")
    .at(-1);
  if (body?.kind !== "question") throw new Error("the turn asks no question");
  return body.question;
}

describe("progress and safe inputs in the engine's questions", () => {
  it("says with each question about how many are left, this one included, fewer after each answer", () => {
    // every-kind asks fever, temperature, where, since, signs and notes on its only path.
    const first = startFlow("every-kind", "fr");
    expect(lastQuestion(first).remaining).toBe(6);
    const [afterFever, afterTemperature] = play(
      first.session,
      [
        { type: "answer", value: true },
        { type: "text", text: "38,5" },
      ],
      fixtureResolver(),
    );
    expect(lastQuestion(afterFever!).remaining).toBe(5);
    expect(lastQuestion(afterTemperature!).remaining).toBe(4);
  });

  it("reads a typed French decimal comma as a number, as a Slack message or the chat's text box sends it", () => {
    const first = startFlow("every-kind", "fr");
    const [, typed] = play(
      first.session,
      [
        { type: "answer", value: true },
        { type: "text", text: "38,5" },
      ],
      fixtureResolver(),
    );
    const recorded = typed!.audit.find((a) => a.type === "answer.recorded")!.payload as { question: string; value: unknown };
    expect(recorded).toMatchObject({ question: "temperature", value: 38.5 });
  });

  it("offers 'don't know' on a duration and takes it typed in French", () => {
    const first = startFlow("every-kind", "fr");
    const turns = play(
      first.session,
      [
        { type: "answer", value: true },
        { type: "answer", value: 38 },
        { type: "answer", value: "head" },
      ],
      fixtureResolver(),
    );
    const since = lastQuestion(turns.at(-1)!);
    expect(since).toMatchObject({ questionId: "since", dontKnow: true });
    const [answered] = play(turns.at(-1)!.session, [{ type: "text", text: "Je sais pas" }], fixtureResolver());
    const recorded = answered!.audit.find((a) => a.type === "answer.recorded")!.payload as { question: string; value: unknown };
    expect(recorded).toMatchObject({ question: "since", value: "dont_know" });
    const bubble = answered!.messages.find((m) => m.author === "patient")!;
    expect(bubble.body).toMatchObject({ kind: "text", text: "Je sais pas" });
  });

  it("does not offer 'don't know' on a number whose flow does not allow it", () => {
    const [afterFever] = play(startFlow("every-kind", "en").session, [{ type: "answer", value: true }], fixtureResolver());
    expect(lastQuestion(afterFever!).questionId).toBe("temperature");
    expect(lastQuestion(afterFever!).dontKnow).toBeUndefined();
  });
});
