import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tinyFlow } from "../fixtures/tinyFlow.js";
import { createTestDatabase, type TestDatabase } from "../store/storeFixtures.js";
import type { ConsoleWsClient } from "./consoleWs.js";
import { handedOffPatient, liveInstance, type LiveInstance } from "./liveInstance.js";

/*
 * The queue's glance (last message, unread mark) follows a waiting patient's messages live, from
 * what the bus tells the console channel (issue 23: no store read per message): what a console
 * sees after each message is what a console connecting afresh reads from the store.
 */

let database: TestDatabase;
let app: LiveInstance;
let ada: { userId: string; socket: ConsoleWsClient };

beforeAll(async () => {
  database = await createTestDatabase("sqlite");
  app = await liveInstance(database.url);
  await app.store.publishFlowVersion({ definition: tinyFlow(), author: "test", changeNote: "queue glance tests" });
  ada = await app.clinician("ada@clinic.example", "Dr Ada", "en");
}, 60_000);

afterAll(async () => {
  await ada?.socket.close();
  await app?.close();
  await database?.drop();
});

/** What a console connecting now lists for the case (its glance read from the store). */
async function freshGlance(caseId: string) {
  const bea = await app.clinician("bea@clinic.example", "Dr Béa", "en");
  const queue = bea.socket.received.find((m) => m.type === "queue")!;
  await bea.socket.close();
  const listed = queue.cases.find((c) => c.id === caseId)!;
  return { lastMessage: listed.lastMessage, lastPatientSeq: listed.lastPatientSeq, flowTitle: listed.flowTitle };
}

describe("the queue's glance follows the conversation live", () => {
  it("each message a waiting patient writes reaches the queue as its last message and unread mark, as the store has it", async () => {
    const patient = await handedOffPatient(app, "tiny");
    for (const text of ["I still have the pain", "It is getting worse since this morning"]) {
      const id = randomUUID();
      patient.client.send({ v: 1, id, type: "text", text });
      await patient.client.next("ack", (m) => m.replyTo === id);
      const live = await ada.socket.next("case", (m) => m.case.id === patient.caseId && m.case.lastMessage?.text === text);
      expect(live.case.lastMessage).toMatchObject({ author: "patient", text });
      expect(live.case.lastPatientSeq).toBe(live.case.lastMessage!.seq);
      expect(await freshGlance(patient.caseId)).toEqual({
        lastMessage: live.case.lastMessage,
        lastPatientSeq: live.case.lastPatientSeq,
        flowTitle: live.case.flowTitle,
      });
    }
    await patient.client.close();
  });

  it("a case opened before the console connected is followed too", async () => {
    await ada.socket.close();
    const patient = await handedOffPatient(app, "tiny");
    ada = await app.clinician("ada@clinic.example", "Dr Ada", "en");
    const id = randomUUID();
    patient.client.send({ v: 1, id, type: "text", text: "Are you there?" });
    await patient.client.next("ack", (m) => m.replyTo === id);
    const live = await ada.socket.next("case", (m) => m.case.id === patient.caseId && m.case.lastMessage?.text === "Are you there?");
    expect(live.case.lastPatientSeq).toBe(live.case.lastMessage!.seq);

    await patient.client.close();
  });
});
