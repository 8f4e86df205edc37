import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeploymentSettings } from "../../bot/settings/settingsSchema.js";
import { createTestDatabase, type TestDatabase } from "../store/storeFixtures.js";
import type { ConsoleWsClient } from "./consoleWs.js";
import { liveInstance, type LiveInstance } from "./liveInstance.js";
import { testRedisUrl } from "../services/urls.js";

/*
 * The scale-out deployment (DESIGN.md): two instances on one PostgreSQL database with Redis
 * pub/sub between them. The administrator saves on one instance; a clinician's console open on
 * the other gets the renamed level once that instance has reloaded the settings.
 */

const REDIS_URL = testRedisUrl();

let database: TestDatabase;
let adminSide: LiveInstance;
let clinicianSide: LiveInstance;
let ada: { userId: string; socket: ConsoleWsClient };

beforeAll(async () => {
  database = await createTestDatabase("postgres");
  [adminSide, clinicianSide] = await Promise.all([liveInstance(database.url, { REDIS_URL }), liveInstance(database.url, { REDIS_URL })]);
  ada = await clinicianSide.clinician("ada@clinic.example", "Dr Ada");
}, 60_000);

afterAll(async () => {
  await ada?.socket.close();
  for (const instance of [adminSide, clinicianSide]) await instance?.close();
  await database?.drop();
});

describe("level labels across instances behind Redis", () => {
  it("pushes a level renamed on one instance to a console open on another", async () => {
    expect((await ada.socket.next("labels")).labels.SOON.en).toBe("Same day");
    const next: DeploymentSettings = structuredClone(adminSide.runtime.settings.current);
    next.urgencyLabels.SOON = { fr: "Aujourd'hui même", en: "Today please" };
    expect(await adminSide.runtime.settings.save(next, { email: "lead@clinic.example" })).toEqual({ ok: true, changed: ["urgencyLabels"] });
    const pushed = await ada.socket.next("labels");
    expect(pushed.labels.SOON).toEqual({ fr: "Aujourd'hui même", en: "Today please" });
    expect(clinicianSide.runtime.settings.current.urgencyLabels.SOON.en).toBe("Today please");
  });
});
