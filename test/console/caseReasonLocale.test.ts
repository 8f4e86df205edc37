import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { everyKindFlow } from "../engine/fixtures/everyKindFlow.js";
import { rawQuery } from "../store/storeFixtures.js";
import { WsClient } from "../web/wsClient.js";
import { PASSWORD } from "./consoleFixtures.js";
import { ConsoleWsClient } from "./consoleWs.js";
import { useLiveInstance } from "./useLiveInstance.js";

/*
 * The console shows a case's first reason in the clinician's language, not the patient's: over
 * the live socket (the language the page passes, else the browser's) and in the case page's data.
 */

const app = useLiveInstance();
const sockets: ConsoleWsClient[] = [];
const patients: WsClient[] = [];

async function consoleSocket(email: string, options: { lang?: "fr" | "en"; acceptLanguage?: string }): Promise<ConsoleWsClient> {
  const consoleServices = app.runtime.console!;
  if (!(await consoleServices.users.findByEmail(email)))
    await consoleServices.auth.addUser({ email, role: "clinician", displayName: email, password: PASSWORD }, "test");
  const signed = await consoleServices.auth.signIn({ email, password: PASSWORD, ip: "127.0.0.1" });
  if (!signed.ok) throw new Error(`${email} could not sign in`);
  const socket = await ConsoleWsClient.connect(app.ws, signed.token, options);
  sockets.push(socket);
  return socket;
}

/** A French patient who answered a fever of 40.5 °C (an URGENT rule holds) and asked for a clinician; returns the session id. */
async function frenchPatientAsksForClinician(): Promise<string> {
  const client = await WsClient.connect(`${app.ws}?lang=fr`);
  patients.push(client);
  await client.turn({ id: randomUUID(), type: "start", flow: "every-kind", locale: "fr" });
  const [session] = client.drain("session");
  await client.turn({ id: randomUUID(), type: "answer", value: true });
  await client.turn({ id: randomUUID(), type: "answer", value: 40.5 });
  const asked = await client.turn({ id: randomUUID(), type: "ask_human" });
  if (asked.end.type !== "ack") throw new Error(`ask_human failed: ${JSON.stringify(asked.end)}`);
  return session!.sessionId;
}

beforeAll(async () => {
  await app.store.publishFlowVersion({ definition: everyKindFlow(), author: "test", changeNote: "reason language" });
}, 60_000);

afterAll(async () => {
  for (const socket of [...sockets, ...patients]) await socket.close();
});

describe("a French patient's case on the console", () => {
  it("reaches an English console with the first reason in English and a French console in French", async () => {
    const english = await consoleSocket("en@clinic.example", { lang: "en" });
    const french = await consoleSocket("fr@clinic.example", { lang: "fr" });
    const sessionId = await frenchPatientAsksForClinician();

    const toEnglish = await english.next("case", (m) => m.case.sessionId === sessionId && m.opened);
    const toFrench = await french.next("case", (m) => m.case.sessionId === sessionId && m.opened);
    expect(toEnglish.case).toMatchObject({ locale: "fr", cause: "patient_request", firstReason: "Temperature ≥ 40 °C" });
    expect(toFrench.case.firstReason).toBe("Température ≥ 40 °C");

    // A console opened later gets the queue in its language, here the browser's (no ?lang=).
    const later = await consoleSocket("later@clinic.example", { acceptLanguage: "en-GB,en;q=0.9" });
    const [queue] = later.all("queue");
    expect(queue!.cases.find((c) => c.sessionId === sessionId)?.firstReason).toBe("Temperature ≥ 40 °C");
  });

  it("gives the case page's data with the first reason in the clinician's language", async () => {
    const sessionId = await frenchPatientAsksForClinician();
    const found = (await app.runtime.console!.cases.queue()).find((c) => c.sessionId === sessionId)!;
    expect((await app.runtime.console!.detail(found.id, "en")).case.firstReason).toBe("Temperature ≥ 40 °C");
    expect((await app.runtime.console!.detail(found.id, "fr")).case.firstReason).toBe("Température ≥ 40 °C");
  });

  it("still shows a case stored before with a plain-string first reason, as it was stored", async () => {
    const sessionId = await frenchPatientAsksForClinician();
    await rawQuery(app.store, "UPDATE handoff_cases SET first_reason = ? WHERE session_id = ?", "Fièvre (ancien format)", sessionId);
    const english = await consoleSocket("old@clinic.example", { lang: "en" });
    const [queue] = english.all("queue");
    expect(queue!.cases.find((c) => c.sessionId === sessionId)?.firstReason).toBe("Fièvre (ancien format)");
    const found = (await app.runtime.console!.cases.queue()).find((c) => c.sessionId === sessionId)!;
    expect((await app.runtime.console!.detail(found.id, "en")).case.firstReason).toBe("Fièvre (ancien format)");
  });
});
