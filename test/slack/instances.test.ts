import { beforeAll, describe, expect, it, vi } from "vitest";
import type { ConsoleUser } from "../../bot/auth/authStore.js";
import { CLINICIANS, textOf } from "./slackHarness.js";
import { expectRetriedDmAnsweredOnce } from "./slackScripts.js";
import { useSlackWorld } from "./useSlackWorld.js";

const world = useSlackWorld({ userLocales: { UTWO: "en-US", URT: "en-US" } });
let one: ConsoleUser;

beforeAll(async () => {
  await world.startSecond();
  one = await world.clinician("one@clinic.example", "Dr One");
});

describe("two instances on one database and one bus", () => {
  it("announce an URGENT case once and bring a clinician's message to the DM once", async () => {
    await world.command("UTWO", "urgent-test");
    const question = await world.waitForText("DUTWO", "Is it bad?");
    await world.click("UTWO", question, "triage_answer:yes");
    await world.waitForText(CLINICIANS, "New case: Urgent");
    const sessionId = (await world.runtime.slack!.conversations.current({ user: "UTWO", channel: "DUTWO", team: "T1" }))!.sessionId;
    const found = (await world.runtime.console!.cases.queue()).find((c) => c.sessionId === sessionId)!;
    await world.runtime.console!.cases.claim(found.id, one);
    await world.waitForText("DUTWO", "has joined");
    await world.runtime.console!.cases.sendMessage(found.id, one, "Are you still there?", "m-two");
    await world.waitForText("DUTWO", "Are you still there?");
    await vi.waitFor(() => expect(world.api.of("chat.update", CLINICIANS).map(textOf).join("\n")).toContain("Taken by Dr One"));
    // A later DM from the patient is relayed; by then any duplicate would have been posted.
    await world.dm("UTWO", "yes");
    await vi.waitFor(async () =>
      expect((await world.transcript(sessionId)).some((m) => m.author === "patient" && m.body.kind === "text" && m.body.text === "yes")).toBe(true),
    );
    expect(world.posts(CLINICIANS).filter((c) => textOf(c).includes("New case: Urgent"))).toHaveLength(1);
    expect(world.posts("DUTWO").filter((c) => textOf(c).includes("has joined"))).toHaveLength(1);
    expect(world.posts("DUTWO").filter((c) => textOf(c).includes("Are you still there?"))).toHaveLength(1);
  });

  it("answer a retried event once when the retry reaches the other instance", async () => {
    await expectRetriedDmAnsweredOnce(world, "URT", "44", { second: true });
  });
});
