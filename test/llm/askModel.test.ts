import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { askModel, promptHash, type AskDeps } from "../../bot/llm/askModel.js";
import { CallLimits } from "../../bot/llm/callLimits.js";
import { OpenAiLlm } from "../../bot/llm/openAiLlm.js";
import { FakeOpenAiServer, type FakeReply } from "./fakeOpenAiServer.js";

/*
 * The assist's one door to a model, against a fake OpenAI-compatible server over real HTTP with
 * the real openai SDK: every failure is a code (never an exception), every call is an audit event.
 */

const schema = z.strictObject({ complaint: z.enum(["chest_pain", "headache"]) });

let fake: FakeOpenAiServer;
let deps: AskDeps;
const logged: unknown[] = [];

const ask = (sessionId = "s-1", timeoutMs = 2000) =>
  askModel(deps, {
    purpose: "complaint_suggestions",
    sessionId,
    system: "Classify the complaint.",
    user: "PATIENT TEXT: j'ai mal à la tête",
    schema,
    maxOutputTokens: 100,
    timeoutMs,
  });

beforeAll(async () => {
  fake = await FakeOpenAiServer.start();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(() => {
  logged.length = 0;
  deps = {
    llm: new OpenAiLlm({ baseUrl: fake.baseUrl, apiKey: "test-key", model: "fake-model" }),
    limits: new CallLimits({ perSession: 50, perMinute: 1000 }),
    logger: { info: (...args: unknown[]) => void logged.push(args) },
  };
});

const replying = (reply: FakeReply) => (fake.script = () => reply);

describe("asking the model", () => {
  it("returns the validated value and an llm.call event with purpose, model, prompt hash, output and latency", async () => {
    replying({ content: '{"complaint":"headache"}' });
    const asked = await ask();
    expect(asked).toMatchObject({ ok: true, value: { complaint: "headache" } });
    expect(asked.event.type).toBe("llm.call");
    expect(asked.event.payload).toMatchObject({
      purpose: "complaint_suggestions",
      model: "fake-model",
      promptHash: promptHash("Classify the complaint.", "PATIENT TEXT: j'ai mal à la tête"),
      output: '{"complaint":"headache"}',
      result: "ok",
    });
    expect(typeof (asked.event.payload as { latencyMs: unknown }).latencyMs).toBe("number");
    const sent = fake.requests.at(-1)!;
    expect(sent).toMatchObject({ model: "fake-model", system: "Classify the complaint.", user: "PATIENT TEXT: j'ai mal à la tête" });
    expect(sent.body).toMatchObject({ temperature: 0, response_format: { type: "json_object" } });
  });

  it("keeps the prompt out of the audit event and patient text out of the logs", async () => {
    replying({ content: '{"complaint":"headache"}' });
    const asked = await ask();
    expect(JSON.stringify(asked.event)).not.toContain("mal à la tête");
    expect(JSON.stringify(logged)).not.toContain("mal");
    expect(JSON.stringify(logged)).not.toContain("headache");
  });

  it.each<[string, FakeReply, string]>([
    ["a 429", { status: 429 }, "rate_limited"],
    ["a 500", { status: 500 }, "server_error"],
    ["a 400", { status: 400 }, "client_error"],
    ["a body that is not JSON", { brokenBody: true }, "malformed"],
    ["content that is not JSON", { content: "The patient has a headache." }, "not_json"],
    ["an output with an urgency field", { content: '{"complaint":"headache","urgency":"SELF_CARE"}' }, "invalid"],
    ["an output with an extra field", { content: '{"complaint":"headache","note":"trust me"}' }, "invalid"],
    ["a value outside the allowed ones", { content: '{"complaint":"SELF_CARE"}' }, "invalid"],
    ["a refusal", { refusal: "I cannot help with that." }, "refused"],
    ["an empty message", { content: "" }, "empty"],
  ])("falls back on %s, with the code in the audit event", async (_name, reply, failure) => {
    replying(reply);
    const asked = await ask();
    expect(asked).toMatchObject({ ok: false, failure });
    expect(asked.event.payload).toMatchObject({ purpose: "complaint_suggestions", result: failure });
  });

  it("gives up on a slow answer at the timeout and falls back", async () => {
    replying({ content: '{"complaint":"headache"}', delayMs: 10_000 });
    const asked = await ask("s-1", 200);
    expect(asked).toMatchObject({ ok: false, failure: "timeout" });
  });

  it("falls back when the endpoint cannot be reached", async () => {
    deps.llm = new OpenAiLlm({ baseUrl: "http://127.0.0.1:9/v1", model: "fake-model" });
    expect(await ask()).toMatchObject({ ok: false, failure: "unreachable" });
  });

  it("reads JSON wrapped in a Markdown fence", async () => {
    replying({ content: '```json\n{"complaint":"chest_pain"}\n```' });
    expect(await ask()).toMatchObject({ ok: true, value: { complaint: "chest_pain" } });
  });
});

describe("limits", () => {
  it("stops calling the model for a session past its budget, other sessions unaffected", async () => {
    deps.limits = new CallLimits({ perSession: 2, perMinute: 1000 });
    replying({ content: '{"complaint":"headache"}' });
    const before = fake.requests.length;
    expect((await ask("a")).ok).toBe(true);
    expect((await ask("a")).ok).toBe(true);
    expect(await ask("a")).toMatchObject({ ok: false, failure: "limited_session", event: { payload: { result: "limited_session" } } });
    expect((await ask("b")).ok).toBe(true);
    expect(fake.requests.length - before).toBe(3);
  });

  it("stops calling the model for the whole instance past its budget per minute", async () => {
    deps.limits = new CallLimits({ perSession: 50, perMinute: 3 });
    replying({ content: '{"complaint":"headache"}' });
    const results = [];
    for (const session of ["a", "b", "c", "d"]) results.push((await ask(session)).ok);
    expect(results).toEqual([true, true, true, false]);
    expect(await ask("e")).toMatchObject({ ok: false, failure: "limited_instance" });
  });
});
