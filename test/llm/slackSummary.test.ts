import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CLINICIANS, slackWorld, textOf, type SlackWorld } from "../slack/slackHarness.js";
import { FakeOpenAiServer } from "./fakeOpenAiServer.js";

/*
 * The case summary in the clinicians' Slack announcement (issue 21): the real runtime with the
 * Slack channel on a fake Slack Web API, the assist on a fake OpenAI-compatible endpoint over HTTP.
 * The announcement shows the stored summary's claims with the lines they cite once it is made;
 * a claim citing a line the transcript does not have never reaches Slack; without a summary the
 * announcement is exactly as without the assist.
 */

let fake: FakeOpenAiServer;
let world: SlackWorld;
/** Whether the model answers the summary request (else 500: no summary is stored). */
let modelUp = true;

beforeAll(async () => {
  fake = await FakeOpenAiServer.start();
  fake.script = (request) => {
    if (!modelUp) return { status: 500 };
    // Lines 1 and 2 exist in every transcript of the one-question flow; line 999 does not.
    if (!request.user.includes("[2]")) return { status: 400 };
    return {
      content: JSON.stringify({
        claims: [
          { text: "The patient says it is bad", lines: [2, 1] },
          { text: "Chest pain radiating to the jaw", lines: [999] },
        ],
      }),
    };
  };
  world = await slackWorld({ env: { LLM_BASE_URL: fake.baseUrl, LLM_MODEL: "fake-model" } });
  world.api.users.set("UPAT", { id: "UPAT", locale: "en-US" });
  world.api.users.set("UPAT2", { id: "UPAT2", locale: "en-US" });
}, 120_000);
afterAll(async () => {
  await world?.close();
  await fake?.close();
});

async function urgentCase(user: string): Promise<void> {
  await world.command(user, "urgent-test");
  const question = await world.waitForText(`D${user}`, "Is it bad?");
  await world.click(user, question, "triage_answer:yes");
  await world.waitForText(`D${user}`, "Stay reachable");
}

describe("the case summary in the clinicians' channel", () => {
  it("adds the stored summary to the announcement, each claim with the lines it cites, and drops the made-up claim", async () => {
    modelUp = true;
    await urgentCase("UPAT");
    await world.waitForText(CLINICIANS, "New case: Urgent");
    const shown = await vi.waitFor(
      () => {
        const withSummary = [...world.api.of("chat.postMessage", CLINICIANS), ...world.api.of("chat.update", CLINICIANS)]
          .map(textOf)
          .find((t) => t.includes("Summary (made by a language model"));
        expect(withSummary).toBeDefined();
        return withSummary!;
      },
      { timeout: 15_000, interval: 100 },
    );
    expect(shown).toContain("• The patient says it is bad _(lines 1, 2)_");
    expect(shown).not.toContain("jaw");
    // Everything the announcement said before is still there.
    expect(shown).toContain("First reason: The patient says it is bad");
    expect(shown).toContain("Take case");
  });

  it("leaves the announcement as it was when no summary could be made", async () => {
    modelUp = false;
    const before = world.api.of("chat.postMessage", CLINICIANS).length;
    await urgentCase("UPAT2");
    const announced = await world.waitForText(CLINICIANS, "New case: Urgent", before);
    await world.runtime.assist!.summaries.settled();
    const sessionId = (await world.runtime.slack!.conversations.current({ user: "UPAT2", channel: "DUPAT2", team: "T1" }))!.sessionId;
    expect(await world.runtime.assist!.summaries.latest(sessionId)).toBeUndefined();
    // The announcement and every update of that message (the case's other changes may update it).
    const ofThisCase = [announced, ...world.api.of("chat.update", CLINICIANS).filter((c) => c.args["ts"] === announced.args["ts"])];
    for (const call of ofThisCase) expect(textOf(call)).not.toContain("Summary");
    expect(
      textOf(announced)
        .split("\n")
        .filter((l) => l !== ""),
    ).toEqual(expect.arrayContaining(["*New case: Urgent*", "First reason: The patient says it is bad", "Waiting: 0 min", "Take case"]));
  });
});
