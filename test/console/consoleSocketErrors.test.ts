import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ERROR_TEXTS } from "../../bot/errorTexts.js";
import { tinyFlow } from "../fixtures/tinyFlow.js";
import type { ConsoleWsClient } from "./consoleWs.js";
import { handedOffPatient, type HandedOffPatient } from "./liveInstance.js";
import { useLiveInstance } from "./useLiveInstance.js";

/*
 * The console's WebSocket door tells a refusal like the HTTP and patient doors (issue 22): the code
 * for the page, and the one table's text (bot/errorTexts.ts) in the language the page asked for,
 * which the case page shows. Real runtime, real sockets on 127.0.0.1, temporary SQLite.
 */

const app = useLiveInstance();
let patient: HandedOffPatient;
let camille: ConsoleWsClient; // a page in French
let dan: ConsoleWsClient; // a page in English

beforeAll(async () => {
  await app.store.publishFlowVersion({ definition: tinyFlow(), author: "test", changeNote: "socket errors" });
  patient = await handedOffPatient(app, "tiny");
  camille = (await app.clinician("camille@clinic.example", "Dr Camille", "fr")).socket;
  dan = (await app.clinician("dan@clinic.example", "Dr Dan", "en")).socket;
}, 60_000);

afterAll(async () => {
  for (const socket of [patient?.client, camille, dan]) await socket?.close();
});

describe("the console socket's error frames", () => {
  it("refuses typing to a case the clinician has not taken with its code and the French text for a page in French", async () => {
    await camille.watch(patient.caseId);
    const id = camille.send({ type: "typing", caseId: patient.caseId, on: true });
    expect(await camille.next("error", (m) => m.replyTo === id)).toEqual({
      v: 1,
      type: "error",
      code: "CONSOLE_CASE_NOT_ASSIGNED",
      text: ERROR_TEXTS.CONSOLE_CASE_NOT_ASSIGNED.fr,
      replyTo: id,
    });
  });

  it("tells a page in English that the case it watches does not exist, in English", async () => {
    const id = dan.send({ type: "watch", caseId: "no-such-case", afterSeq: 0 });
    expect(await dan.next("error", (m) => m.replyTo === id)).toMatchObject({ code: "CONSOLE_CASE_NOT_FOUND", text: "This case does not exist." });
  });

  it("says an unreadable frame was ignored, in the page's language, and keeps the socket usable", async () => {
    const id = camille.send({ type: "watch", caseId: "" });
    expect(await camille.next("error", (m) => m.replyTo === id)).toMatchObject({ code: "TRIAGE_BAD_FRAME", text: ERROR_TEXTS.TRIAGE_BAD_FRAME.fr });
    const unknown = dan.send({ type: "shout" });
    expect(await dan.next("error", (m) => m.replyTo === unknown)).toMatchObject({
      code: "TRIAGE_UNKNOWN_MESSAGE_TYPE",
      text: ERROR_TEXTS.TRIAGE_UNKNOWN_MESSAGE_TYPE.en,
    });
    await Promise.all([camille.ping(), dan.ping()]);
  });
});
