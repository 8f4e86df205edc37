import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tinyFlow } from "../fixtures/tinyFlow.js";
import { count } from "../store/storeFixtures.js";
import { WsClient } from "../web/wsClient.js";
import type { ConsoleWsClient } from "./consoleWs.js";
import { handedOffPatient, pingPatient, type HandedOffPatient } from "./liveInstance.js";
import { useLiveInstance } from "./useLiveInstance.js";

/*
 * Typing and presence between the patient's page and the clinician's case page (issue 5), over
 * real sockets against the real runtime: two patients with open cases, two signed-in clinicians.
 * "Nothing else arrived" is asserted after a ping round trip on the socket concerned: the relay
 * is synchronous on the in-process bus, so anything wrongly sent would have come before the pong.
 */

const app = useLiveInstance();
let alice: HandedOffPatient;
let bob: HandedOffPatient;
let ada: { userId: string; socket: ConsoleWsClient };
let bea: { userId: string; socket: ConsoleWsClient };

const typing = (socket: ConsoleWsClient, caseId: string, on: boolean) => socket.send({ type: "typing", caseId, on });
const patientTyping = (patient: HandedOffPatient, on: boolean) => patient.client.send({ v: 1, id: randomUUID(), type: "typing", on });

/** The patient's page reconnecting: a new socket resumes the session; resolves once the resume is done (its question). */
async function resume(patient: HandedOffPatient): Promise<WsClient> {
  const client = await WsClient.connect(`${app.ws}?lang=en`);
  client.send({ v: 1, id: randomUUID(), type: "resume", resumeToken: patient.resumeToken, afterSeq: 0 });
  await client.next("question");
  return client;
}

beforeAll(async () => {
  await app.store.publishFlowVersion({ definition: tinyFlow(), author: "test", changeNote: "typing tests" });
  alice = await handedOffPatient(app, "tiny");
  bob = await handedOffPatient(app, "tiny");
  ada = await app.clinician("ada@clinic.example", "Dr Ada");
  bea = await app.clinician("bea@clinic.example", "Dr Béa");
  await ada.socket.watch(alice.caseId);
  await bea.socket.watch(bob.caseId);
}, 60_000);

afterAll(async () => {
  for (const socket of [alice?.client, bob?.client, ada?.socket, bea?.socket]) await socket?.close();
});

describe.sequential("typing and presence between a patient and the clinician's case page", () => {
  it("shows the patient's typing to the console watching their case, and to no other console or patient", async () => {
    patientTyping(alice, true);
    expect(await ada.socket.next("typing")).toMatchObject({ caseId: alice.caseId, on: true });
    await Promise.all([bea.socket.ping(), pingPatient(bob.client), pingPatient(alice.client)]);
    expect(bea.socket.all("typing")).toEqual([]);
    expect(bob.client.drain("typing")).toEqual([]);
    // The patient's own page is not told about their own typing either.
    expect(alice.client.drain("typing")).toEqual([]);

    patientTyping(alice, false);
    expect(await ada.socket.next("typing")).toMatchObject({ caseId: alice.caseId, on: false });
  });

  it("stops relaying a case's typing to a console that stopped watching it", async () => {
    ada.socket.send({ type: "unwatch", caseId: alice.caseId });
    await ada.socket.ping();
    const before = ada.socket.all("typing").length;
    patientTyping(alice, true);
    await pingPatient(alice.client);
    await ada.socket.ping();
    expect(ada.socket.all("typing")).toHaveLength(before);
    await ada.socket.watch(alice.caseId);
  });

  it("tells the patient a clinician is with them once the case is claimed by one who has it open", async () => {
    await pingPatient(alice.client);
    expect(alice.client.drain("presence")).toEqual([]);
    await app.runtime.console!.cases.claim(alice.caseId, { id: ada.userId, displayName: "Dr Ada" });
    expect(await alice.client.next("presence")).toMatchObject({ clinician: true });
    await pingPatient(bob.client);
    expect(bob.client.drain("presence")).toEqual([]);
  });

  it("relays the assigned clinician's typing to their patient only", async () => {
    typing(ada.socket, alice.caseId, true);
    expect(await alice.client.next("typing")).toMatchObject({ who: "clinician", on: true });
    typing(ada.socket, alice.caseId, false);
    expect(await alice.client.next("typing")).toMatchObject({ who: "clinician", on: false });
    await pingPatient(bob.client);
    expect(bob.client.drain("typing")).toEqual([]);
  });

  it("refuses the typing of a clinician who watches the case but did not take it", async () => {
    await bea.socket.watch(alice.caseId);
    const id = typing(bea.socket, alice.caseId, true);
    expect(await bea.socket.next("error", (m) => m.replyTo === id)).toMatchObject({ code: "CONSOLE_CASE_NOT_ASSIGNED" });
    // Nor may a clinician type to a case they do not have open.
    const unwatched = typing(ada.socket, bob.caseId, true);
    expect(await ada.socket.next("error", (m) => m.replyTo === unwatched)).toMatchObject({ code: "CONSOLE_CASE_NOT_ASSIGNED" });
    await Promise.all([pingPatient(alice.client), pingPatient(bob.client)]);
    expect(alice.client.drain("typing")).toEqual([]);
    expect(bob.client.drain("typing")).toEqual([]);
    // A colleague who reads the case does not make the clinician present or absent.
    expect(alice.client.drain("presence")).toEqual([]);
    bea.socket.send({ type: "unwatch", caseId: alice.caseId });
    await bea.socket.ping();
  });

  it("writes no typing to the transcript, the turns or the audit log", async () => {
    const rows = async () => [await count(app.store, "messages"), await count(app.store, "turns"), await count(app.store, "audit_events")];
    const before = await rows();
    for (const on of [true, false, true, false]) {
      patientTyping(alice, on);
      typing(ada.socket, alice.caseId, on);
    }
    await ada.socket.next("typing", (m) => m.caseId === alice.caseId && !m.on);
    await alice.client.next("typing", (m) => !m.on);
    expect(await rows()).toEqual(before);
    alice.client.drain("typing");
  });

  it("gives a patient who resumes whether their clinician is there", async () => {
    const again = await resume(alice);
    expect(await again.next("presence")).toMatchObject({ clinician: true });
    await again.close();
  });

  it("tells the patient the clinician left when they close the case page, and is back when they reopen it", async () => {
    ada.socket.send({ type: "unwatch", caseId: alice.caseId });
    expect(await alice.client.next("presence")).toMatchObject({ clinician: false });
    await ada.socket.watch(alice.caseId);
    expect(await alice.client.next("presence")).toMatchObject({ clinician: true });
  });

  it("tells the patient the clinician left when their console disconnects", async () => {
    await ada.socket.close();
    expect(await alice.client.next("presence")).toMatchObject({ clinician: false });
    const again = await resume(alice);
    expect(await again.next("presence")).toMatchObject({ clinician: false });
    await again.close();
    ada = await app.clinician("ada@clinic.example", "Dr Ada");
    await ada.socket.watch(alice.caseId);
    expect(await alice.client.next("presence")).toMatchObject({ clinician: true });
  });

  it("tells the patient the clinician left when the case is released, and again for a colleague who takes it", async () => {
    await app.runtime.console!.cases.release(alice.caseId, { id: ada.userId, displayName: "Dr Ada" });
    expect(await alice.client.next("presence")).toMatchObject({ clinician: false });
    // Ada still has the page open, but the case is no longer hers: her typing is refused now.
    const id = typing(ada.socket, alice.caseId, true);
    expect(await ada.socket.next("error", (m) => m.replyTo === id)).toMatchObject({ code: "CONSOLE_CASE_NOT_ASSIGNED" });
    await bea.socket.watch(alice.caseId);
    await app.runtime.console!.cases.claim(alice.caseId, { id: bea.userId, displayName: "Dr Béa" });
    expect(await alice.client.next("presence")).toMatchObject({ clinician: true });
    typing(bea.socket, alice.caseId, true);
    expect(await alice.client.next("typing")).toMatchObject({ who: "clinician", on: true });
  });

  it("tells the patient the clinician left when the case is closed", async () => {
    await app.runtime.console!.cases.close(alice.caseId, { id: bea.userId, displayName: "Dr Béa" }, "advice_given");
    expect(await alice.client.next("presence")).toMatchObject({ clinician: false });
  });
});
