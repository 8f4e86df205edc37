import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it, vi } from "vitest";
import { triagePatient, type WsPatient } from "../console/patientWs.js";
import { CLINICIANS, textOf } from "./slackHarness.js";
import { useSlackWorld } from "./useSlackWorld.js";

/*
 * Issue 24: a patient who leaves (or restarts) while their case is open is shown to clinicians in
 * the console; the Slack clinicians' channel says so too, in the announcement's thread and on the
 * announcement itself (no "Take case" button left to press). The fake Slack Web API records what
 * the real Slack client sent.
 */

const world = useSlackWorld({ env: { SLACK_CLINICIANS_LOCALE: "fr" } });
const patients: WsPatient[] = [];

afterAll(async () => {
  for (const patient of patients) await patient.close().catch(() => {});
});

describe("a patient who leaves an announced case", () => {
  it("is told in the announcement's thread, and the announcement loses its Take case button", async () => {
    // A patient of the web chat reaches an URGENT outcome: the clinicians' channel announces it.
    const patient = await triagePatient(world.baseUrl, "urgent-test", { bad: true }, "en");
    patients.push(patient);
    const announcement = await world.waitForText(CLINICIANS, "Nouveau cas : Urgent");
    expect(textOf(announcement)).toContain("Prendre le cas");
    const announcedTs = String(announcement.args["ts"] ?? "");
    expect(announcedTs).not.toBe("");

    // The patient leaves the conversation (the chat page's "leave" or a restart).
    const left = await patient.client.turn({ id: randomUUID(), type: "leave" });
    expect(left.end.type).not.toBe("error");

    const thread = () => world.api.of("chat.postMessage", CLINICIANS).filter((c) => c.args["thread_ts"] === announcedTs);
    await vi.waitFor(() => expect(thread().map(textOf).join("\n")).toContain("La personne a quitté la conversation"), { timeout: 10_000 });
    await vi.waitFor(() => {
      const updates = world.api.of("chat.update", CLINICIANS).filter((c) => c.args["ts"] === announcedTs);
      const latest = updates.at(-1);
      expect(latest && textOf(latest)).toContain("La personne a quitté la conversation");
      expect(latest && textOf(latest)).not.toContain("Prendre le cas");
    });
    // One leave, one reply (every instance hears the change; one delivery key says it once).
    expect(thread()).toHaveLength(1);
  });
});
