import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slackWorld, textOf, type SlackWorld } from "../slack/slackHarness.js";
import { FakeOpenAiServer } from "./fakeOpenAiServer.js";
import { buildFlow, decisionNode, IF_WORSE_CALL, outcomeNode, questionNode, t } from "../fixtures/buildFlow.js";

/*
 * A value a model read in a Slack patient's words (issue 21): the real runtime with the Slack
 * channel on a fake Slack Web API and the assist on a fake OpenAI-compatible endpoint over HTTP.
 * The proposal comes with a Yes button that sends the value back as the answer (the same parser as
 * any click); nothing moves until the patient presses it, and typing again is still possible.
 */

let fake: FakeOpenAiServer;
let world: SlackWorld;

const temperatureFlow = () =>
  buildFlow({ slug: "temperature-test", title: t("Température", "Temperature"), start: "temperature" }, [
    questionNode("temperature", t("Quelle température ?", "What is your temperature?"), "decide", {
      type: "number",
      unit: { symbol: "°C", label: t("°C", "°C") },
      min: 34,
      max: 43,
    }),
    decisionNode("decide", { id: "no_fever", outcome: "home", reason: t("Pas de fièvre", "No fever") }, [
      { id: "fever", when: { ">=": [{ var: "temperature" }, 38] }, outcome: "soon", reason: t("Fièvre", "Fever") },
    ]),
    outcomeNode("soon", "SOON", { title: t("Aujourd'hui", "Fever today"), advice: t("Buvez", "Drink"), safetyNet: IF_WORSE_CALL }),
    outcomeNode("home", "SELF_CARE", { title: t("Soins", "Self-care"), advice: t("Reposez-vous", "Rest"), safetyNet: IF_WORSE_CALL }),
  ]);

beforeAll(async () => {
  fake = await FakeOpenAiServer.start();
  fake.script = () => ({ content: '{"value":38.5}' });
  world = await slackWorld({ env: { LLM_BASE_URL: fake.baseUrl, LLM_MODEL: "fake-model" } });
  await world.store.publishFlowVersion({ definition: temperatureFlow(), author: "test", changeNote: "slack proposal test" });
  world.api.users.set("UPROP", { id: "UPROP", locale: "en-US" });
}, 120_000);
afterAll(async () => {
  await world?.close();
  await fake?.close();
});

describe("a value read by the model in a Slack patient's words", () => {
  it("is offered with a Yes button, moves nothing until pressed, then is recorded as the answer", async () => {
    await world.command("UPROP", "temperature-test");
    await world.waitForText("DUPROP", "What is your temperature?");
    const before = world.posts("DUPROP").length;
    await world.dm("UPROP", "about thirty eight and a half");
    const proposal = await world.waitForText("DUPROP", "You mean: 38.5 °C", before);
    expect(fake.requests.at(-1)!.user).toContain("about thirty eight and a half");
    expect(textOf(proposal)).toContain("Yes, that's right");
    expect(textOf(proposal)).toContain("If not, type your answer again.");
    // Nothing is decided before the patient confirms.
    expect(textOf(world.posts("DUPROP").at(-1)!)).not.toContain("Fever today");

    await world.click("UPROP", proposal, "triage_answer:proposal");
    const outcome = await world.waitForText("DUPROP", "Fever today", before);
    expect(textOf(outcome)).toContain("Drink");
    const sessionId = (await world.runtime.slack!.conversations.current({ user: "UPROP", channel: "DUPROP", team: "T1" }))!.sessionId;
    const answers = (await world.store.getSession(sessionId))!.state.frames.at(-1)!.snapshot.context.answers;
    expect(answers["temperature"]).toBe(38.5);
  });
});
