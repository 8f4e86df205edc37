import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MemoryBus } from "../../bot/bus/memoryBus.js";
import { auditSourceOf } from "../../bot/cli/replayCommand.js";
import { ConversationService } from "../../bot/engine/conversationService.js";
import { replayStoredSession } from "../../bot/engine/replayStoredSession.js";
import { FixedClock } from "../../bot/engine/systemClock.js";
import { CaseSummaries } from "../../bot/llm/summary/caseSummaries.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { TEST_CONFIG } from "../engine/engineHarness.js";
import { everyKindFlow, SCRIPTS } from "../engine/fixtures/everyKindFlow.js";
import { countingIds } from "../engine/serviceHarness.js";
import { createTestDatabase, openTestStore, type TestDatabase } from "../store/storeFixtures.js";
import { testAssist } from "./assistHarness.js";
import { FakeOpenAiServer } from "./fakeOpenAiServer.js";

/*
 * The clinicians' case summary on the real SQLite store and the real conversation service, the
 * model being a fake OpenAI-compatible server over HTTP: made after the hand-off is committed,
 * stored in the session's audit chain, claims citing lines that do not exist dropped.
 */

let fake: FakeOpenAiServer;
let database: TestDatabase;
let store: PrismaStore;
let service: ConversationService;
let summaries: CaseSummaries;
let assist: ReturnType<typeof testAssist>;
const warnings: unknown[] = [];
/** Sessions whose summary was stored, in order (the runtime publishes case.updated for each). */
const stored: string[] = [];
const clock = new FixedClock("2026-03-02T10:00:00.000Z");
const ids = countingIds();

/** Lines cited by the fake model: the transcript's real lines are 1..n. */
let cite: (realLines: number[]) => string = () => "{}";

beforeAll(async () => {
  fake = await FakeOpenAiServer.start();
  database = await createTestDatabase("sqlite");
  store = await openTestStore(database.url);
  await store.publishFlowVersion({ definition: everyKindFlow(), author: "test", changeNote: "fixture" });
  fake.script = (request) => {
    const lines = [...request.user.matchAll(/^\[(\d+)\]/gm)].map((m) => Number(m[1]));
    return { content: cite(lines) };
  };
});
afterAll(async () => {
  await store?.close();
  await database?.drop();
  await fake?.close();
});
beforeEach(() => {
  warnings.length = 0;
  assist = testAssist(fake.baseUrl);
  service = new ConversationService({
    store,
    bus: new MemoryBus(),
    clock,
    ids,
    config: TEST_CONFIG,
    afterHandoff: (sessionId) => summaries.onHandoff(sessionId),
  });
  stored.length = 0;
  summaries = new CaseSummaries({
    assist,
    store,
    audit: store,
    staff: service,
    clock,
    ids,
    cliniciansLocale: "en",
    logger: { warn: (...args: unknown[]) => void warnings.push(args) },
    onStored: (id) => void stored.push(id),
  });
});

/** Runs the fixture flow to its URGENT hand-off and waits for the summary started after the commit. */
async function handedOff(): Promise<string> {
  const { sessionId } = await service.start({ flow: "every-kind", locale: "fr", channel: "web", clientMessageId: "start" });
  for (const [i, value] of SCRIPTS.URGENT.entries()) await service.send(sessionId, `c-${i}`, { type: "answer", value });
  expect((await store.getSession(sessionId))?.status).toBe("handoff");
  await summaries.settled();
  return sessionId;
}

const eventsOf = async (sessionId: string) => store.readAuditEvents(sessionId, 0);

describe("the case summary", () => {
  it("is made after the hand-off, in the clinicians' language, keeping claims that cite real lines and dropping one citing a line that does not exist", async () => {
    cite = (lines) =>
      JSON.stringify({
        claims: [
          { text: "Fever of 40.5 °C for one day.", lines: [lines[2]!, lines[3]!] },
          { text: "Headache reported.", lines: [lines[4]!, lines[4]!] },
          { text: "Patient had chest pain last week.", lines: [lines.at(-1)! + 50] },
        ],
      });
    const sessionId = await handedOff();
    const summary = await summaries.latest(sessionId);
    const transcript = await store.messagesAfter(sessionId, 0);
    expect(summary).toMatchObject({ locale: "en", trigger: "handoff", model: "fake-model", dropped: 1 });
    expect(summary!.claims.map((c) => c.text)).toEqual(["Fever of 40.5 °C for one day.", "Headache reported."]);
    for (const claim of summary!.claims) for (const line of claim.lines) expect(transcript.some((m) => m.seq === line)).toBe(true);
    expect(summary!.claims[1]!.lines).toHaveLength(1);
    // The prompt asked for English and carried the numbered lines; the transcript gained no message.
    expect(fake.requests.at(-1)!.system).toContain("Write in English");
    expect((await store.messagesAfter(sessionId, 0)).length).toBe(transcript.length);
    const types = (await eventsOf(sessionId)).map((e) => e.type);
    expect(types.slice(-2)).toEqual(["llm.call", "assist.summary"]);
    expect(stored).toEqual([sessionId]);
  });

  it("is made again on request in another language, and the latest is the one shown", async () => {
    cite = (lines) => JSON.stringify({ claims: [{ text: "Fièvre à 40,5 °C depuis un jour.", lines: [lines[2]!] }] });
    const sessionId = await handedOff();
    const again = await summaries.generate(sessionId, "fr", "requested", "user-1");
    expect(again).toMatchObject({ ok: true, summary: { locale: "fr", trigger: "requested" } });
    expect((await summaries.latest(sessionId))?.locale).toBe("fr");
    expect((await eventsOf(sessionId)).filter((e) => e.type === "assist.summary")).toHaveLength(2);
  });

  it.each([
    ["the endpoint fails", () => ({ status: 500 }), "server_error"],
    ["the output carries an urgency", () => ({ content: JSON.stringify({ claims: [], urgency: "SELF_CARE" }) }), "invalid"],
    ["the output is not JSON", () => ({ content: "Summary: fever." }), "not_json"],
  ] as const)("is not made when %s: the call is audited, the patient's hand-off unchanged", async (_name, reply, code) => {
    fake.script = reply as never;
    const sessionId = await handedOff();
    expect(await summaries.latest(sessionId)).toBeUndefined();
    expect(stored).toEqual([]);
    const calls = (await eventsOf(sessionId)).filter((e) => e.type === "llm.call");
    expect(calls.at(-1)!.payload).toMatchObject({ purpose: "case_summary", result: code });
    expect(warnings).toEqual([[{ sessionId, code }, "case summary not made"]]);
    expect((await store.getSession(sessionId))?.status).toBe("handoff");
    fake.script = (request) => ({ content: cite([...request.user.matchAll(/^\[(\d+)\]/gm)].map((m) => Number(m[1]))) });
  });

  it("is not asked for when the settings page turned it off", async () => {
    assist.switches.caseSummary = false;
    const before = fake.requests.length;
    const sessionId = await handedOff();
    expect(fake.requests.length).toBe(before);
    expect((await eventsOf(sessionId)).some((e) => e.type.startsWith("llm."))).toBe(false);
    expect(await summaries.generate(sessionId, "en", "requested")).toEqual({ ok: false, reason: "off" });
  });

  it("leaves the session's replay identical", async () => {
    cite = (lines) => JSON.stringify({ claims: [{ text: "Fever.", lines: [lines[2]!] }] });
    const sessionId = await handedOff();
    await summaries.generate(sessionId, "fr", "requested");
    const { verdict } = await replayStoredSession(auditSourceOf(store), sessionId, TEST_CONFIG);
    expect(verdict).toEqual({ sameSnapshot: true, sameOutcome: true, sameAudit: true });
  });
});
