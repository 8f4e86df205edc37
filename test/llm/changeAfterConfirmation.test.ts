import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChains } from "../../bot/audit/verifyChains.js";
import { auditSourceOf } from "../../bot/cli/replayCommand.js";
import { loadConfig } from "../../bot/config/config.js";
import { replayStoredSession } from "../../bot/engine/replayStoredSession.js";
import { logger } from "../../bot/logger.js";
import { createRuntime, openRuntimeParts, type Runtime } from "../../bot/runtime.js";
import { createServer } from "../../bot/server.js";
import { seedShippedFlows } from "../../bot/start.js";
import { migrate } from "../../bot/store/migrate.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { WsClient } from "../web/wsClient.js";
import { FakeOpenAiServer, type ReceivedChat } from "./fakeOpenAiServer.js";
import { typedFlow } from "./typedFlow.js";

/*
 * "Change my last answer" right after the patient confirmed what the model read (issue 21): the
 * whole web channel as `npm start` wires it (the runtime on a temporary SQLite file, the HTTP
 * server, a real socket speaking the chat protocol), the model a fake OpenAI-compatible server.
 * The confirmed value is undone like any answer: the question comes back, the session's answers
 * and outcome keep nothing of it, the audit chain records the change, and a replay of the
 * finished session gives the same result from the recorded calls, without asking the model.
 */

let fake: FakeOpenAiServer;
let dir: string;
let runtime: Runtime;
let store: PrismaStore;
let server: ReturnType<typeof createServer>;
let url: string;
let ids = 0;
const nextId = () => `c${++ids}`;

/** Darija: "my face is falling on one side and my words come out heavy"; no keyword of the entry flow matches it, the model names the sign. */
const DARIJA_STROKE = "wjhi tay7 mn jiha w lklam kaykhrej t9il";

const model = (request: ReceivedChat) => {
  if (request.system.includes("answered a triage question in their own words")) return { content: '{"value":38.5}' };
  if (request.system.includes("Name the warning signs"))
    return { content: request.user.includes(DARIJA_STROKE) ? '{"signs":["stroke_signs_text"]}' : '{"signs":[]}' };
  return { content: '{"complaints":["headache"]}' };
};

beforeAll(async () => {
  fake = await FakeOpenAiServer.start();
  fake.script = model;
  dir = mkdtempSync(join(tmpdir(), "triage-change-"));
  const config = loadConfig({ DATABASE_URL: `file:${join(dir, "triage.db")}`, LOG_LEVEL: "silent", LLM_BASE_URL: fake.baseUrl, LLM_MODEL: "fake-model" });
  await migrate(config.env.DATABASE_URL, { logger: logger.child({}, { level: "silent" }) });
  const parts = await openRuntimeParts(config);
  store = parts.store;
  await seedShippedFlows(store);
  await store.publishFlowVersion({ definition: typedFlow(), author: "test", changeNote: "change after confirmation" });
  runtime = createRuntime(config, parts, { perConnection: { points: 200, durationSeconds: 10 } });
  server = createServer({ channels: runtime.channels });
  url = `ws://127.0.0.1:${await server.listen(0, "127.0.0.1")}/ws`;
}, 120_000);

afterAll(async () => {
  await server?.close();
  await runtime?.close();
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A patient's page: a socket that started a session of `flow`. */
async function patient(flow: string) {
  const client = await WsClient.connect(url);
  const start = await client.turn({ id: nextId(), type: "start", flow, locale: "en" });
  const session = await client.next("session");
  return { client, sessionId: session.sessionId, first: start.messages };
}

type Turn = Awaited<ReturnType<WsClient["turn"]>>;
const bodies = (turn: Turn) => turn.messages.map((m) => m.message.body);
const asked = (turn: Turn) =>
  bodies(turn)
    .filter((b) => b.kind === "question")
    .map((b) => (b as { question: { questionId: string } }).question);
const answersOf = async (sessionId: string) => {
  const frames = (await store.getSession(sessionId))!.state.frames;
  return Object.assign({}, ...frames.map((f) => f.snapshot.context.answers)) as Record<string, unknown>;
};

describe("changing an answer the model read and the patient confirmed", () => {
  it("undoes a confirmed temperature, asks it again, keeps nothing of it in the outcome, and replays without the model", async () => {
    const { client, sessionId } = await patient("typed-test");
    await client.turn({ id: nextId(), type: "answer", value: "2 days", questionId: "since" });

    const read = await client.turn({ id: nextId(), type: "text", text: "about 38 and a half" });
    const reask = bodies(read).find((b) => b.kind === "reask") as { proposal?: { value: unknown; display: string } } | undefined;
    expect(reask?.proposal).toEqual({ value: 38.5, display: "38.5 °C" });
    const confirmed = await client.turn({ id: nextId(), type: "answer", value: reask!.proposal!.value, questionId: "temperature" });
    expect(asked(confirmed).map((q) => q.questionId)).toEqual(["breathless"]);
    expect((await answersOf(sessionId)).temperature).toBe(38.5);

    const back = await client.turn({ id: nextId(), type: "back" });
    expect(back.end).toMatchObject({ type: "ack", status: "active" });
    expect(asked(back).map((q) => q.questionId)).toEqual(["temperature"]);
    const answers = await answersOf(sessionId);
    expect(answers.temperature).toBeUndefined();
    expect(answers.since).toBe(48);
    const changed = (await store.readAuditEvents(sessionId, 0)).find((e) => e.type === "answer.changed");
    expect(changed?.payload).toMatchObject({ question: "temperature", previous: 38.5 });

    // A plain number this time: a fever, which decides the outcome at once (the undone 38.5 would not have).
    const end = await client.turn({ id: nextId(), type: "answer", value: 39.5, questionId: "temperature" });
    const outcome = bodies(end).find((b) => b.kind === "outcome") as { outcome: { urgency: string } } | undefined;
    expect(outcome?.outcome.urgency).toBe("SOON");
    expect(end.end).toMatchObject({ type: "ack", status: "handoff" });
    const decided = (await store.readAuditEvents(sessionId, 0)).filter((e) => e.type === "outcome.decided");
    expect(decided).toHaveLength(1);
    expect(JSON.stringify(decided[0]!.payload)).toContain("high_fever");
    expect(JSON.stringify(decided[0]!.payload)).not.toContain("38.5");
    expect(await answersOf(sessionId)).toEqual({ since: 48, temperature: 39.5 });
    expect((await store.getSession(sessionId))!.urgency).toBe("SOON");

    const before = fake.requests.length;
    const { verdict } = await replayStoredSession(auditSourceOf(store), sessionId, runtime.settings.engineConfig);
    expect(verdict).toEqual({ sameSnapshot: true, sameOutcome: true, sameAudit: true });
    expect(fake.requests.length).toBe(before);
    // The model's reading is in the chain with the turn that asked it, and the chain still verifies.
    const inbound = (await store.readAuditEvents(sessionId, 0)).filter((e) => e.type === "patient.inbound").map((e) => JSON.stringify(e.payload));
    expect(inbound.filter((p) => p.includes('"purpose":"answer_value"'))).toHaveLength(1);
    expect((await verifyChains(store)).find((chain) => chain.stream === sessionId)).toMatchObject({ ok: true });
    await client.close();
  });

  it("undoes a complaint the model suggested and the patient picked, and asks the complaint again with the same suggestions", async () => {
    const { client, sessionId, first } = await patient("general");
    let question = first.map((m) => m.message.body).find((b) => b.kind === "question") as { question: { questionId: string } } | undefined;
    const opening: Record<string, unknown> = {
      danger_signs: ["none"],
      complaint_text: "rassi kayderni bzaf",
      text_signs_confirm: ["none"],
      age_years: 40,
      sex: "male",
      pregnant: "no",
    };
    let turn: Turn | undefined;
    for (let i = 0; i < 10 && question && question.question.questionId in opening; i++) {
      const id = question.question.questionId;
      turn = await client.turn({ id: nextId(), type: "answer", value: opening[id], questionId: id });
      question = undefined;
      const next = asked(turn).at(-1);
      if (next) question = { question: next };
    }
    const complaint = asked(turn!).at(-1) as { questionId: string; suggested?: string[] };
    expect(complaint.questionId).toBe("main_complaint");
    expect(complaint.suggested).toContain("headache");

    const picked = await client.turn({ id: nextId(), type: "answer", value: "headache", questionId: "main_complaint" });
    expect(asked(picked).length).toBeGreaterThan(0);
    expect(asked(picked).at(-1)!.questionId).not.toBe("main_complaint");
    expect((await answersOf(sessionId)).main_complaint).toBe("headache");

    const requests = fake.requests.length;
    const back = await client.turn({ id: nextId(), type: "back" });
    const again = asked(back) as { questionId: string; suggested?: string[] }[];
    expect(again.map((q) => q.questionId)).toEqual(["main_complaint"]);
    // Shown again as the model suggested it, from the recorded call: the model is not asked again.
    expect(again[0]!.suggested).toEqual(complaint.suggested);
    expect(fake.requests.length).toBe(requests);
    expect((await answersOf(sessionId)).main_complaint).toBeUndefined();
    const changed = (await store.readAuditEvents(sessionId, 0)).find((e) => e.type === "answer.changed");
    expect(changed?.payload).toMatchObject({ question: "main_complaint", previous: "headache" });

    const { verdict } = await replayStoredSession(auditSourceOf(store), sessionId, runtime.settings.engineConfig);
    expect(verdict).toEqual({ sameSnapshot: true, sameOutcome: true, sameAudit: true });
    expect(fake.requests.length).toBe(requests);
    await client.close();
  });

  it("asks again the warning-signs confirmation the model added when the patient changes their 'none', and a tick then ends at EMERGENCY", async () => {
    const { client, sessionId } = await patient("general");
    await client.turn({ id: nextId(), type: "answer", value: ["none"], questionId: "danger_signs" });
    const named = await client.turn({ id: nextId(), type: "answer", value: DARIJA_STROKE, questionId: "complaint_text" });
    const confirm = asked(named).at(-1) as { questionId: string; options?: { value: string }[] };
    expect(confirm.questionId).toBe("text_signs_confirm");
    const declined = await client.turn({ id: nextId(), type: "answer", value: ["none"], questionId: "text_signs_confirm" });
    expect(asked(declined).at(-1)!.questionId).toBe("age_years");

    const requests = fake.requests.length;
    const back = await client.turn({ id: nextId(), type: "back" });
    const again = asked(back) as { questionId: string; options?: { value: string }[] }[];
    expect(again.map((q) => q.questionId)).toEqual(["text_signs_confirm"]);
    expect(again[0]!.options).toEqual(confirm.options);
    expect(fake.requests.length).toBe(requests);
    const answers = await answersOf(sessionId);
    expect(answers.text_signs_confirm).toBeUndefined();
    expect(answers.complaint_text).toBe(DARIJA_STROKE);
    const changed = (await store.readAuditEvents(sessionId, 0)).find((e) => e.type === "answer.changed");
    expect(changed?.payload).toMatchObject({ question: "text_signs_confirm", previous: ["none"] });

    // This time the patient ticks the sign: the flow's own red flag decides.
    const ticked = await client.turn({ id: nextId(), type: "answer", value: ["stroke_signs_text"], questionId: "text_signs_confirm" });
    const outcome = bodies(ticked).find((b) => b.kind === "outcome") as { outcome: { urgency: string } } | undefined;
    expect(outcome?.outcome.urgency).toBe("EMERGENCY");
    expect((await store.getSession(sessionId))!.urgency).toBe("EMERGENCY");

    const { verdict } = await replayStoredSession(auditSourceOf(store), sessionId, runtime.settings.engineConfig);
    expect(verdict).toEqual({ sameSnapshot: true, sameOutcome: true, sameAudit: true });
    expect(fake.requests.length).toBe(requests);
    expect((await verifyChains(store)).find((chain) => chain.stream === sessionId)).toMatchObject({ ok: true });
    await client.close();
  });

  it("keeps the patient's 'none' to that confirmation when they change a later answer", async () => {
    const { client, sessionId } = await patient("general");
    await client.turn({ id: nextId(), type: "answer", value: ["none"], questionId: "danger_signs" });
    await client.turn({ id: nextId(), type: "answer", value: DARIJA_STROKE, questionId: "complaint_text" });
    await client.turn({ id: nextId(), type: "answer", value: ["none"], questionId: "text_signs_confirm" });
    const aged = await client.turn({ id: nextId(), type: "answer", value: 40, questionId: "age_years" });
    expect(asked(aged).at(-1)!.questionId).not.toBe("age_years");

    const back = await client.turn({ id: nextId(), type: "back" });
    expect(asked(back).map((q) => q.questionId)).toEqual(["age_years"]);
    const answers = await answersOf(sessionId);
    expect(answers.age_years).toBeUndefined();
    expect(answers.text_signs_confirm).toEqual(["none"]);
    const { verdict } = await replayStoredSession(auditSourceOf(store), sessionId, runtime.settings.engineConfig);
    expect(verdict).toEqual({ sameSnapshot: true, sameOutcome: true, sameAudit: true });
    await client.close();
  });
});
