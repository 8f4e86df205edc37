import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WireChatMessage } from "../../bot/channels/web/protocol.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { ConsoleWsClient } from "../console/consoleWs.js";
import { triageProcess } from "../ops/cliRun.js";
import { testRedisUrl } from "../services/urls.js";
import { createTestDatabase, openTestStore, type TestDatabase } from "../store/storeFixtures.js";
import { WsClient } from "../web/wsClient.js";
import { consoleCall, signIn } from "./consoleHttp.js";
import { startCluster, type Cluster } from "./instanceProcesses.js";
import { runPatient, type PatientReport } from "./reconnectingPatient.js";

/*
 * Issue 23, as deployed: three `npm start` processes on one PostgreSQL database and the run's
 * Redis, behind a round-robin proxy without sticky sessions. What crosses instances goes through
 * the database and the Redis bus only; one instance is killed with SIGKILL under load.
 */

let database: TestDatabase;
let cluster: Cluster;
let store: PrismaStore;

beforeAll(async () => {
  database = await createTestDatabase("postgres");
  cluster = await startCluster({ count: 3, databaseUrl: database.url, redisUrl: testRedisUrl() });
  // The test's own reading connection, to check what the instances stored.
  store = await openTestStore(database.url);
}, 400_000);

afterAll(async () => {
  await store?.close();
  await cluster?.close();
  await database?.drop();
}, 60_000);

const clientKey = () => randomBytes(16).toString("base64url");
const instance = (name: string) => cluster.instances.find((i) => i.name === name)!;

describe.sequential("three npm start processes behind a proxy, on one PostgreSQL and one Redis", () => {
  it("lets a clinician signed in on instance B chat live with a patient connected to instance A", { timeout: 60_000 }, async () => {
    const [a, b] = [instance("A"), instance("B")];
    const token = await signIn(b.baseUrl, "clinician@triage.local", cluster.passwords.clinician);
    const consoleB = await ConsoleWsClient.connect(b.ws, token, { lang: "en" });

    const patient = await WsClient.connect(`${a.ws}?lang=en`);
    expect((await patient.turn({ id: "start-live", type: "start", flow: "general", locale: "en", client: clientKey() })).end).toMatchObject({ type: "ack" });
    const sessionId = patient.drain("session")[0]!.sessionId;
    expect((await patient.turn({ id: "ask-live", type: "ask_human" })).end).toMatchObject({ type: "ack", status: "handoff" });

    // The case opened on A reaches B's queue through Redis.
    const opened = await consoleB.next("case", (m) => m.case.sessionId === sessionId && m.opened, 15_000);
    const caseId = opened.case.id;
    expect((await consoleCall(b.baseUrl, token, "POST", `/api/console/cases/${caseId}/claim`)).status).toBe(200);
    await consoleB.watch(caseId);

    // B's clinician writes; the patient's socket on A shows it.
    const sent = await consoleCall(b.baseUrl, token, "POST", `/api/console/cases/${caseId}/messages`, {
      text: "Hello, I am the nurse on duty.",
      clientMessageId: "nurse-1",
    });
    expect(sent.status).toBe(200);
    const toPatient = await patient.next("message", (m) => m.message.author === "clinician", 15_000);
    expect(toPatient.message.body).toMatchObject({ kind: "text", text: "Hello, I am the nurse on duty." });

    // The patient answers on A; B's open case page gets it live.
    patient.send({ v: 1, id: "patient-reply", type: "text", text: "It still hurts when I breathe in." });
    const live = await consoleB.next(
      "transcript",
      (m) =>
        m.caseId === caseId && m.messages.some((x) => x.author === "patient" && x.body.kind === "text" && x.body.text === "It still hurts when I breathe in."),
      15_000,
    );
    expect(live.messages.length).toBeGreaterThan(0);
    await patient.close();
    await consoleB.close();
  });

  it("applies settings saved on one instance and a flow published on another on every instance, without a restart", { timeout: 180_000 }, async () => {
    const [a, c] = [instance("A"), instance("C")];
    const admin = await signIn(a.baseUrl, "admin@triage.local", cluster.passwords.admin);

    // Settings saved on A: a new emergency number for France. Each instance shows it to its own patients.
    const current = (await consoleCall(a.baseUrl, admin, "GET", "/api/console/admin/settings")).body.settings as {
      emergencyNumbers: { FR: { number: string; label: { fr: string; en: string } }[] };
    };
    const numbers = {
      ...current.emergencyNumbers,
      FR: [...current.emergencyNumbers.FR, { number: "3966", label: { fr: "Médecin de garde", en: "Doctor on call" } }],
    };
    const saved = await consoleCall(a.baseUrl, admin, "PUT", "/api/console/admin/settings", { ...current, emergencyNumbers: numbers });
    expect(saved.status).toBe(200);
    for (const each of cluster.instances) {
      await expect.poll(() => emergencyNumbersShown(each.ws), { timeout: 20_000, interval: 500 }).toContain("3966");
    }

    // A new version of the headache flow published on C, with its first question reworded: new
    // conversations on every instance ask the new wording.
    const reworded = "Right now, is any of these present? Tick every one that applies (reworded).";
    expect((await consoleCall(c.baseUrl, admin, "POST", "/api/console/admin/flows/headache/draft")).status).toBe(201);
    const { draft } = (await consoleCall(c.baseUrl, admin, "GET", "/api/console/admin/flows/headache/draft")).body as {
      draft: { definition: { start: string; nodes: { id: string; text?: { en: string } }[] }; revision: string };
    };
    const first = draft.definition.nodes.find((n) => n.id === draft.definition.start)!;
    first.text = { ...first.text!, en: reworded };
    const put = await consoleCall(c.baseUrl, admin, "PUT", "/api/console/admin/flows/headache/draft", {
      definition: draft.definition,
      revision: draft.revision,
      note: "reworded",
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const revision = ((await consoleCall(c.baseUrl, admin, "GET", "/api/console/admin/flows/headache/draft")).body as { draft: { revision: string } }).draft
      .revision;
    const published = await consoleCall(c.baseUrl, admin, "POST", "/api/console/admin/flows/headache/publish", { note: "first question reworded", revision });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    for (const each of cluster.instances) {
      await expect.poll(() => firstQuestionText(each.ws, "headache"), { timeout: 20_000, interval: 500 }).toBe(reworded);
    }
  });

  it(
    "loses no acknowledged turn when an instance is killed with SIGKILL under load: its patients reconnect through the proxy to the others and finish, and every audit chain verifies",
    { timeout: 400_000 },
    async () => {
      const PATIENTS = 300;
      const victim = instance("A");
      let acknowledged = 0;
      let killed: Promise<void> | undefined;
      const runs: Promise<PatientReport>[] = [];
      for (let i = 0; i < PATIENTS; i += 1) {
        runs.push(
          runPatient({
            url: cluster.proxy.ws,
            flow: "general",
            thinkMs: 600,
            deadlineMs: 300_000,
            // A third of the way through (about 12 turns each), with every patient mid-conversation.
            onAcknowledged: () => {
              acknowledged += 1;
              if (acknowledged === PATIENTS * 4 && !killed) killed = victim.kill9();
            },
          }),
        );
        if (i % 20 === 19) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const reports = await Promise.all(runs);
      await killed;
      expect(killed, "the instance was killed during the run").toBeDefined();
      expect(victim.alive()).toBe(false);

      const unfinished = reports.filter((r) => !r.finished).map((r) => `${r.sessionId}: ${r.failure}`);
      expect(unfinished).toEqual([]);
      const reconnected = reports.filter((r) => r.reconnects > 0);
      // About a third of the patients were on the killed instance.
      expect(reconnected.length).toBeGreaterThan(PATIENTS / 10);
      expect(reports.every((r) => r.status !== "active")).toBe(true);

      // Every acknowledged turn is stored (a re-sent id gets its reply), every message a patient was
      // shown is in its transcript at the seq it was shown with, and the seqs have no gap.
      const lost: string[] = [];
      const differs: string[] = [];
      for (const report of reports) {
        const sessionId = report.sessionId!;
        for (const turn of report.acknowledged) {
          if (!(await store.readTurn(sessionId, turn.clientMessageId))?.earlier) lost.push(`${sessionId}/${turn.clientMessageId}`);
        }
        const transcript = await store.messagesAfter(sessionId, 0);
        expect(transcript.map((m) => m.seq)).toEqual(transcript.map((_, i) => i + 1));
        for (const [seq, shown] of report.seen) {
          if (!sameMessage(transcript[seq - 1], shown)) differs.push(`${sessionId}#${seq}`);
        }
      }
      expect(lost).toEqual([]);
      expect(differs).toEqual([]);

      // The operator's check, in its own process, over every chain in the database.
      const verify = await triageProcess(["audit", "verify"], { DATABASE_URL: database.url });
      expect(verify.code, verify.out + verify.err).toBe(0);
      expect(verify.out).not.toMatch(/BROKEN|broken/);
      const turns = reports.reduce((n, r) => n + r.acknowledged.length, 0);
      const inFlight = reports.reduce((n, r) => n + r.resentAfterDrop, 0);
      console.info(
        `kill -9 under load: ${PATIENTS} patients, ${turns} acknowledged turns, ${reconnected.length} reconnected after instance ${victim.name} was killed (${inFlight} frames in flight sent again), 0 lost`,
      );
    },
  );
});

function sameMessage(stored: { seq: number; author: string; body: unknown } | undefined, shown: WireChatMessage): boolean {
  return stored !== undefined && stored.seq === shown.seq && stored.author === shown.author && JSON.stringify(stored.body) === JSON.stringify(shown.body);
}

/** Starts a French general-flow conversation straight on one instance, ticks a danger sign and returns the emergency numbers it is shown. */
async function emergencyNumbersShown(ws: string): Promise<string[]> {
  const patient = await WsClient.connect(`${ws}?lang=fr`);
  try {
    const started = await patient.turn({ id: randomUUID(), type: "start", flow: "headache", locale: "fr", client: clientKey() });
    const question = started.messages.map((m) => m.message.body).find((b) => b.kind === "question");
    if (!question || question.kind !== "question") return [];
    const answered = await patient.turn({ id: randomUUID(), type: "answer", questionId: question.question.questionId, value: ["unresponsive_confused"] });
    const numbers: string[] = [];
    for (const { message } of answered.messages) {
      const body = message.body;
      if (body.kind === "emergency") numbers.push(...body.numbers.map((n) => n.number));
      if (body.kind === "outcome") numbers.push(...(body.outcome.emergencyNumbers ?? []).map((n) => n.number));
    }
    return numbers;
  } finally {
    await patient.close();
  }
}

/** Starts a conversation of `flow` straight on one instance and returns its first question's text. */
async function firstQuestionText(ws: string, flow: string): Promise<string | undefined> {
  const patient = await WsClient.connect(`${ws}?lang=en`);
  try {
    const started = await patient.turn({ id: randomUUID(), type: "start", flow, locale: "en", client: clientKey() });
    const body = started.messages.map((m) => m.message.body).find((b) => b.kind === "question");
    return body?.kind === "question" ? body.question.text : undefined;
  } finally {
    await patient.close();
  }
}
