import { afterAll, beforeAll, beforeEach } from "vitest";
import { MemoryBus } from "../../bot/bus/memoryBus.js";
import type { Conversations } from "../../bot/channels/index.js";
import type { ChatMessage, QuestionView } from "../../bot/engine/chatMessage.js";
import { ConversationService } from "../../bot/engine/conversationService.js";
import type { CommittedTurn } from "../../bot/engine/ports.js";
import { FixedClock } from "../../bot/engine/systemClock.js";
import { AssistedConversations } from "../../bot/llm/suggest/assistedConversations.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { TEST_CONFIG } from "../engine/engineHarness.js";
import { countingIds } from "../engine/serviceHarness.js";
import { createTestDatabase, openTestStore, type TestDatabase } from "../store/storeFixtures.js";
import { FakeOpenAiServer } from "./fakeOpenAiServer.js";
import type { Assist } from "../../bot/llm/assist.js";
import { CallLimits } from "../../bot/llm/callLimits.js";
import { OpenAiLlm } from "../../bot/llm/openAiLlm.js";
import { ASSIST_DEFAULTS, type AssistSwitches } from "../../bot/settings/settingsSchema.js";

/** The assist as the runtime builds it, on the real openai SDK pointed at `baseUrl`; `switches` is what the settings page says. */
export function testAssist(
  baseUrl: string,
  switches: AssistSwitches = { ...ASSIST_DEFAULTS },
  limits = { perSession: 50, perMinute: 1000 },
): Assist & { switches: AssistSwitches; logged: unknown[] } {
  const logged: unknown[] = [];
  return {
    llm: new OpenAiLlm({ baseUrl, model: "fake-model" }),
    limits: new CallLimits(limits),
    logger: { info: (...args: unknown[]) => void logged.push(args) },
    timeoutMs: 2000,
    summaryTimeoutMs: 2000,
    switches,
    logged,
    enabled(use) {
      return this.switches[use];
    },
  };
}

/** What the assisted-conversation tests share: the fake model, a real SQLite store, the plain service and the assisted one around it. */
export interface AssistedConversationsHarness {
  fake: FakeOpenAiServer;
  store: PrismaStore;
  /** The conversation service without the model. */
  plain: ConversationService;
  /** The same service with the model's assist, as the runtime wires it. */
  assisted: AssistedConversations;
  assist: ReturnType<typeof testAssist>;
  clock: FixedClock;
  /** One id sequence for the whole file: every test's sessions live in the same database. */
  ids: ReturnType<typeof countingIds>;
}

/**
 * Declares the hooks of an assisted-conversation test file: a fake OpenAI-compatible server and a
 * SQLite store seeded by `seed` for the whole file, fresh services (and assist switches) for each
 * test. Read the fields inside tests (they are set by the hooks).
 */
export function useAssistedConversations(seed: (store: PrismaStore) => Promise<unknown>): AssistedConversationsHarness {
  const h = { clock: new FixedClock("2026-03-02T10:00:00.000Z"), ids: countingIds() } as AssistedConversationsHarness;
  let database: TestDatabase | undefined;
  beforeAll(async () => {
    h.fake = await FakeOpenAiServer.start();
    database = await createTestDatabase("sqlite");
    h.store = await openTestStore(database.url);
    await seed(h.store);
  }, 120_000);
  afterAll(async () => {
    await h.store?.close();
    await database?.drop();
    await h.fake?.close();
  });
  beforeEach(() => {
    h.assist = testAssist(h.fake.baseUrl);
    h.plain = new ConversationService({ store: h.store, bus: new MemoryBus(), clock: h.clock, ids: h.ids, config: TEST_CONFIG });
    h.assisted = new AssistedConversations({ inner: h.plain, assist: h.assist, store: h.store, catalog: h.plain.catalog, clock: h.clock, config: TEST_CONFIG });
  });
  return h;
}

/** Plays the entry flow with `answers` by question id until a question it has no answer for (or the end). */
export async function playEntryFlow(service: Conversations, answers: Record<string, unknown>, startId: string, locale: "fr" | "en" = "en") {
  const started = await service.start({ flow: "general", locale, channel: "web", clientMessageId: `start-${startId}` });
  let turn: CommittedTurn = started.turn;
  const transcript: ChatMessage[] = [...turn.messages];
  for (let i = 0; ; i++) {
    const asked = turn.messages.filter((m) => m.body.kind === "question").at(-1);
    if (!asked || asked.body.kind !== "question") return { sessionId: started.sessionId, transcript, question: undefined as QuestionView | undefined };
    const id = asked.body.question.questionId;
    if (!(id in answers)) return { sessionId: started.sessionId, transcript, question: asked.body.question };
    turn = await service.send(started.sessionId, `c-${i}`, { type: "answer", value: answers[id], questionId: id });
    transcript.push(...turn.messages);
  }
}

/** The ids of the questions a transcript asked, in order. */
export const askedIds = (transcript: ChatMessage[]) =>
  transcript.filter((m) => m.body.kind === "question").map((m) => (m.body as { question: QuestionView }).question.questionId);

/** What a session stored: its state, urgency and status (to compare a session with the model and one without). */
export async function storedSession(store: PrismaStore, id: string) {
  const session = (await store.getSession(id))!;
  return { state: session.state, urgency: session.urgency ?? null, status: session.status };
}
