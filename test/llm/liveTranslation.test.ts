import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConsoleUser } from "../../bot/auth/authStore.js";
import { loadConfig } from "../../bot/config/config.js";
import type { ChatMessage } from "../../bot/engine/chatMessage.js";
import { logger } from "../../bot/logger.js";
import { createRuntime, openRuntimeParts, type Runtime } from "../../bot/runtime.js";
import { migrate } from "../../bot/store/migrate.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { urgentFlow } from "../slack/slackFlows.js";
import { FakeOpenAiServer, type FakeReply, type ReceivedChat } from "./fakeOpenAiServer.js";

/*
 * Live-chat translation (issue 21) on the real runtime (SQLite file, the conversation service, the
 * console's case service), the model a fake OpenAI-compatible server over HTTP. A French-speaking
 * clinician's console: the patient's Darija message is stored as written with its French
 * translation; the clinician's French reply reaches the patient in Darija with the French kept;
 * every call is an llm.call event of the session's chain; any failure sends the original; the
 * settings switch turns it off.
 */

let fake: FakeOpenAiServer;
let dir: string;
let runtime: Runtime;
let store: PrismaStore;
let clinician: ConsoleUser;
let counter = 0;

const DARIJA = "rasi kayderni bzaf w ma n9derch nnod";
const FRENCH_FOR_IT = "J'ai très mal à la tête et je n'arrive pas à me lever";
const REPLY = "Depuis quand avez-vous mal ? Prenez-vous un traitement ?";
const REPLY_IN_DARIJA = "Mnin bdak lweja3? Wach katakhod chi dwa?";

/** Whether the model works: when false, it answers every call with a 500. */
let modelUp = true;
const translate = (request: ReceivedChat): FakeReply => {
  if (!modelUp) return { status: 500 };
  if (request.system.includes("A patient is chatting with a clinician")) {
    if (request.user.includes(DARIJA)) return { content: JSON.stringify({ language: "darija", translation: FRENCH_FOR_IT }) };
    return { content: JSON.stringify({ language: "fr", translation: null }) };
  }
  if (request.system.includes("A clinician is chatting with a patient")) return { content: JSON.stringify({ translation: REPLY_IN_DARIJA }) };
  return { content: "{}" };
};

beforeAll(async () => {
  fake = await FakeOpenAiServer.start();
  fake.script = translate;
  dir = mkdtempSync(join(tmpdir(), "triage-translation-"));
  const config = loadConfig({
    DATABASE_URL: `file:${join(dir, "triage.db")}`,
    LOG_LEVEL: "silent",
    TRIAGE_DEFAULT_LOCALE: "fr",
    LLM_BASE_URL: fake.baseUrl,
    LLM_MODEL: "fake-model",
  });
  await migrate(config.env.DATABASE_URL, { logger: logger.child({}, { level: "silent" }) });
  const parts = await openRuntimeParts(config);
  store = parts.store;
  await store.publishFlowVersion({ definition: urgentFlow(), author: "test", changeNote: "translation tests" });
  runtime = createRuntime(config, parts);
  clinician = (
    await runtime.console!.auth.addUser(
      { email: "dr@clinic.example", role: "clinician", displayName: "Dr Fr", password: "correct horse battery staple" },
      "test",
    )
  ).user;
}, 120_000);
afterAll(async () => {
  await runtime?.close();
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A patient whose URGENT case the clinician took: the live chat is open. */
async function liveChat(): Promise<{ sessionId: string; caseId: string }> {
  const started = await runtime.conversations.start({ flow: "urgent-test", locale: "fr", channel: "web", clientMessageId: `start-${++counter}` });
  await runtime.conversations.send(started.sessionId, `yes-${counter}`, { type: "answer", value: true, questionId: "bad" });
  await runtime.assist!.summaries.settled();
  const found = (await runtime.console!.cases.queue()).find((c) => c.sessionId === started.sessionId)!;
  await runtime.console!.cases.claim(found.id, clinician);
  return { sessionId: started.sessionId, caseId: found.id };
}

const lastOf = (messages: ChatMessage[], author: ChatMessage["author"]) =>
  messages.filter((m) => m.author === author && m.body.kind === "text").at(-1)!.body as Extract<ChatMessage["body"], { kind: "text" }>;
const translationCalls = async (sessionId: string) =>
  (await store.readAuditEvents(sessionId, 0)).filter((e) => JSON.stringify(e.payload).includes('"purpose":"translation"'));

describe("live-chat translation between a Darija-speaking patient and a French-speaking clinician", () => {
  it("keeps the patient's words and shows the clinician their French translation", async () => {
    modelUp = true;
    const { sessionId } = await liveChat();
    await runtime.conversations.send(sessionId, `m-${++counter}`, { type: "text", text: DARIJA });
    const body = lastOf(await store.messagesAfter(sessionId, 0), "patient");
    expect(body).toEqual({ kind: "text", text: DARIJA, language: "darija", translation: { language: "fr", text: FRENCH_FOR_IT } });
    // The call is audited in the session's chain, inside the relayed message's event.
    expect((await translationCalls(sessionId)).map((e) => e.type)).toEqual(["patient.to_clinician"]);
  });

  it("sends the clinician's reply in the patient's language with the French kept, and audits the call", async () => {
    modelUp = true;
    const { sessionId, caseId } = await liveChat();
    await runtime.conversations.send(sessionId, `m-${++counter}`, { type: "text", text: DARIJA });
    await runtime.console!.cases.sendMessage(caseId, clinician, REPLY, `r-${counter}`);
    const body = lastOf(await store.messagesAfter(sessionId, 0), "clinician");
    expect(body).toEqual({ kind: "text", text: REPLY_IN_DARIJA, language: "darija", original: { language: "fr", text: REPLY } });
    expect(fake.requests.at(-1)!.user).toContain(REPLY);
    const events = await store.readAuditEvents(sessionId, 0);
    const message = events.find((e) => e.type === "clinician.message")!;
    expect(message.payload).toMatchObject({ text: REPLY });
    expect(events.some((e) => e.type === "llm.call" && (e.payload as { purpose?: string }).purpose === "translation")).toBe(true);
  });

  it("translates nothing when both write French", async () => {
    modelUp = true;
    const { sessionId, caseId } = await liveChat();
    await runtime.conversations.send(sessionId, `m-${++counter}`, { type: "text", text: "J'ai mal à la tête depuis hier" });
    expect(lastOf(await store.messagesAfter(sessionId, 0), "patient")).toEqual({ kind: "text", text: "J'ai mal à la tête depuis hier", language: "fr" });
    const before = fake.requests.length;
    await runtime.console!.cases.sendMessage(caseId, clinician, REPLY, `r-${counter}`);
    expect(lastOf(await store.messagesAfter(sessionId, 0), "clinician")).toEqual({ kind: "text", text: REPLY });
    expect(fake.requests.length).toBe(before);
  });

  it("sends both messages as written when the model fails, and still audits the calls", async () => {
    modelUp = true;
    const { sessionId, caseId } = await liveChat();
    await runtime.conversations.send(sessionId, `m-${++counter}`, { type: "text", text: DARIJA });
    modelUp = false;
    await runtime.conversations.send(sessionId, `m-${++counter}`, { type: "text", text: `${DARIJA} 3awtani` });
    expect(lastOf(await store.messagesAfter(sessionId, 0), "patient")).toEqual({ kind: "text", text: `${DARIJA} 3awtani` });
    await runtime.console!.cases.sendMessage(caseId, clinician, REPLY, `r-${counter}`);
    expect(lastOf(await store.messagesAfter(sessionId, 0), "clinician")).toEqual({ kind: "text", text: REPLY });
    const failed = (await store.readAuditEvents(sessionId, 0)).filter(
      (e) => e.type === "llm.call" && (e.payload as { result?: string }).result === "server_error",
    );
    expect(failed).toHaveLength(1);
  });

  it("asks nothing when the settings page turned translation off", async () => {
    modelUp = true;
    const { sessionId, caseId } = await liveChat();
    await runtime.settings.save(
      { ...runtime.settings.current, assist: { ...runtime.settings.current.assist, liveTranslation: false } },
      { email: "admin@clinic.example" },
    );
    try {
      const before = fake.requests.length;
      await runtime.conversations.send(sessionId, `m-${++counter}`, { type: "text", text: DARIJA });
      await runtime.console!.cases.sendMessage(caseId, clinician, REPLY, `r-${counter}`);
      expect(fake.requests.length).toBe(before);
      expect(lastOf(await store.messagesAfter(sessionId, 0), "patient")).toEqual({ kind: "text", text: DARIJA });
      expect(lastOf(await store.messagesAfter(sessionId, 0), "clinician")).toEqual({ kind: "text", text: REPLY });
    } finally {
      await runtime.settings.save(
        { ...runtime.settings.current, assist: { ...runtime.settings.current.assist, liveTranslation: true } },
        { email: "admin@clinic.example" },
      );
    }
  });
});
