import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dropOffQuestions } from "../../bot/admin/dropOffQuestions.js";
import { flowVersionAnalytics, type AnalyticsDb } from "../../bot/admin/flowVersionAnalytics.js";
import { MemoryBus } from "../../bot/bus/memoryBus.js";
import { ConversationService } from "../../bot/engine/conversationService.js";
import { FixedClock } from "../../bot/engine/systemClock.js";
import { systemIds } from "../../bot/engine/systemIds.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { ENGINE_CONFIG } from "../console/consoleFixtures.js";
import { tinyFlow } from "../fixtures/tinyFlow.js";
import { createTestDatabase, DRIVERS, openTestStore, type TestDatabase } from "../store/storeFixtures.js";

const START = Date.parse("2026-11-23T08:00:00.000Z");
const minutes = (n: number) => new Date(START + n * 60_000);

describe.each(DRIVERS)("flow version analytics on %s", (driver) => {
  let database: TestDatabase;
  let store: PrismaStore;
  const clock = new FixedClock(minutes(0));
  let n = 0;

  /** A real session of `tiny` driven through the conversation service with these answers (or a request for a human). */
  async function session(conversations: ConversationService, answers: (unknown | "ask_human")[]): Promise<void> {
    const started = await conversations.start({ flow: "tiny", locale: "en", channel: "web", clientMessageId: `start-${++n}` });
    for (const [i, value] of answers.entries()) {
      await conversations.send(started.sessionId, `a${i}`, value === "ask_human" ? { type: "ask_human" } : { type: "answer", value });
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    store = await openTestStore(database.url);
    await store.publishFlowVersion({ definition: tinyFlow(), author: "test", changeNote: "v1" });
    const conversations = new ConversationService({ store, bus: new MemoryBus(), clock, ids: systemIds, config: ENGINE_CONFIG });
    for (let i = 0; i < 3; i++) await session(conversations, []); // stopped at "age"
    for (let i = 0; i < 2; i++) await session(conversations, [40]); // stopped at "symptoms"
    await session(conversations, [40, ["cough"]]); // stopped at "pain"
    await session(conversations, [40, ["blue_lips"]]); // EMERGENCY (red flag): finished
    await session(conversations, [40, ["none"], 2]); // SELF_CARE: finished
    await session(conversations, [40, "ask_human"]); // with a clinician, no outcome: not abandoned
    clock.set(minutes(25));
    await session(conversations, []); // idle for 10 minutes only: still in progress
    await store.publishFlowVersion({ definition: tinyFlow(), author: "test", changeNote: "v2" });
    conversations.catalog.invalidate("tiny");
    await session(conversations, [40]); // version 2: counted apart
  });

  afterAll(async () => {
    await store.close();
    await database.drop();
  });

  it("counts started, finished and abandoned sessions of one version", async () => {
    const result = await flowVersionAnalytics(store, "tiny", 1, minutes(35));
    expect({ started: result.started, finished: result.finished, abandoned: result.abandoned, other: result.other }).toEqual({
      started: 10,
      finished: 2,
      abandoned: 6,
      other: 2,
    });
    expect(result.urgencies).toMatchObject({ EMERGENCY: 1, SELF_CARE: 1, none: 7 });
  });

  it("gives the question each abandoned session stopped at, most abandoned first", async () => {
    const result = await flowVersionAnalytics(store, "tiny", 1, minutes(35));
    expect(result.dropOff).toEqual([
      { slug: "tiny", version: 1, node: "age", sessions: 3 },
      { slug: "tiny", version: 1, node: "symptoms", sessions: 2 },
      { slug: "tiny", version: 1, node: "pain", sessions: 1 },
    ]);
  });

  it("does not count a session as abandoned before it has been idle for 30 minutes", async () => {
    const result = await flowVersionAnalytics(store, "tiny", 1, minutes(29));
    expect(result.abandoned).toBe(0);
    expect(result.dropOff).toEqual([]);
    expect(result.other).toBe(8);
  });

  it("keeps each version's sessions apart", async () => {
    const result = await flowVersionAnalytics(store, "tiny", 2, minutes(60));
    expect(result).toMatchObject({ started: 1, finished: 0, abandoned: 1, dropOff: [{ node: "symptoms", sessions: 1 }] });
  });

  it("words each drop-off point with the question text in the reader's language", async () => {
    const { dropOff } = await flowVersionAnalytics(store, "tiny", 1, minutes(35));
    const definitionOf = async (slug: string, version: number) => (await store.flowVersion(slug, version))?.definition;
    expect((await dropOffQuestions(dropOff, definitionOf, "fr")).map((q) => [q.text, q.sessions])).toEqual([
      ["Âge ?", 3],
      ["Symptômes ?", 2],
      ["Douleur ?", 1],
    ]);
    expect((await dropOffQuestions(dropOff, definitionOf, "en")).map((q) => q.text)).toEqual(["Age?", "Symptoms?", "Pain?"]);
  });
});

describe("the analytics queries on SQLite", () => {
  it("read one version's sessions through the sessions(flow_slug, flow_version) index, not a scan of every session", async () => {
    const database = await createTestDatabase("sqlite");
    const store = await openTestStore(database.url);
    try {
      // The SQL the analytics send, recorded on its way to the real database.
      const sent: { sql: string; params: unknown[] }[] = [];
      const prisma = new Proxy(store.prisma, {
        get(target, key) {
          if (key !== "$queryRawUnsafe") return Reflect.get(target, key);
          return (sql: string, ...params: unknown[]) => {
            sent.push({ sql, params });
            return target.$queryRawUnsafe(sql, ...params);
          };
        },
      });
      const recording: AnalyticsDb = { kind: "sqlite", prisma };
      await flowVersionAnalytics(recording, "tiny", 1, minutes(35));
      expect(sent).toHaveLength(2);
      for (const { sql, params } of sent) {
        const plan = (await store.prisma.$queryRawUnsafe(`EXPLAIN QUERY PLAN ${sql}`, ...params)) as { detail: string }[];
        const steps = plan.map((row) => row.detail).filter((detail) => /\bsessions\b/.test(detail));
        expect(steps).toEqual(["SEARCH sessions USING INDEX sessions_flow_slug_flow_version_idx (flow_slug=? AND flow_version=?)"]);
      }
    } finally {
      await store.close();
      await database.drop();
    }
  });
});
