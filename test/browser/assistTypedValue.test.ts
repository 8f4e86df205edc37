import { mkdirSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { useChatWithFakeModel } from "./assistChat.js";
import { acceptPrivacy, answerUntilOutcome } from "./chatDriver.js";
import { MAIN_PATHS } from "./mainPaths.js";

/*
 * A patient on a phone says how long it has lasted in their own words; the language model's
 * reading comes back as "You mean: 1 day — is that right?" and is their answer only once they say
 * yes (issue 21), and "Change my last answer" undoes it like any answer: `npm start`'s process with
 * LLM_BASE_URL on a fake OpenAI-compatible server, Debian's Chromium. Screenshots:
 * test-results/assist-typed-duration-en.png, assist-typed-duration-changed-en.png.
 */

const PHONE = { width: 390, height: 844 };
const SHOTS = new URL("../../test-results/", import.meta.url).pathname;
const WORDS = "since yesterday evening";

const { chat, model } = useChatWithFakeModel((request) => {
  if (request.system.includes("answered a triage question in their own words")) return { content: '{"value":{"amount":1,"unit":"days"}}' };
  return { content: request.system.includes("Name the warning signs") ? '{"signs":[]}' : '{"complaints":[]}' };
});

beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
});

describe("a duration typed in the patient's own words", () => {
  it('is shown back for confirmation, recorded only once the patient says yes, and undone by "Change my last answer"', { timeout: 180_000 }, async () => {
    const context = await chat.browser.newContext({ locale: "en-GB", viewport: PHONE, hasTouch: true });
    const page = await context.newPage();
    const current = () => page.locator(".question-input").getAttribute("data-question");
    const general = MAIN_PATHS.find((p) => p.flow === "general")!;
    try {
      await page.goto(`${chat.server.baseUrl}/chat/general?lang=en`);
      await acceptPrivacy(page, "en");
      // The shipped main path up to its duration question, one answer at a time.
      for (let step = 0; step < 20 && (await current()) !== "other_duration"; step++) await answerUntilOutcome(page, general, "en", 1);
      expect(await current()).toBe("other_duration");

      const ownWords = page.getByTestId("own-words");
      await ownWords.getByRole("textbox", { name: "Or say it in your own words" }).fill(WORDS);
      const answered = await page.locator("li.kind-answer").count();
      await ownWords.getByRole("button", { name: "Send" }).click();

      const proposed = page.getByTestId("proposed-value");
      await proposed.waitFor({ timeout: 20_000 });
      expect(await proposed.locator("p").innerText()).toBe("You mean: 1 day — is that right?");
      expect(model().requests.some((r) => r.user.includes(WORDS))).toBe(true);
      // Nothing is answered yet: the same question waits, the words are only the patient's message.
      expect(await current()).toBe("other_duration");
      expect(await page.locator("li.kind-answer").count()).toBe(answered);
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("proposal-yes");
      await page.evaluate(() => {
        const header = document.querySelector("header.top")!.getBoundingClientRect().height;
        const target = document.querySelector('[data-testid="proposed-value"]')!.getBoundingClientRect().top + window.scrollY;
        window.scrollTo(0, target - header - 160);
      });
      await page.screenshot({ path: `${SHOTS}assist-typed-duration-en.png` });

      await proposed.getByRole("button", { name: "Yes, that's right" }).click();
      await page.locator("li.kind-answer").nth(answered).waitFor({ timeout: 20_000 });
      expect(await page.locator("li.kind-answer").nth(answered).innerText()).toMatch(/(^|\n)1 day$/);
      await expect.poll(current).toBe("other_getting_worse_fast");
      expect(await proposed.count()).toBe(0);

      // "Change my last answer" right after: the confirmed duration is undone and asked again, with no
      // stale "You mean: 1 day" left to confirm; the patient answers it with the field this time.
      const requests = model().requests.length;
      await page.getByRole("button", { name: "Change my last answer" }).click();
      await expect.poll(current).toBe("other_duration");
      expect(await proposed.count()).toBe(0);
      await page.screenshot({ path: `${SHOTS}assist-typed-duration-changed-en.png` });
      await answerUntilOutcome(page, general, "en", 1);
      await expect.poll(current).toBe("other_getting_worse_fast");
      expect(await page.locator("li.kind-answer").last().innerText()).toMatch(/(^|\n)2 days$/);
      expect(model().requests.length).toBe(requests);
    } finally {
      await context.close();
    }
  });
});
