import { describe, expect, it } from "vitest";
import { useBrowserWith } from "./useBrowserWith.js";
import { acceptPrivacy, answerUntilOutcome } from "./chatDriver.js";
import type { MainPath } from "./mainPaths.js";
import { startServerProcess } from "./serverProcess.js";

/* A patient on a phone who ticks a suicide plan sees the emergency numbers first, then France's crisis line. */

const chat = useBrowserWith(() => startServerProcess());

const SUICIDE_PLAN: MainPath = { flow: "mental-health", urgency: "EMERGENCY", answers: { danger_signs: { options: ["suicidal_plan"] } } };

describe("crisis lines on the patient's page", () => {
  it.each(["fr", "en"] as const)("shows 3114 as a call link under the emergency numbers (%s, phone)", async (locale) => {
    const context = await chat.browser.newContext({ viewport: { width: 390, height: 844 }, locale: locale === "fr" ? "fr-FR" : "en-GB" });
    const page = await context.newPage();
    try {
      await page.goto(`${chat.server.baseUrl}/chat/mental-health?lang=${locale}`);
      await acceptPrivacy(page, locale);
      await answerUntilOutcome(page, SUICIDE_PLAN, locale);
      const outcome = page.locator("article.outcome");
      expect(await outcome.getAttribute("data-urgency")).toBe("EMERGENCY");
      expect(await outcome.locator("[data-emergency-number]").evaluateAll((links) => links.map((a) => a.getAttribute("href")))).toEqual(["tel:15", "tel:112"]);
      expect(await outcome.locator("[data-crisis-line]").getAttribute("href")).toBe("tel:3114");
      expect(await outcome.innerText()).toContain(locale === "fr" ? "Parler à quelqu'un maintenant" : "Talk to someone now");
      if (process.env.SCREENSHOT_DIR) await outcome.screenshot({ path: `${process.env.SCREENSHOT_DIR}/crisis-lines-${locale}.png` });
    } finally {
      await context.close();
    }
  });
});
