import { mkdirSync, readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { beforeAll, describe, it } from "vitest";
import { signedIn, startConsoleServer } from "../console/consoleServer.js";
import { useBrowserWith } from "./useBrowserWith.js";
import { answerUntilAsked, answerUntilOutcome, withPhoneChat } from "./chatDriver.js";
import { MAIN_PATHS, RED_FLAG_PATH } from "./mainPaths.js";

/*
 * The patient page at the end of a triage and on its number and scale fields (issue 24, items 2,
 * 4 and 4b), on a phone in Debian's Chromium against the real server (`npm start`'s entry,
 * temporary SQLite). A clinician closes the case through the console's own API, signed in.
 * Screenshots go to test-results/ to be looked at.
 */

const site = useBrowserWith(() => startConsoleServer());
let clinician: Page;
const PHONE = { width: 390, height: 844 };
const SHOTS = new URL("../../test-results/", import.meta.url).pathname;
const urinary = MAIN_PATHS.find((p) => p.flow === "urinary")!;
const urinaryFlow = JSON.parse(readFileSync(new URL("../../flows/library/urinary.json", import.meta.url), "utf8")) as {
  nodes: { id: string; lowLabel?: Record<string, string>; highLabel?: Record<string, string> }[];
};

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await site.server.addUser("ada@clinic.example", "clinician", "Dr Ada Martin");
  clinician = (await signedIn(site.browser, site.server.baseUrl, "ada@clinic.example")).page;
}, 300_000);

const onPhone = (flow: string, locale: "fr" | "en", run: (page: Page) => Promise<void>) => withPhoneChat(site.browser, site.server.baseUrl, flow, locale, run);
/** Answers the urinary main path until `questionId` is the one asked. */
const answerUrinaryUntilAsked = (page: Page, questionId: string, locale: "fr" | "en") => answerUntilAsked(page, urinary, questionId, locale);

const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return {
      tag: el?.tagName.toLowerCase(),
      outcome: !!el?.matches("article.outcome"),
      number: el?.getAttribute("data-emergency-number") ?? null,
      final: el?.getAttribute("data-testid") === "final-card",
    };
  });

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
}

describe.concurrent("the number and scale fields speak the patient's language", () => {
  it("shows the age's unit as 'ans' in French and 'years' in English, not the flow's symbol", async ({ expect }) => {
    for (const [locale, unit] of [
      ["fr", "ans"],
      ["en", "years"],
    ] as const) {
      await onPhone("urinary", locale, async (page) => {
        await answerUrinaryUntilAsked(page, "age_years", locale);
        expect(await page.locator(".question-input .unit").innerText()).toBe(unit);
        // Its accessible name says the unit too: the question, then "Your answer (years)".
        expect(await page.locator(".question-input").getByRole("spinbutton").getAttribute("aria-labelledby")).toMatch(/label-age_years/);
        expect(await page.locator("#label-age_years").textContent()).toContain(`(${unit})`);
        await page.screenshot({ path: `${SHOTS}chat-age-${locale}.png` });
      });
    }
  }, 120_000);

  it("labels the ends of the 0–10 scale once, as the flow wrote them ('0 : pas du tout', not '0 = 0 : pas du tout')", async ({ expect }) => {
    const discomfort = urinaryFlow.nodes.find((n) => n.id === "discomfort")!;
    await onPhone("urinary", "fr", async (page) => {
      await answerUrinaryUntilAsked(page, "discomfort", "fr");
      const ends = await page.locator(".question-input .scale-labels span").allInnerTexts();
      expect(ends).toEqual([discomfort.lowLabel!.fr, discomfort.highLabel!.fr]);
      expect(ends.join(" ")).not.toMatch(/0 = 0|10 = 10/);
      await page.screenshot({ path: `${SHOTS}chat-scale-fr.png` });
    });
  }, 120_000);
});

describe.concurrent("when the triage ends", () => {
  it("moves the focus to the first emergency call link of the outcome card on EMERGENCY", async ({ expect }) => {
    await onPhone(RED_FLAG_PATH.flow, "en", async (page) => {
      await answerUntilOutcome(page, RED_FLAG_PATH, "en");
      const first = await page.locator("article.outcome a[data-emergency-number]").first().getAttribute("data-emergency-number");
      await expect.poll(() => focused(page)).toMatchObject({ tag: "a", number: first });
      // The card is shown from its top: the call link that has the focus is on screen, whole.
      const link = (await page.locator("article.outcome a[data-emergency-number]").first().boundingBox())!;
      expect(link.y).toBeGreaterThanOrEqual(0);
      expect(link.y + link.height).toBeLessThanOrEqual(PHONE.height);
      expect(await page.getByRole("button", { name: "Change my last answer" }).count()).toBe(0);
      await page.screenshot({ path: `${SHOTS}chat-end-emergency-en.png` });
    });
  }, 120_000);

  it("after the outcome, then once the clinician closed the case, leaves no dead control: only the final card and its next step", async ({ expect }) => {
    await onPhone("urinary", "fr", async (page) => {
      await answerUntilOutcome(page, urinary, "fr");
      await expect.poll(() => page.locator("article.outcome").getAttribute("data-urgency")).toBe("SOON");
      // The outcome: the focus is on its card, and the answers can no longer be changed, so no button offers it.
      await expect.poll(() => focused(page)).toMatchObject({ outcome: true });
      expect(await page.getByRole("button", { name: "Modifier ma dernière réponse" }).count()).toBe(0);
      // The case is open: the patient may still write to the clinician who will take it.
      await page.locator("#clinician-message").waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}chat-end-outcome-fr.png` });

      const { sessionId } = (await page.evaluate(() => JSON.parse(localStorage.getItem("triage.chat.urinary") ?? "{}"))) as { sessionId: string };
      // The message box has the focus when the clinician closes: the focus must not fall to <body>.
      await page.locator("#clinician-message").focus();
      await clinician.goto("/console");
      const row = clinician.locator(`[data-testid=waiting] tr[data-session="${sessionId}"]`);
      await row.waitFor({ timeout: 15_000 });
      const caseId = (await row.getAttribute("data-case"))!;
      const post = (path: string, body: object) =>
        clinician.evaluate(
          async ({ path, body }) => (await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).status,
          { path, body },
        );
      expect(await post(`/api/console/cases/${caseId}/claim`, {})).toBe(200);
      expect(await post(`/api/console/cases/${caseId}/close`, { disposition: "advice_given" })).toBe(200);

      await page.locator("li[data-closed]").waitFor({ timeout: 15_000 });
      // The controls give way to the final card (issue 24, item 1), which takes the focus the message box had.
      await page.getByTestId("final-card").waitFor();
      await expect.poll(() => page.locator("#clinician-message").count()).toBe(0);
      for (const name of ["Modifier ma dernière réponse", "Parler à un soignant"]) expect(await page.getByRole("button", { name }).count()).toBe(0);
      expect(await page.locator(".question-input").count()).toBe(0);
      await expect.poll(() => focused(page)).toMatchObject({ final: true });
      expect(await page.locator("article.outcome").isVisible()).toBe(true);
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}chat-end-closed-fr.png` });
    });
  }, 180_000);
});
