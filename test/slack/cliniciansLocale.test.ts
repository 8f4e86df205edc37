import { beforeAll, describe, expect, it, vi } from "vitest";
import { CLINICIANS, textOf } from "./slackHarness.js";
import { triageUrgent } from "./slackScripts.js";
import { useSlackWorld } from "./useSlackWorld.js";

describe("a French clinicians' channel on an English deployment", () => {
  const world = useSlackWorld({ env: { SLACK_CLINICIANS_LOCALE: "fr" } });

  beforeAll(async () => {
    world.api.users.set("UPATEN", { id: "UPATEN", locale: "en-US" });
    world.api.users.set("UC1", { id: "UC1", email: "une@clinique.example" });
    world.api.users.set("UC2", { id: "UC2", email: "deux@clinique.example" });
    await world.clinician("une@clinique.example", "Dr Une");
    await world.clinician("deux@clinique.example", "Dr Deux");
  });

  it("announces in French, takes in French, refuses the second click in French, while the English patient reads English", async () => {
    await triageUrgent(world, "UPATEN");

    const announcement = await world.waitForText(CLINICIANS, "Nouveau cas : Urgent");
    expect(textOf(announcement)).toContain("Attente : 0 min");
    expect(textOf(announcement)).toContain("Prendre le cas");
    expect(textOf(announcement)).not.toContain("Take case");

    await world.click("UC1", announcement, "triage_take");
    await vi.waitFor(() => expect(world.api.of("chat.update", CLINICIANS).map(textOf).join("\n")).toContain("Pris par Dr Une"));
    // The patient is told in their own language.
    await world.waitForText("DUPATEN", "Dr Une, a clinician, has joined");

    await world.click("UC2", announcement, "triage_take");
    await vi.waitFor(() => expect(world.api.of("chat.postEphemeral").map((c) => String(c.args["text"]))).toContain("Dr Une a déjà pris ce cas."));
  });

  it("posts an SLA breach in French", async () => {
    world.api.users.set("ULATEEN", { id: "ULATEEN", locale: "en-US" });
    await triageUrgent(world, "ULATEEN");
    const late = (await world.runtime.console!.cases.queue()).find((c) => c.state === "open")!;
    expect(await world.runtime.console!.cases.markBreached(late)).toBe(true);
    const breach = await world.waitForText(CLINICIANS, "Non pris à temps");
    expect(textOf(breach)).toContain("Non pris à temps : Urgent");
    expect(textOf(breach)).toContain("Prendre le cas");
  });
});
