import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChains } from "../../bot/audit/verifyChains.js";
import type { CommittedTurn } from "../../bot/engine/ports.js";
import { asTriageError } from "../../bot/errors.js";
import { liveInstance, type LiveInstance } from "../console/liveInstance.js";
import { tinyFlow } from "../fixtures/tinyFlow.js";
import { testRedisUrl } from "../services/urls.js";
import { createTestDatabase, type TestDatabase } from "../store/storeFixtures.js";
import { WsClient } from "../web/wsClient.js";
import { roundRobinProxy, type RoundRobinProxy } from "./roundRobinProxy.js";

/*
 * Issue 23: two instances (the real runtime and HTTP server each, with their own database pool and
 * Redis connection) on one PostgreSQL database and one Redis, behind a proxy that sends each new
 * connection to the next instance: no sticky sessions, so a reconnection changes instance.
 */

let database: TestDatabase;
let instances: LiveInstance[];
let proxy: RoundRobinProxy;

const portOf = (ws: string) => Number(new URL(ws).port);
const clientKey = () => randomBytes(16).toString("base64url");

beforeAll(async () => {
  database = await createTestDatabase("postgres");
  const REDIS_URL = testRedisUrl();
  instances = await Promise.all([liveInstance(database.url, { REDIS_URL }), liveInstance(database.url, { REDIS_URL })]);
  await instances[0]!.store.publishFlowVersion({ definition: tinyFlow(), author: "test", changeNote: "multi-instance" });
  proxy = await roundRobinProxy(instances.map((i) => portOf(i.ws)));
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  for (const instance of instances ?? []) await instance.close();
  await database?.drop();
});

/** Opens a patient socket through the proxy; returns it and the instance it was sent to. */
async function throughProxy(): Promise<{ client: WsClient; instance: number }> {
  const client = await WsClient.connect(`${proxy.ws}?lang=en`);
  return { client, instance: proxy.routed.at(-1)! };
}

describe.sequential("two instances behind a proxy without sticky sessions", () => {
  it("resumes a patient whose socket reconnects to the other instance where they were, and takes their next answer there", async () => {
    const first = await throughProxy();
    const started = await first.client.turn({ id: "start-1", type: "start", flow: "tiny", locale: "en", client: clientKey() });
    expect(started.end).toMatchObject({ type: "ack" });
    const [session] = first.client.drain("session");
    const answered = await first.client.turn({ id: "age-1", type: "answer", value: 40, questionId: "age" });
    expect(answered.end).toMatchObject({ type: "ack" });
    const seen = answered.messages.at(-1)!.seq;
    await first.client.close();

    const second = await throughProxy();
    expect(second.instance).not.toBe(first.instance);
    second.client.send({ v: 1, id: "resume-1", type: "resume", resumeToken: session!.resumeToken, afterSeq: seen - 1 });
    expect(await second.client.next("session")).toMatchObject({ sessionId: session!.sessionId, status: "active" });
    expect((await second.client.next("message")).seq).toBe(seen);
    expect(await second.client.next("question")).toMatchObject({ question: { questionId: "symptoms" } });
    const next = await second.client.turn({ id: "symptoms-1", type: "answer", value: ["cough"], questionId: "symptoms" });
    expect(next.end).toMatchObject({ type: "ack" });
    expect(next.messages[0]!.seq).toBe(seen + 1);

    const transcript = await instances[0]!.store.messagesAfter(session!.sessionId, 0);
    expect(transcript.map((m) => m.seq)).toEqual(transcript.map((_, i) => i + 1));
    expect(transcript.filter((m) => m.author === "patient").map((m) => m.body.kind === "answer" && m.body.questionId)).toEqual(["age", "symptoms"]);
    await second.client.close();
  });

  it("gives a start re-sent on the other instance after a lost acknowledgement the same session, once", async () => {
    const key = clientKey();
    const first = await throughProxy();
    first.client.send({ v: 1, id: "start-lost", type: "start", flow: "tiny", locale: "en", client: key });
    const original = await first.client.next("session");
    await first.client.close();

    const second = await throughProxy();
    expect(second.instance).not.toBe(first.instance);
    const again = await second.client.turn({ id: "start-lost", type: "start", flow: "tiny", locale: "en", client: key });
    expect(again.end).toMatchObject({ type: "ack" });
    expect(second.client.drain("session")[0]).toMatchObject({ sessionId: original.sessionId, resumeToken: original.resumeToken });
    const transcript = await instances[1]!.store.messagesAfter(original.sessionId, 0);
    expect(transcript.map((m) => m.seq)).toEqual(again.messages.map((m) => m.seq));
    await second.client.close();
  });

  it("loses and overwrites nothing when both instances write one session at the same time: every acknowledged message is stored once, in one unbroken chain", async () => {
    const started = await throughProxy();
    await started.client.turn({ id: "start-race", type: "start", flow: "tiny", locale: "en", client: clientKey() });
    const sessionId = started.client.drain("session")[0]!.sessionId;
    await started.client.close();

    const write = (instance: number, text: string): Promise<CommittedTurn> =>
      instances[instance]!.runtime.consoleParts!.conversations.commitStaffTurn(sessionId, `race:${text}`, (session) => ({
        session,
        messages: [{ author: "clinician", authorId: `u${instance}`, body: { kind: "text", text } }],
        audit: [{ type: "clinician.message", payload: { text } }],
      }));
    let pending = [0, 1].flatMap((instance) => Array.from({ length: 20 }, (_, i) => ({ instance, text: `${instance === 0 ? "A" : "B"}-${i}` })));
    const acknowledged = new Map<string, number>();
    const refused: string[] = [];
    // A turn refused after its attempts comes back with a coded error; its client sends it again, as the chat page does.
    for (let round = 0; round < 10 && pending.length > 0; round += 1) {
      const results = await Promise.allSettled(pending.map(({ instance, text }) => write(instance, text)));
      const again: typeof pending = [];
      results.forEach((result, i) => {
        const { text } = pending[i]!;
        if (result.status === "fulfilled") acknowledged.set(text, result.value.messages[0]!.seq);
        else {
          expect(asTriageError(result.reason).code).toBe("TRIAGE_SESSION_CONFLICT");
          refused.push(text);
          again.push(pending[i]!);
        }
      });
      pending = again;
    }
    expect(pending).toEqual([]);

    const transcript = await instances[0]!.store.messagesAfter(sessionId, 0);
    expect(transcript.map((m) => m.seq)).toEqual(transcript.map((_, i) => i + 1));
    const texts = transcript.filter((m) => m.author === "clinician").map((m) => (m.body.kind === "text" ? m.body.text : ""));
    expect(texts.sort()).toEqual([...acknowledged.keys()].sort());
    for (const [text, seq] of acknowledged) expect(transcript.find((m) => m.seq === seq)?.body).toMatchObject({ kind: "text", text });
    const chains = await verifyChains(instances[1]!.store);
    expect(chains.find((c) => c.stream === sessionId)).toMatchObject({ ok: true });
    console.info(`race: 40 messages from two instances, ${refused.length} refusals after retries, all stored once`);
  });
});
