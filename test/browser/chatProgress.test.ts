import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { startConsoleServer } from "../console/consoleServer.js";
import { useBrowserWith } from "./useBrowserWith.js";
import { answerUntilAsked, answerUntilOutcome, withPhoneChat } from "./chatDriver.js";
import { MAIN_PATHS, type MainPath } from "./mainPaths.js";

/*
 * Progress and safe inputs on the patient page (issue 18): each question says about how many are
 * left, in the patient's language, as text read with the question; a duration can be answered
 * "don't know"; a number takes the French decimal comma. On a phone in Debian's Chromium against
 * the real server; screenshots in test-results/chat-progress-*.png to be looked at.
 */

const site = useBrowserWith(() => startConsoleServer());
const SHOTS = new URL("../../test-results/", import.meta.url).pathname;
const general = MAIN_PATHS.find((p) => p.flow === "general")!;
const feverAdult = MAIN_PATHS.find((p) => p.flow === "fever-adult")!;

/** Answers the path until `questionId` is the one asked. */
const answerUntilAskedOn = (page: Page, path: MainPath, questionId: string, locale: "fr" | "en") => answerUntilAsked(page, path, questionId, locale, 60_000);

beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
});

const onPhone = (locale: "fr" | "en", run: (page: Page) => Promise<void>, flow = "general") =>
  withPhoneChat(site.browser, site.server.baseUrl, flow, locale, run);

const left = async (page: Page) => {
  const line = page.locator(".question-input .questions-left");
  await line.waitFor({ timeout: 60_000 });
  return { text: await line.innerText(), n: Number(await line.getAttribute("data-remaining")) };
};

describe.concurrent("the chat page shows about how many questions are left", () => {
  it.each([
    ["fr", /^Environ \d+ questions? restantes?$/],
    ["en", /^About \d+ questions? left$/],
  ] as const)(
    "in %s, with each question, fewer as the patient answers",
    async (locale, pattern) => {
      await onPhone(locale, async (page) => {
        const first = await left(page);
        expect(first.text).toMatch(pattern);
        expect(first.n).toBeGreaterThan(1);
        await answerUntilOutcome(page, general, locale, 4);
        const later = await left(page);
        expect(later.text).toMatch(pattern);
        expect(later.n).toBeLessThan(first.n);
        // Read by screen readers in order, inside the answer panel, before the field it goes with.
        const inPanel = await page.locator(".answer-panel .question-input > p.questions-left").count();
        expect(inPanel).toBe(1);
        const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
        expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
        await page.screenshot({ path: `${SHOTS}chat-progress-${locale}.png` });
      });
    },
    180_000,
  );
});

describe.concurrent("safe inputs on the chat page", () => {
  it("answers a duration with 'Je ne sais pas', shown as such in the conversation", async () => {
    await onPhone("fr", async (page) => {
      await answerUntilAskedOn(page, general, "other_duration", "fr");
      const button = page.locator(".question-input").getByRole("button", { name: "Je ne sais pas" });
      await button.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}chat-progress-dont-know-fr.png` });
      await button.click();
      await page.locator("li.kind-answer", { hasText: "Je ne sais pas" }).waitFor({ timeout: 30_000 });
      await page.locator(".question-input:not([data-question=other_duration]), article.outcome").first().waitFor({ timeout: 30_000 });
    });
  }, 180_000);

  it("takes 38,5 typed with a French decimal comma as 38.5", async ({ expect }) => {
    await onPhone(
      "fr",
      async (page) => {
        await answerUntilAskedOn(page, feverAdult, "temperature", "fr");
        const field = page.locator(".question-input").getByRole("spinbutton");
        await field.click();
        await page.keyboard.type("38,5");
        await page.locator(".question-input").getByRole("button", { name: "Envoyer" }).click();
        const bubble = page.locator("li.kind-answer").last();
        await bubble.waitFor({ timeout: 30_000 });
        await page.locator(".question-input:not([data-question=temperature]), article.outcome").first().waitFor({ timeout: 30_000 });
        expect(await page.locator("li.kind-answer").last().innerText()).toMatch(/38[,.]5/);
        expect(await page.locator("[data-problem]").count()).toBe(0);
      },
      "fever-adult",
    );
  }, 180_000);
});
