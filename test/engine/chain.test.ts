import { describe, expect, it } from "vitest";
import { takeTurn } from "../../bot/engine/takeTurn.js";
import { askedQuestion, botBodies, contextAt, fixtureResolver, NOW, startFlow } from "./engineHarness.js";

describe("a handover between flows", () => {
  it("chains into the next flow transparently: an effect and an audit event, no message about it", () => {
    const resolver = fixtureResolver();
    const turn = takeTurn(contextAt(NOW, resolver), startFlow("entry", "en", resolver).session, { type: "answer", value: 40 });
    expect(turn.effects).toEqual([{ type: "flow_chained", from: "entry", to: "tiny", version: 1 }]);
    expect(turn.audit.find((a) => a.type === "flow.chained")?.payload).toEqual({ from: "entry", fromVersion: 1, to: "tiny", version: 1, carry: ["age"] });
    // tiny's intro, then its first question not already answered (age was carried).
    expect(botBodies(turn)).toEqual([{ kind: "text", text: "Hello" }, expect.objectContaining({ kind: "question" })]);
    expect(askedQuestion(turn)).toBe("symptoms");
    expect(turn.session.flowSlug).toBe("entry");
  });

  it("audits a transition in each flow it goes through", () => {
    const resolver = fixtureResolver();
    const turn = takeTurn(contextAt(NOW, resolver), startFlow("entry", "en", resolver).session, { type: "answer", value: 10 });
    expect(turn.audit.filter((a) => a.type === "flow.transition").map((a) => a.payload)).toEqual([
      { flow: "entry", version: 1, from: "age", to: "to_every_kind", status: "done", through: [] },
      { flow: "every-kind", version: 1, from: null, to: "fever", status: "active", through: ["fever"] },
    ]);
  });
});
