import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tinyFlow } from "../fixtures/tinyFlow.js";
import { createTestDatabase, type TestDatabase } from "../store/storeFixtures.js";
import { WsClient } from "../web/wsClient.js";
import type { ConsoleWsClient } from "./consoleWs.js";
import { handedOffPatient, liveInstance, type HandedOffPatient, type LiveInstance } from "./liveInstance.js";
import { testRedisUrl } from "../services/urls.js";

/*
 * The scale-out deployment (DESIGN.md): instances on one PostgreSQL database with Redis pub/sub
 * between them. The patient is connected to one instance and the clinician's console to another:
 * typing and presence cross through Redis, and an instance that started after the clinician
 * opened the case still tells a resuming patient they are there (it asks the others).
 */

const REDIS_URL = testRedisUrl();

let database: TestDatabase;
let patientSide: LiveInstance;
let clinicianSide: LiveInstance;
let patient: HandedOffPatient;
let ada: { userId: string; socket: ConsoleWsClient };
const late: LiveInstance[] = [];

beforeAll(async () => {
  database = await createTestDatabase("postgres");
  [patientSide, clinicianSide] = await Promise.all([liveInstance(database.url, { REDIS_URL }), liveInstance(database.url, { REDIS_URL })]);
  await patientSide.store.publishFlowVersion({ definition: tinyFlow(), author: "test", changeNote: "typing across instances" });
  patient = await handedOffPatient(patientSide, "tiny");
  ada = await clinicianSide.clinician("ada@clinic.example", "Dr Ada");
}, 60_000);

afterAll(async () => {
  await patient?.client.close();
  await ada?.socket.close();
  for (const instance of [patientSide, clinicianSide, ...late]) await instance?.close();
  await database?.drop();
});

describe.sequential("typing and presence across instances behind Redis", () => {
  it("shows the patient's typing on a console connected to another instance", async () => {
    await ada.socket.watch(patient.caseId);
    patient.client.send({ v: 1, id: randomUUID(), type: "typing", on: true });
    expect(await ada.socket.next("typing")).toMatchObject({ caseId: patient.caseId, on: true });
  });

  it("tells the patient on another instance that the clinician who took the case is with them, and relays their typing", async () => {
    await clinicianSide.runtime.console!.cases.claim(patient.caseId, { id: ada.userId, displayName: "Dr Ada" });
    expect(await patient.client.next("presence")).toMatchObject({ clinician: true });
    ada.socket.send({ type: "typing", caseId: patient.caseId, on: true });
    expect(await patient.client.next("typing")).toMatchObject({ who: "clinician", on: true });
  });

  it("tells a patient who resumes on an instance started later that the clinician is there", async () => {
    const third = await liveInstance(database.url, { REDIS_URL });
    late.push(third);
    const again = await WsClient.connect(`${third.ws}?lang=en`);
    again.send({ v: 1, id: randomUUID(), type: "resume", resumeToken: patient.resumeToken, afterSeq: 0 });
    // The new instance never heard the announcement: it says "absent", asks, and the clinician's instance answers.
    expect(await again.next("presence")).toMatchObject({ clinician: false });
    expect(await again.next("presence")).toMatchObject({ clinician: true });
    await again.close();
  });

  it("tells the patient the clinician left when the console on the other instance goes away", async () => {
    await ada.socket.close();
    expect(await patient.client.next("presence")).toMatchObject({ clinician: false });
  });
});
