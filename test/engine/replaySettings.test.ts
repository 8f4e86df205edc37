import { Command } from "commander";
import { beforeAll, describe, expect, it } from "vitest";
import { MemoryBus } from "../../bot/bus/memoryBus.js";
import { auditSourceOf, registerReplayCommand } from "../../bot/cli/replayCommand.js";
import { loadConfig } from "../../bot/config/config.js";
import { ConversationService } from "../../bot/engine/conversationService.js";
import type { InboundEvent } from "../../bot/engine/ports.js";
import type { ReplaySource } from "../../bot/engine/replayStoredSession.js";
import { FixedClock } from "../../bot/engine/systemClock.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { useTestStore } from "../store/useTestStore.js";
import { everyKindFlow, SCRIPTS } from "./fixtures/everyKindFlow.js";
import { countingIds } from "./serviceHarness.js";

/** The store as the replay command reads it, left open for the next test (the command closes what it opened). */
function readerOf(store: PrismaStore): ReplaySource {
  const { close: _close, ...source } = auditSourceOf(store);
  return source;
}

/** `triage audit replay <id>` in-process, as an operator runs it: no configuration passed, whatever the shell's. */
async function replayCli(source: ReplaySource, sessionId: string): Promise<{ out: string; code: number }> {
  let out = "";
  let code = -1;
  const program = new Command("triage").exitOverride();
  registerReplayCommand(program, {
    io: { out: (t) => void (out += t), err: (t) => void (out += t) },
    setExitCode: (c) => (code = c),
    openSource: async () => source,
  });
  await program.parseAsync(["audit", "replay", sessionId], { from: "user" });
  return { out, code };
}

describe("replay reads the settings the session recorded, not the replaying shell's", () => {
  const db = useTestStore("sqlite");
  let sessionId: string;

  beforeAll(async () => {
    await db.store.publishFlowVersion({ definition: everyKindFlow(), author: "test", changeNote: "fixture" });
    // The deployment ran with SLA_MINUTES_URGENT=1 when the patient was handed off.
    const { emergencyNumbers, slaMinutes } = loadConfig({ SLA_MINUTES_URGENT: "1" });
    const service = new ConversationService({
      store: db.store,
      bus: new MemoryBus(),
      clock: new FixedClock("2026-03-02T10:00:00.000Z"),
      ids: countingIds(),
      config: { emergencyNumbers, slaMinutes },
    });
    ({ sessionId } = await service.start({ flow: "every-kind", locale: "fr", channel: "web", clientMessageId: "c-start" }));
    const events: InboundEvent[] = SCRIPTS.URGENT.map((value) => ({ type: "answer", value }));
    for (const [i, event] of events.entries()) await service.send(sessionId, `c-${i}`, event);
  });

  it("replays a session handed off with SLA_MINUTES_URGENT=1 identically under the default settings", async () => {
    const handoff = (await db.store.readAuditEvents(sessionId, 0, 1000)).find((e) => e.type === "handoff.requested");
    expect(handoff?.payload).toMatchObject({ urgency: "URGENT", slaMinutes: 1 });
    expect(loadConfig({}).slaMinutes.URGENT).toBe(15);
    const { out, code } = await replayCli(readerOf(db.store), sessionId);
    expect(code).toBe(0);
    expect(out).toContain("snapshot: same (status handoff)");
    expect(out).toMatch(/^audit: {4}same \(\d+ events\)$/m);
  });

  it("names the field that differs when a recorded event was not reproduced", async () => {
    // The record says 30 minutes but kept the deadline of 1: a replay with 30 computes another deadline.
    const source = readerOf(db.store);
    const forged: ReplaySource = {
      ...source,
      auditEventsOf: async (stream) =>
        (await source.auditEventsOf(stream)).map((e) => (e.type === "handoff.requested" ? { ...e, payload: { ...(e.payload as object), slaMinutes: 30 } } : e)),
    };
    const events = await source.auditEventsOf(sessionId);
    const index = events.filter((e) => e.type !== "message.patient").findIndex((e) => e.type === "handoff.requested");
    const { out } = await replayCli(forged, sessionId);
    expect(out).toMatch(
      /^audit: {4}differs at event \d+ \(recorded handoff\.requested, replayed handoff\.requested\), field payload\.slaDeadline: recorded "2026-03-02T10:01:00\.000Z", replayed "2026-03-02T10:30:00\.000Z"$/m,
    );
    expect(index).toBeGreaterThan(0);
  });
});
