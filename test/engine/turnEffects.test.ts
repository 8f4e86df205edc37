import { describe, expect, it } from "vitest";
import { MemoryBus } from "../../bot/bus/memoryBus.js";
import { ConversationService } from "../../bot/engine/conversationService.js";
import type { BusEvent, Effect, InboundEvent } from "../../bot/engine/ports.js";
import { FixedClock } from "../../bot/engine/systemClock.js";
import { performEffects } from "../../bot/engine/turnEffects.js";
import { TEST_CONFIG } from "./engineHarness.js";
import { SCRIPTS } from "./fixtures/everyKindFlow.js";
import { countingIds, fixtureStore, settle } from "./serviceHarness.js";

/*
 * The turn's effects drive what the service does once the turn is committed (issue 22): the
 * hand-off's publication and the process's notice come from the handoff_requested effect.
 */

function service() {
  const bus = new MemoryBus();
  const published: BusEvent[] = [];
  bus.subscribe((event) => published.push(event));
  const handoffs: string[] = [];
  const conversations = new ConversationService({
    store: fixtureStore(),
    bus,
    clock: new FixedClock("2026-03-02T10:00:00.000Z"),
    ids: countingIds(),
    config: TEST_CONFIG,
    afterHandoff: (sessionId) => void handoffs.push(sessionId),
  });
  return { conversations, published, handoffs };
}

const answer = (value: unknown): InboundEvent => ({ type: "answer", value });

describe("after a committed turn", () => {
  it("a patient asking for a human: the hand-off is published with its urgency and the process is told, once", async () => {
    const { conversations, published, handoffs } = service();
    const { sessionId } = await conversations.start({ flow: "every-kind", locale: "en", channel: "web", clientMessageId: "c0" });
    await conversations.send(sessionId, "c1", { type: "ask_human" });
    await settle();
    const [opened] = published.filter((event) => event.type === "handoff.opened");
    expect(opened).toEqual({ type: "handoff.opened", sessionId, urgency: "URGENT", slaDeadline: expect.any(String), openedAt: expect.any(String) });
    // The case's place in the queue: opened at the turn's time, due after URGENT's SLA (15 minutes).
    if (opened?.type !== "handoff.opened") throw new Error("no hand-off published");
    expect(Date.parse(opened.slaDeadline!) - Date.parse(opened.openedAt!)).toBe(15 * 60_000);
    expect(handoffs).toEqual([sessionId]);

    // Asking again opens no second case: the turn has no effect, so nothing is published or told.
    await conversations.send(sessionId, "c2", { type: "ask_human" });
    await settle();
    expect(published.filter((event) => event.type === "handoff.opened")).toHaveLength(1);
    expect(handoffs).toEqual([sessionId]);
  });

  it("an EMERGENCY outcome opens a case: published at EMERGENCY and told; a ROUTINE one publishes its messages only", async () => {
    const { conversations, published, handoffs } = service();
    const emergency = await conversations.start({ flow: "every-kind", locale: "en", channel: "web", clientMessageId: "e0" });
    for (const [i, value] of SCRIPTS.EMERGENCY.entries()) await conversations.send(emergency.sessionId, `e${i + 1}`, answer(value));
    const routine = await conversations.start({ flow: "every-kind", locale: "en", channel: "web", clientMessageId: "r0" });
    for (const [i, value] of SCRIPTS.ROUTINE.entries()) await conversations.send(routine.sessionId, `r${i + 1}`, answer(value));
    await settle();
    expect(published.filter((event) => event.type === "handoff.opened")).toEqual([
      { type: "handoff.opened", sessionId: emergency.sessionId, urgency: "EMERGENCY", slaDeadline: expect.any(String), openedAt: expect.any(String) },
    ]);
    expect(handoffs).toEqual([emergency.sessionId]);
    expect(published.some((event) => event.type === "session.messages" && event.sessionId === routine.sessionId)).toBe(true);
  });
});

describe("performEffects", () => {
  const record = () => {
    const published: BusEvent[] = [];
    const told: string[] = [];
    return {
      published,
      told,
      act: { publish: (event: BusEvent) => void published.push(event), handoffOpened: (sessionId: string) => void told.push(sessionId) },
    };
  };

  it("publishes and tells a hand-off for a handoff_requested effect", () => {
    const { published, told, act } = record();
    const place = { slaDeadline: "2026-12-07T11:00:00.000Z", openedAt: "2026-12-07T10:00:00.000Z" };
    performEffects([{ type: "handoff_requested", urgency: "SOON", cause: "outcome", slaMinutes: 60, ...place }], "s1", act);
    expect(published).toEqual([{ type: "handoff.opened", sessionId: "s1", urgency: "SOON", ...place }]);
    expect(told).toEqual(["s1"]);
  });

  it("does nothing more for effects the commit's audit events already record", () => {
    const { published, told, act } = record();
    const recorded: Effect[] = [
      { type: "outcome_decided", result: { urgency: "ROUTINE" } as never },
      { type: "red_flag", flow: "every-kind", flag: "stiff_neck" },
      { type: "flow_chained", from: "entry", to: "every-kind", version: 1 },
    ];
    performEffects(recorded, "s1", act);
    expect(published).toEqual([]);
    expect(told).toEqual([]);
  });
});
