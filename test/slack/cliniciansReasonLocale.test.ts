import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLINICIANS, slackWorld, textOf, type SlackWorld } from "./slackHarness.js";

describe("an English clinicians' channel and a French patient", () => {
  let world: SlackWorld;

  beforeAll(async () => {
    world = await slackWorld({ env: { SLACK_CLINICIANS_LOCALE: "en" } });
    world.api.users.set("UPATFR", { id: "UPATFR", locale: "fr-FR" });
  });
  afterAll(async () => {
    await world.close();
  });

  it("announces the case with its first reason in English while the patient reads French", async () => {
    await world.command("UPATFR", "urgent-test");
    const question = await world.waitForText("DUPATFR", "C'est grave ?");
    await world.click("UPATFR", question, "triage_answer:yes");
    await world.waitForText("DUPATFR", "Restez joignable");

    const announcement = await world.waitForText(CLINICIANS, "New case: Urgent");
    expect(textOf(announcement)).toContain("First reason: The patient says it is bad");
    expect(textOf(announcement)).not.toContain("Le patient dit que c'est grave");
  });
});
