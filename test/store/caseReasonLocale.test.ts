import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChains } from "../../bot/audit/verifyChains.js";
import { MemoryBus } from "../../bot/bus/memoryBus.js";
import { caseInLocale } from "../../bot/cases/caseInLocale.js";
import { auditSourceOf } from "../../bot/cli/replayCommand.js";
import { ConversationService } from "../../bot/engine/conversationService.js";
import { replayStoredSession } from "../../bot/engine/replayStoredSession.js";
import { FixedClock } from "../../bot/engine/systemClock.js";
import { CaseRepository } from "../../bot/store/caseRepository.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { TEST_CONFIG } from "../engine/engineHarness.js";
import { everyKindFlow, SCRIPTS } from "../engine/fixtures/everyKindFlow.js";
import { countingIds } from "../engine/serviceHarness.js";
import { STORE_VARIANTS, createTestDatabase, makeTurn, openTestStore, rawQuery, type TestDatabase } from "./storeFixtures.js";

// A case keeps its first reason in every language the flow has: each clinician reads it in theirs.
describe.each(STORE_VARIANTS)("a case's first reason on $name", ({ driver, options }) => {
  let database: TestDatabase;
  let store: PrismaStore;
  let service: ConversationService;
  let cases: CaseRepository;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    store = await openTestStore(database.url, options);
    await store.publishFlowVersion({ definition: everyKindFlow(), author: "test", changeNote: "fixture" });
    service = new ConversationService({
      store,
      bus: new MemoryBus(),
      clock: new FixedClock("2026-03-02T10:00:00.000Z"),
      ids: countingIds(),
      config: TEST_CONFIG,
    });
    cases = new CaseRepository(store);
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it("reads in English for an English clinician and in French for a French one when a French session reaches URGENT", async () => {
    const { sessionId } = await service.start({ flow: "every-kind", locale: "fr", channel: "web", clientMessageId: `start-${driver}` });
    for (const [i, value] of SCRIPTS.URGENT.entries()) await service.send(sessionId, `c-${i}`, { type: "answer", value });

    const found = await cases.activeForSession(sessionId);
    expect(found).toMatchObject({ urgency: "URGENT", cause: "outcome", locale: "fr" });
    expect(caseInLocale(found!, "en").firstReason).toBe("Temperature ≥ 40 °C");
    expect(caseInLocale(found!, "fr").firstReason).toBe("Température ≥ 40 °C");
    // The patient still reads their own language.
    const transcript = await store.messagesAfter(sessionId, 0);
    expect(transcript.filter((m) => m.author === "bot").every((m) => m.locale === "fr")).toBe(true);

    // The audit chain holds and the session replays to the same snapshot and outcome.
    expect((await verifyChains(store)).find((r) => r.stream === sessionId)).toMatchObject({ ok: true });
    const { verdict } = await replayStoredSession(auditSourceOf(store), sessionId, TEST_CONFIG);
    expect(verdict).toEqual({ sameSnapshot: true, sameOutcome: true, sameAudit: true });
  });

  it("reads in the clinician's language when a French patient asks for a human after a rule already holds", async () => {
    const { sessionId } = await service.start({ flow: "every-kind", locale: "fr", channel: "web", clientMessageId: `start-ask-${driver}` });
    await service.send(sessionId, "a-0", { type: "answer", value: true });
    await service.send(sessionId, "a-1", { type: "answer", value: 40.5 });
    await service.send(sessionId, "a-2", { type: "ask_human" });

    const found = await cases.activeForSession(sessionId);
    expect(found).toMatchObject({ cause: "patient_request", locale: "fr" });
    expect(caseInLocale(found!, "en").firstReason).toBe("Temperature ≥ 40 °C");
    expect(caseInLocale(found!, "fr").firstReason).toBe("Température ≥ 40 °C");
    expect((await cases.listActive()).find((c) => c.id === found!.id)).toEqual(found);
  });

  it("shows a case stored before (a plain string in the patient's language) as it was stored, to every reader", async () => {
    await store.commitTurn(makeTurn(`s-old-${driver}`, "c1", { isNew: true }));
    await store.commitTurn(makeTurn(`s-old-${driver}`, "c2", { handoff: true }));
    await rawQuery(store, "UPDATE handoff_cases SET first_reason = ? WHERE session_id = ?", "Douleur thoracique {ancienne}", `s-old-${driver}`);

    const found = await cases.activeForSession(`s-old-${driver}`);
    expect(caseInLocale(found!, "en").firstReason).toBe("Douleur thoracique {ancienne}");
    expect(caseInLocale(found!, "fr").firstReason).toBe("Douleur thoracique {ancienne}");
  });
});
