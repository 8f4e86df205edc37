import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryBus } from "../../bot/bus/memoryBus.js";
import { auditSourceOf } from "../../bot/cli/replayCommand.js";
import { ConversationService } from "../../bot/engine/conversationService.js";
import type { InboundEvent } from "../../bot/engine/ports.js";
import { replayStoredSession } from "../../bot/engine/replayStoredSession.js";
import { FixedClock } from "../../bot/engine/systemClock.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { createTestDatabase, openTestStore, type TestDatabase } from "../store/storeFixtures.js";
import { TEST_CONFIG } from "./engineHarness.js";
import { everyKindFlow, SCRIPTS } from "./fixtures/everyKindFlow.js";
import { countingIds } from "./serviceHarness.js";

// The engine on the database store (SQLite file): the same behaviour as on the MemoryStore.
describe("the engine on the SQLite store", () => {
  let database: TestDatabase;
  let store: PrismaStore;
  let service: ConversationService;
  const clock = new FixedClock("2026-03-02T10:00:00.000Z");

  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
    store = await openTestStore(database.url);
    await store.publishFlowVersion({ definition: everyKindFlow(), author: "test", changeNote: "fixture" });
    service = new ConversationService({ store, bus: new MemoryBus(), clock, ids: countingIds(), config: TEST_CONFIG });
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it("serialises concurrent turns and replays the finished session to the same snapshot and outcome", async () => {
    const { sessionId, resumeToken } = await service.start({ flow: "every-kind", locale: "fr", channel: "web", clientMessageId: "c-start" });
    const events: InboundEvent[] = SCRIPTS.URGENT.map((value) => ({ type: "answer", value }));
    const replies = await Promise.all(events.map((event, i) => service.send(sessionId, `c-${i}`, event)));
    const again = await service.send(sessionId, "c-0", { type: "answer", value: false });
    expect(again).toEqual(replies[0]);

    const transcript = await store.messagesAfter(sessionId, 0);
    expect(transcript.map((m) => m.seq)).toEqual(Array.from({ length: transcript.length }, (_, i) => i + 1));
    expect((await store.getSession(sessionId))?.status).toBe("handoff");
    expect((await service.resume(resumeToken, transcript.length - 1)).messages).toHaveLength(1);

    const { verdict, replay } = await replayStoredSession(auditSourceOf(store), sessionId, TEST_CONFIG);
    expect(verdict).toEqual({ sameSnapshot: true, sameOutcome: true, sameAudit: true });
    expect(replay.result?.urgency).toBe("URGENT");
  });
});
