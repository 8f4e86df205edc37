import { describe, expect, it } from "vitest";
import { takeTurn } from "../../bot/engine/takeTurn.js";
import { startSessionTurn } from "../../bot/engine/startSessionTurn.js";
import type { InboundEvent } from "../../bot/engine/ports.js";
import type { TurnOutcome } from "../../bot/engine/turnContext.js";
import { sessionAnswers } from "../../flows/index.js";
import { libraryResolver } from "../flows/libraryFlows.js";
import { botBodies, contextAt, NOW } from "./engineHarness.js";

/** The shipped entry flow up to the main complaint, the opening message typed as given. */
function toMainComplaint(opening: string, locale: "fr" | "en" = "fr"): TurnOutcome[] {
  const resolver = libraryResolver();
  const first = startSessionTurn(contextAt(NOW, resolver, "m0"), { id: "s1", flow: "general", locale, channel: "test" });
  const events: InboundEvent[] = [
    { type: "answer", value: ["none"] },
    { type: "text", text: opening },
    { type: "answer", value: 34 },
    { type: "answer", value: "female" },
    { type: "answer", value: "no" },
  ];
  const turns = [first];
  events.forEach((event, i) => turns.push(takeTurn(contextAt(NOW, resolver, `m${i + 1}`), turns.at(-1)!.session, event)));
  return turns;
}

const shownQuestion = (turn: TurnOutcome) =>
  botBodies(turn)
    .flatMap((b) => (b.kind === "question" ? [b.question] : []))
    .at(-1);

describe("the main complaint question after the opening message", () => {
  it("comes with the complaints the opening message suggests, and nothing answered for the patient", () => {
    const turns = toMainComplaint("j'ai mal a la gorge depuis 3 jours");
    const last = turns.at(-1)!;
    expect(shownQuestion(last)).toMatchObject({ questionId: "main_complaint", suggested: ["throat_ear_sinus"], searchable: true });
    expect(sessionAnswers(last.session.state)).not.toHaveProperty("main_complaint");
    // The suggestion is shown, not recorded: no audit event names it.
    expect(JSON.stringify(turns.flatMap((t) => t.audit))).not.toContain("throat_ear_sinus");
  });

  it("has no suggestion when the message names no complaint", () => {
    expect(shownQuestion(toMainComplaint("je ne me sens pas bien", "fr").at(-1)!)).not.toHaveProperty("suggested");
  });

  it("keeps the suggestion when the patient switches language", () => {
    const last = toMainComplaint("I have had a sore throat for 3 days", "en").at(-1)!;
    const switched = takeTurn(contextAt(NOW, libraryResolver(), "m9"), last.session, { type: "set_locale", locale: "fr" });
    expect(shownQuestion(switched)).toMatchObject({ questionId: "main_complaint", suggested: ["throat_ear_sinus"], text: "Quel est le problème principal ?" });
  });

  it("continues to the throat flow when the patient picks the suggested complaint", () => {
    const last = toMainComplaint("j'ai mal a la gorge depuis 3 jours").at(-1)!;
    const picked = takeTurn(contextAt(NOW, libraryResolver(), "m9"), last.session, { type: "answer", value: "throat_ear_sinus", questionId: "main_complaint" });
    expect(picked.session.state.frames.at(-1)!.slug).toBe("throat-ear-sinus");
  });

  it("lets the patient pick another complaint than the one suggested", () => {
    const last = toMainComplaint("j'ai mal a la gorge depuis 3 jours").at(-1)!;
    const picked = takeTurn(contextAt(NOW, libraryResolver(), "m9"), last.session, { type: "answer", value: "skin", questionId: "main_complaint" });
    expect(picked.session.state.frames.at(-1)!.slug).toBe("skin");
  });
});
