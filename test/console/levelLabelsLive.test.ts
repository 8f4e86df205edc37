import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DeploymentSettings } from "../../bot/settings/settingsSchema.js";
import type { ConsoleWsClient } from "./consoleWs.js";
import { type LiveInstance } from "./liveInstance.js";
import { useLiveInstance } from "./useLiveInstance.js";

/*
 * Renamed levels reach open consoles (admin settings, issue 7): a save that changes a label pushes
 * the labels to every console socket, which the pages render without a reload. Real runtime,
 * real sockets, a real SQLite file. "Nothing else arrived" is asserted after a ping round trip:
 * the save applies and notifies before it returns, so a wrongly sent message would come first.
 */

const ADMIN = { email: "lead@clinic.example" };

const app = useLiveInstance();
let ada: { userId: string; socket: ConsoleWsClient };

/** The settings in force with `change` applied, as the settings form would submit them. */
function edited(instance: LiveInstance, change: (next: DeploymentSettings) => void): DeploymentSettings {
  const next = structuredClone(instance.runtime.settings.current);
  change(next);
  return next;
}

beforeAll(async () => {
  ada = await app.clinician("ada@clinic.example", "Dr Ada");
}, 60_000);

afterAll(async () => {
  await ada?.socket.close();
});

describe.sequential("level labels on an open console", () => {
  it("sends the labels in force, in both languages, when a console connects", async () => {
    const first = await ada.socket.next("labels");
    expect(first.labels.URGENT).toEqual({ fr: "Urgent", en: "Urgent" });
    expect(first.labels.SOON).toEqual({ fr: "Dans la journée", en: "Same day" });
  });

  it("pushes the new labels to an open console when an administrator renames a level", async () => {
    const saved = await app.runtime.settings.save(
      edited(app, (next) => (next.urgencyLabels.URGENT = { fr: "À rappeler sous 15 min", en: "Call back within 15 min" })),
      ADMIN,
    );
    expect(saved).toEqual({ ok: true, changed: ["urgencyLabels"] });
    const pushed = await ada.socket.next("labels");
    expect(pushed.labels.URGENT).toEqual({ fr: "À rappeler sous 15 min", en: "Call back within 15 min" });
    expect(pushed.labels.EMERGENCY).toEqual({ fr: "Urgence vitale", en: "Emergency" });
  });

  it("pushes nothing when a save changes no label (an SLA)", async () => {
    const before = ada.socket.all("labels").length;
    const saved = await app.runtime.settings.save(
      edited(app, (next) => (next.slaMinutes.SOON = 120)),
      ADMIN,
    );
    expect(saved).toEqual({ ok: true, changed: ["slaMinutes"] });
    await ada.socket.ping();
    expect(ada.socket.all("labels")).toHaveLength(before);
  });

  it("gives a console that connects after the rename the new labels", async () => {
    const bea = await app.clinician("bea@clinic.example", "Dr Béa");
    try {
      expect((await bea.socket.next("labels")).labels.URGENT.en).toBe("Call back within 15 min");
    } finally {
      await bea.socket.close();
    }
  });
});
