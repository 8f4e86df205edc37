import { describe, expect, it } from "vitest";
import { CLINICIANS, textOf, type SlackWorld } from "./slackHarness.js";
import { triageUrgent } from "./slackScripts.js";
import { useSlackWorld } from "./useSlackWorld.js";

/** The patient `user` answers "yes" to the urgent test flow: an URGENT case, announced in the clinicians' channel. */
async function urgentCase(world: SlackWorld, user: string): Promise<void> {
  world.api.users.set(user, { id: user, locale: "en-US" });
  await triageUrgent(world, user);
}

describe("level labels in the clinicians' channel", () => {
  const world = useSlackWorld();

  it("announces the next case with the URGENT label an administrator just saved, without a restart", async () => {
    await urgentCase(world, "UBEFORE");
    await world.waitForText(CLINICIANS, "New case: Urgent");

    const settings = structuredClone(world.runtime.settings.current);
    settings.urgencyLabels.URGENT = { fr: "À rappeler sous 15 min", en: "Call back within 15 min" };
    expect(await world.runtime.settings.save(settings, { email: "lead@clinic.example" })).toEqual({ ok: true, changed: ["urgencyLabels"] });

    const before = world.posts(CLINICIANS).length;
    await urgentCase(world, "UAFTER");
    const announcement = await world.waitForText(CLINICIANS, "New case: Call back within 15 min", before);
    expect(textOf(announcement)).toContain("Take case");
  });

  it("words an SLA breach with the label in force", async () => {
    const late = (await world.runtime.console!.cases.queue()).find((c) => c.state === "open")!;
    expect(await world.runtime.console!.cases.markBreached(late)).toBe(true);
    const breach = await world.waitForText(CLINICIANS, "Not taken in time");
    expect(textOf(breach)).toContain("Not taken in time: Call back within 15 min");
  });
});

describe("level labels in a French clinicians' channel", () => {
  const world = useSlackWorld({ env: { SLACK_CLINICIANS_LOCALE: "fr" } });

  it("uses the French label of the level", async () => {
    const settings = structuredClone(world.runtime.settings.current);
    settings.urgencyLabels.URGENT = { fr: "À rappeler sous 15 min", en: "Call back within 15 min" };
    await world.runtime.settings.save(settings, { email: "lead@clinic.example" });
    await urgentCase(world, "UFR");
    const announcement = await world.waitForText(CLINICIANS, "Nouveau cas : À rappeler sous 15 min");
    expect(textOf(announcement)).not.toContain("Call back within 15 min");
  });
});
