import { describe, expect, it } from "vitest";
import type { Urgency } from "../../flows/index.js";
import { takeTurn } from "../../bot/engine/takeTurn.js";
import { advance, botBodies, contextAt, fixtureResolver, NOW, startFlow } from "./engineHarness.js";
import { SCRIPTS } from "./fixtures/everyKindFlow.js";

const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();

describe("asking for a human", () => {
  const table: { when: string; answers: unknown[]; urgency: Urgency; basis: string; sla: number }[] = [
    { when: "before any answer", answers: [], urgency: "URGENT", basis: "nothing_known", sla: 15 },
    { when: "after 42.5 °C (an EMERGENCY rule already holds)", answers: [true, 42.5], urgency: "EMERGENCY", basis: "rules", sla: 5 },
    { when: "after 40.5 °C (an URGENT rule already holds)", answers: [true, 40.5], urgency: "URGENT", basis: "rules", sla: 15 },
    {
      when: "after fever with belly pain (only a SOON rule holds, the triage is incomplete)",
      answers: [true, 38, "belly"],
      urgency: "URGENT",
      basis: "incomplete",
      sla: 15,
    },
    { when: "after a ROUTINE outcome", answers: [...SCRIPTS.ROUTINE], urgency: "ROUTINE", basis: "outcome", sla: 240 },
  ];

  it.each(table)("$when opens a case at $urgency ($basis)", ({ answers, urgency, basis, sla }) => {
    const resolver = fixtureResolver();
    const before = advance(startFlow("every-kind", "en", resolver).session, answers, resolver);
    const turn = takeTurn(contextAt(NOW, resolver), before, { type: "ask_human" });
    expect(turn.session.status).toBe("handoff");
    expect(turn.session.urgency).toBe(urgency);
    expect(turn.handoff).toEqual({
      urgency,
      cause: "patient_request",
      slaDeadline: at(sla),
      ...(turn.handoff?.firstReason ? { firstReason: turn.handoff.firstReason } : {}),
    });
    expect(turn.effects).toEqual([expect.objectContaining({ type: "handoff_requested", urgency, cause: "patient_request", slaMinutes: sla })]);
    expect(turn.audit[1]).toMatchObject({
      type: "handoff.requested",
      payload: { urgency, cause: "patient_request", basis, slaMinutes: sla, slaDeadline: at(sla) },
    });
    expect(turn.session.state).toEqual(before.state);
  });

  it("tells the patient a clinician is coming, how long it may take, and shows the pending question again", () => {
    const resolver = fixtureResolver();
    const before = advance(startFlow("every-kind", "en", resolver).session, [false], resolver);
    const turn = takeTurn(contextAt(NOW, resolver), before, { type: "ask_human" });
    expect(botBodies(turn)).toEqual([
      {
        kind: "handoff",
        status: "requested",
        text: "A clinician has been asked to join this conversation, usually within 15 minutes. If things get worse, call 15 or 112 now. While you wait, you can keep answering the questions.",
        expectedWaitMinutes: 15,
      },
      expect.objectContaining({ kind: "question", question: expect.objectContaining({ questionId: "temperature" }) }),
    ]);
  });

  it("opens only one case: asking again says a clinician is already coming", () => {
    const resolver = fixtureResolver();
    const asked = takeTurn(contextAt(NOW, resolver), startFlow("every-kind", "en", resolver).session, { type: "ask_human" });
    const again = takeTurn(contextAt(NOW, resolver), asked.session, { type: "ask_human" });
    expect(again.handoff).toBeUndefined();
    expect(again.effects).toEqual([]);
    expect(botBodies(again).map((b) => b.kind)).toEqual(["notice"]);
  });

  it("lets the patient keep answering during the hand-off, and a more urgent outcome escalates the case", () => {
    const resolver = fixtureResolver();
    const asked = takeTurn(contextAt(NOW, resolver), startFlow("every-kind", "en", resolver).session, { type: "ask_human" });
    const lessUrgent = advance(asked.session, SCRIPTS.SOON.slice(0, -1), resolver);
    const soon = takeTurn(contextAt(NOW, resolver), lessUrgent, { type: "text", text: "rien" });
    expect(soon.session.status).toBe("handoff");
    expect(soon.handoff).toBeUndefined(); // URGENT case already open covers SOON

    const redFlag = takeTurn(contextAt(NOW, resolver), advance(asked.session, SCRIPTS.EMERGENCY.slice(0, -1), resolver), {
      type: "answer",
      value: ["stiff_neck"],
    });
    expect(redFlag.handoff).toMatchObject({ urgency: "EMERGENCY", cause: "outcome" });
    expect(botBodies(redFlag)[0]!.kind).toBe("emergency");
  });
});
