import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tinyFlow } from "../fixtures/tinyFlow.js";
import { testRedisUrl } from "../services/urls.js";
import { createTestDatabase, type TestDatabase } from "../store/storeFixtures.js";
import type { ConsoleWsClient } from "./consoleWs.js";
import { handedOffPatient, liveInstance, type HandedOffPatient, type LiveInstance } from "./liveInstance.js";

/*
 * A case read in one console page is read in the clinician's other pages at once (issue 24): the
 * read mark saved on one instance reaches, through Redis, the clinician's sockets on every
 * instance, and no other clinician's. Two instances on one PostgreSQL database, real sockets.
 */

let database: TestDatabase;
let one: LiveInstance;
let two: LiveInstance;
let patient: HandedOffPatient;
let adaHere: { userId: string; socket: ConsoleWsClient };
let adaThere: { userId: string; socket: ConsoleWsClient };
let bob: { userId: string; socket: ConsoleWsClient };

beforeAll(async () => {
  database = await createTestDatabase("postgres");
  const REDIS_URL = testRedisUrl();
  [one, two] = await Promise.all([liveInstance(database.url, { REDIS_URL }), liveInstance(database.url, { REDIS_URL })]);
  await one.store.publishFlowVersion({ definition: tinyFlow(), author: "test", changeNote: "read marks live" });
  patient = await handedOffPatient(one, "tiny");
  adaHere = await one.clinician("ada@clinic.example", "Dr Ada");
  adaThere = await two.clinician("ada@clinic.example", "Dr Ada");
  bob = await two.clinician("bob@clinic.example", "Dr Bob");
}, 60_000);

afterAll(async () => {
  await patient?.client.close();
  for (const who of [adaHere, adaThere, bob]) await who?.socket.close();
  for (const instance of [one, two]) await instance?.close();
  await database?.drop();
});

describe("read marks between a clinician's pages", () => {
  it("sends a read mark saved on one instance to every page of that clinician, on any instance, and to no other clinician", async () => {
    await one.runtime.console!.markRead(adaHere.userId, patient.caseId, 3);
    expect(await adaThere.socket.next("read")).toMatchObject({ caseId: patient.caseId, seq: 3 });
    expect(await adaHere.socket.next("read")).toMatchObject({ caseId: patient.caseId, seq: 3 });
    await bob.socket.ping();
    expect(bob.socket.all("read")).toEqual([]);
    // Saved too: a page loaded later starts from it.
    expect(await two.runtime.console!.readMarks(adaHere.userId)).toEqual({ [patient.caseId]: 3 });
    expect(await two.runtime.console!.readMarks(bob.userId)).toEqual({});
  });

  it("sends nothing for a case that does not exist", async () => {
    await expect(one.runtime.console!.markRead(adaHere.userId, "no-such-case", 1)).rejects.toMatchObject({ code: "CONSOLE_CASE_NOT_FOUND" });
    await adaThere.socket.ping();
    expect(adaThere.socket.all("read").map((m) => m.caseId)).toEqual([patient.caseId]);
  });
});
