import { describe, expect, it } from "vitest";
import { takeTurn } from "../../bot/engine/takeTurn.js";
import { advance, botBodies, contextAt, fixtureResolver, NOW, startFlow } from "./engineHarness.js";
import { SCRIPTS } from "./fixtures/everyKindFlow.js";

describe("changing the language", () => {
  it("switches the session and shows the current question again in the new language", () => {
    const resolver = fixtureResolver();
    const before = advance(startFlow("every-kind", "en", resolver).session, [false, 37], resolver);
    const turn = takeTurn(contextAt(NOW, resolver), before, { type: "set_locale", locale: "fr" });
    expect(turn.session.locale).toBe("fr");
    expect(turn.session.state).toEqual(before.state);
    expect(botBodies(turn)).toEqual([
      { kind: "notice", text: "Je continue en français." },
      {
        kind: "question",
        question: {
          questionId: "where",
          type: "single_choice",
          text: "Où avez-vous mal ?",
          options: [
            { value: "head", label: "Tête" },
            { value: "belly", label: "Ventre" },
          ],
          remaining: 4,
        },
      },
    ]);
    expect(turn.audit[1]).toEqual({ type: "locale.changed", payload: { from: "en", to: "fr" } });
  });

  it("re-asks in the new language afterwards", () => {
    const resolver = fixtureResolver();
    const french = takeTurn(contextAt(NOW, resolver), startFlow("every-kind", "en", resolver).session, { type: "set_locale", locale: "fr" }).session;
    const turn = takeTurn(contextAt(NOW, resolver), french, { type: "text", text: "peut-être" });
    expect(botBodies(turn)[0]).toMatchObject({ kind: "reask", text: "Je n'ai pas compris cette réponse. Merci de répondre par oui ou par non." });
  });

  it("after an EMERGENCY outcome shows the emergency numbers first again, then the outcome, in the new language", () => {
    const resolver = fixtureResolver();
    const done = advance(startFlow("every-kind", "fr", resolver).session, SCRIPTS.EMERGENCY, resolver);
    const turn = takeTurn(contextAt(NOW, resolver), done, { type: "set_locale", locale: "en" });
    expect(botBodies(turn).map((b) => b.kind)).toEqual(["emergency", "notice", "outcome"]);
    expect(botBodies(turn)[0]).toMatchObject({ text: "Call now: 15 or 112." });
    expect(botBodies(turn)[2]).toMatchObject({ outcome: { urgencyLabel: "Emergency", title: "Emergency" } });
  });
});
