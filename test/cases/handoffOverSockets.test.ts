import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tinyFlow } from "../fixtures/tinyFlow.js";
import { WsClient } from "../web/wsClient.js";
import type { ConsoleWsClient } from "../console/consoleWs.js";
import { handedOffPatient, pingPatient } from "../console/liveInstance.js";
import { useLiveInstance } from "../console/useLiveInstance.js";

/*
 * The patient's side of the hand-off over real sockets against the real runtime (issue 24): the
 * waiting view after each change of the queue, a call-back number, leaving, and the clinician's
 * console told when the patient's page comes and goes.
 */

const app = useLiveInstance();
let ada: { userId: string; socket: ConsoleWsClient };

beforeAll(async () => {
  await app.store.publishFlowVersion({ definition: tinyFlow(), author: "test", changeNote: "hand-off tests" });
  ada = await app.clinician("ada@clinic.example", "Dr Ada");
}, 60_000);

afterAll(async () => {
  await ada?.socket.close();
});

describe("the hand-off over the web protocol", () => {
  it("sends the waiting view when a case opens, and again when another case ahead of it is taken", async () => {
    const first = await handedOffPatient(app, "tiny");
    const second = await handedOffPatient(app, "tiny");
    const view = await second.client.next("handoff", (m) => m.view?.caseId === second.caseId);
    expect(view.view).toMatchObject({ stage: "waiting", callBack: true });
    const aheadBefore = view.view!.ahead;
    expect(aheadBefore).toBeGreaterThanOrEqual(1);
    await app.runtime.console!.cases.claim(first.caseId, { id: ada.userId, displayName: "Dr Ada" });
    const moved = await second.client.next("handoff", (m) => m.view?.ahead === aheadBefore - 1);
    expect(moved.view).toMatchObject({ caseId: second.caseId, stage: "waiting" });
    const taken = await first.client.next("handoff", (m) => m.view?.stage === "claimed");
    expect(taken.view?.caseId).toBe(first.caseId);
    for (const p of [first, second]) await p.client.close();
  });

  it("a case opening behind a waiting patient does not send that patient the same waiting view again", async () => {
    const waiting = await handedOffPatient(app, "tiny");
    // Its own case's opening sends its screen once, with the queue refresh the opening caused.
    const shown = await waiting.client.next("handoff", (m) => m.view?.caseId === waiting.caseId);
    await pingPatient(waiting.client);
    expect(waiting.client.drain("handoff")).toEqual([]);
    // Same request, later deadline: queued behind the first.
    const behind = await handedOffPatient(app, "tiny");
    // Its view comes from the queue refresh the new case caused, which also decided the first patient's.
    const refreshed = await behind.client.next("handoff", (m) => m.view?.caseId === behind.caseId);
    expect(refreshed.view!.ahead).toBeGreaterThan(shown.view!.ahead);
    await pingPatient(waiting.client);
    expect(waiting.client.drain("handoff")).toEqual([]);
    for (const p of [waiting, behind]) await p.client.close();
  });

  it("a more urgent case opening ahead of a waiting patient moves that patient's screen back by one", async () => {
    const waiting = await handedOffPatient(app, "tiny");
    const shown = await waiting.client.next("handoff", (m) => m.view?.caseId === waiting.caseId);
    // An EMERGENCY (blue lips) is served before the URGENT request: one more patient ahead.
    const emergency = await WsClient.connect(`${app.ws}?lang=en`);
    await emergency.turn({ id: randomUUID(), type: "start", flow: "tiny", locale: "en" });
    await emergency.turn({ id: randomUUID(), type: "answer", value: 40 });
    const outcome = await emergency.turn({ id: randomUUID(), type: "answer", value: ["blue_lips"] });
    expect(outcome.end).toMatchObject({ type: "ack", status: "handoff" });
    const moved = await waiting.client.next("handoff", (m) => m.view?.caseId === waiting.caseId && m.view.ahead !== shown.view!.ahead);
    expect(moved.view).toMatchObject({ stage: "waiting", ahead: shown.view!.ahead + 1 });
    for (const client of [waiting.client, emergency]) await client.close();
  });

  it("takes a call-back number and answers with its last digits; refuses a bad one with a coded error", async () => {
    const patient = await handedOffPatient(app, "tiny");
    const bad = randomUUID();
    patient.client.send({ v: 1, id: bad, type: "contact", phone: "0000" });
    expect(await patient.client.next("error", (m) => m.replyTo === bad)).toMatchObject({
      code: "TRIAGE_INVALID_PHONE",
      text: expect.stringContaining("French"),
    });
    const good = randomUUID();
    patient.client.send({ v: 1, id: good, type: "contact", phone: "+212 6 61 23 45 67" });
    expect((await patient.client.next("handoff", (m) => m.view?.phone !== undefined)).view?.phone).toBe("••• 67");
    await patient.client.next("ack", (m) => m.replyTo === good);
    expect((await app.runtime.console!.cases.get(patient.caseId)).contactPhone).toBe("+212661234567");
    await patient.client.close();
  });

  it("leaving closes the session for every tab, marks the case, and the console hears the page go offline", async () => {
    const patient = await handedOffPatient(app, "tiny");
    // A second tab of the same conversation.
    const tab = await WsClient.connect(`${app.ws}?lang=en`);
    tab.send({ v: 1, id: randomUUID(), type: "resume", resumeToken: patient.resumeToken, afterSeq: 0 });
    await tab.next("question");
    const leave = randomUUID();
    patient.client.send({ v: 1, id: leave, type: "leave" });
    expect(await patient.client.next("ack", (m) => m.replyTo === leave)).toMatchObject({ status: "closed" });
    const line = await tab.next("message", (m) => m.message.body.kind === "handoff" && m.message.body.status === "left");
    expect(line.message.body).toMatchObject({ kind: "handoff", status: "left" });
    expect((await app.runtime.console!.cases.get(patient.caseId)).patientLeftAt).toBeDefined();
    const updated = await ada.socket.next("case", (m) => m.case.id === patient.caseId && m.case.patientLeftAt !== undefined);
    expect(updated.case.patientLeftAt).toBeDefined();

    await patient.client.close();
    await pingPatient(tab);
    await tab.close();
    expect(await ada.socket.next("patient", (m) => m.sessionId === patient.sessionId && !m.online)).toMatchObject({ online: false });
  });

  it("a console connecting later learns which queued patients are online", async () => {
    const patient = await handedOffPatient(app, "tiny");
    const bea = await app.clinician("bea@clinic.example", "Dr Béa");
    const snapshot = await bea.socket.next("patients");
    expect(snapshot.online).toContain(patient.sessionId);
    await patient.client.close();
    await bea.socket.close();
  });
});
