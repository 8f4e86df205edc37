import { expect } from "vitest";
import { textsAfter, type SlackWorld } from "./slackHarness.js";

/*
 * What a Slack patient does in more than one test file, step by step as in Slack: the DM channel of
 * user U… is DU…, and every step waits for the bot's reply a patient would see.
 */

const URGENT_TEXTS = { en: { question: "Is it bad?", outcome: "Stay reachable" }, fr: { question: "C'est grave ?", outcome: "Restez joignable" } };

/** The patient `user` answers "yes" to the urgent test flow in their Slack language and reads the outcome: an URGENT case for the clinicians. */
export async function triageUrgent(world: SlackWorld, user: string, locale: "en" | "fr" = "en"): Promise<void> {
  const texts = URGENT_TEXTS[locale];
  await world.command(user, "urgent-test");
  const question = await world.waitForText(`D${user}`, texts.question);
  await world.click(user, question, "triage_answer:yes");
  await world.waitForText(`D${user}`, texts.outcome);
}

/**
 * Asserts that a retried event (same event id, X-Slack-Retry-Num; `retry` says more, e.g. sent to
 * the second instance) is answered once: `user` starts the tiny flow, types a word where the age is
 * asked, the retry of that DM is acknowledged, and after the next answer (`age`) the refusal was posted once.
 */
export async function expectRetriedDmAnsweredOnce(world: SlackWorld, user: string, age: string, retry: { second?: boolean } = {}): Promise<void> {
  const channel = `D${user}`;
  await world.command(user, "tiny");
  await world.waitForText(channel, "Age?");
  const before = world.posts(channel).length;
  const { eventId } = await world.dm(user, "not a number");
  await world.waitForText(channel, /number/i, before);
  const afterFirst = world.posts(channel).length;

  const again = await world.dm(user, "not a number", { eventId, retryNum: 1, ...retry });
  expect(again.response.status).toBe(200);
  // Turns of one DM run in order: once the next message is answered, a processed retry would have been too.
  await world.dm(user, age);
  await world.waitForText(channel, "Symptoms?", afterFirst);
  expect(textsAfter(world, channel, afterFirst).filter((text) => /number/i.test(text))).toHaveLength(0);
}
