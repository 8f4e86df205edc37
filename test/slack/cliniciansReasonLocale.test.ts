import { describe, expect, it } from "vitest";
import { CLINICIANS, textOf } from "./slackHarness.js";
import { triageUrgent } from "./slackScripts.js";
import { useSlackWorld } from "./useSlackWorld.js";

describe("an English clinicians' channel and a French patient", () => {
  const world = useSlackWorld({ env: { SLACK_CLINICIANS_LOCALE: "en" }, userLocales: { UPATFR: "fr-FR" } });

  it("announces the case with its first reason in English while the patient reads French", async () => {
    await triageUrgent(world, "UPATFR", "fr");

    const announcement = await world.waitForText(CLINICIANS, "New case: Urgent");
    expect(textOf(announcement)).toContain("First reason: The patient says it is bad");
    expect(textOf(announcement)).not.toContain("Le patient dit que c'est grave");
  });
});
