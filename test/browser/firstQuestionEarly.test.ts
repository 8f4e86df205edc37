import { existsSync, mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page, Route } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { shippedFlow } from "../admin/adminFixtures.js";
import { startConsoleServer, TEST_PASSWORD, type ConsoleServer } from "../console/consoleServer.js";
import { consoleCall, signIn } from "../scale/consoleHttp.js";
import { closeBrowser, launchBrowser } from "./browser.js";

/*
 * Issue 24, 4b: the chat page renders the privacy notice and the flow's first question on the
 * server, so a patient on a slow phone reads and answers it before the page's script has run.
 * "Before the script ran" is made certain here: the page's JavaScript files are held back by
 * route interception until the test lets them through (the inline early-input script, part of
 * the HTML, runs). Real server (`npm start` on a temporary SQLite file), Debian's Chromium.
 */

const PHONE = { width: 390, height: 844 };
const SHOTS = process.env.SCREENSHOT_DIR ?? "test-results";

let browser: Browser;
let app: ConsoleServer;

beforeAll(async () => {
  [browser, app] = await Promise.all([launchBrowser(), startConsoleServer()]);
  await app.addUser("lead@clinic.example", "admin", "Dr Lead");
}, 300_000);

afterAll(async () => {
  await closeBrowser(browser);
  await app?.stop();
});

/** The page's own scripts (SvelteKit's /_app/ files), held until `release()`; the HTML and its inline script are not. */
async function holdScripts(page: Page): Promise<{ release(): void }> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/_app\/.*\.js(\?.*)?$/, async (route: Route) => {
    await held;
    await route.continue();
  });
  return { release };
}

/** A phone-sized French page on the chat of `flow`, its scripts held back; CSP complaints are collected. */
async function openHeld(flow: string): Promise<{ context: BrowserContext; page: Page; release(): void; cspErrors: string[] }> {
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale: "fr-FR" });
  const page = await context.newPage();
  const cspErrors: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) cspErrors.push(message.text());
  });
  const { release } = await holdScripts(page);
  await page.goto(`${app.baseUrl}/chat/${flow}?lang=fr`, { waitUntil: "commit" });
  await page.getByRole("button", { name: /J'ai compris, commencer/ }).waitFor();
  return { context, page, release, cspErrors };
}

function shoot(page: Page, name: string): Promise<Buffer> {
  if (!existsSync(SHOTS)) mkdirSync(SHOTS, { recursive: true });
  return page.screenshot({ path: `${SHOTS}/${name}.png` });
}

/** A shipped flow's first question: its id, French wording and "none of these" option. */
function firstQuestionOf(slug: string): { id: string; text: string; noneOption: string } {
  const flow = shippedFlow(slug);
  const node = flow.nodes.find((n) => n.id === flow.start)!;
  if (node.kind !== "question" || node.type !== "multiple_choice" || !node.noneOption)
    throw new Error(`${slug} no longer opens with a "none of these" question`);
  return { id: node.id, text: node.text.fr ?? "", noneOption: node.noneOption };
}

describe("the first question before the page's script runs", () => {
  it("is on the phone's screen at once; a choice made then is recorded once and the session goes on to the second question; a reload shows no new-session question", async () => {
    const first = firstQuestionOf("general");
    const { context, page, release, cspErrors } = await openHeld("general");
    try {
      expect(await page.locator(".chat-page[data-hydrated]").count()).toBe(0);
      // The CSP allows the one inline script by its hash, nothing inline by 'unsafe-inline'.
      const csp = (await page.request.get(`${app.baseUrl}/chat/general?lang=fr`)).headers()["content-security-policy"]!;
      expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+' 'self' 'nonce-[^']+'/);
      expect(csp.match(/script-src[^;]*/)![0]).not.toContain("unsafe-inline");

      await page.getByRole("button", { name: /J'ai compris, commencer/ }).click();
      const questionText = page.locator("li.kind-question .question-text");
      await expect.poll(() => questionText.isVisible()).toBe(true);
      expect(await questionText.innerText()).toBe(first.text);
      // On the phone's first screen, with its boxes: the patient can answer it as it is.
      const box = page.locator(`.question-input[data-question="${first.id}"] input[type=checkbox][value="${first.noneOption}"]`);
      expect(await box.isVisible()).toBe(true);
      // The keyboard follows: the focus went from the notice to the question's first box.
      expect(await page.evaluate(() => document.activeElement?.getAttribute("type"))).toBe("checkbox");
      await shoot(page, "first-question-before-script");

      // "None of these" is exclusive already: ticking it clears a box ticked before, ticking another clears it.
      const other = page.locator(`.question-input[data-question="${first.id}"] input[type=checkbox]:not([value="${first.noneOption}"])`).first();
      await other.check();
      await box.check();
      expect(await other.isChecked()).toBe(false);
      await other.check();
      expect(await box.isChecked()).toBe(false);
      await box.check();
      expect(await other.isChecked()).toBe(false);
      const noneLabel = await page.locator(`label:has(input[value="${first.noneOption}"]) span`).innerText();
      await page.getByRole("button", { name: "Valider" }).click();
      expect(await page.locator(".chat-page[data-hydrated]").count()).toBe(0);

      release();
      await page.locator(".chat-page[data-hydrated]").waitFor();
      // The session started in the background; the kept answer went once it existed, and the next question came.
      await page.locator("li.kind-answer").first().waitFor({ timeout: 20_000 });
      const next = page.locator(`.question-input:not([data-question="${first.id}"])`);
      await next.waitFor({ timeout: 20_000 });
      expect(await page.locator("li.kind-answer").count()).toBe(1);
      // The answer sent is what the boxes showed: "none of these" alone.
      expect(await page.locator("li.kind-answer").first().innerText()).toMatch(new RegExp(`:\\s*${noneLabel}$`));
      expect(await page.locator("li.kind-question").count()).toBe(2);
      expect(cspErrors).toEqual([]);

      // A reload resumes this session from the server's transcript: one answer recorded. Scripts held
      // again, the new-session notice and first question are not shown meanwhile, only "resuming".
      await page.unrouteAll();
      const again = await holdScripts(page);
      await page.goto(`${app.baseUrl}/chat/general?lang=fr`, { waitUntil: "commit" });
      const note = page.getByText("Reprise de votre conversation…");
      await note.waitFor();
      expect(await page.locator("section.privacy").isVisible()).toBe(false);
      expect(await page.locator("[data-early-first]").isVisible()).toBe(false);
      again.release();
      await page.locator(`.question-input:not([data-question="${first.id}"])`).waitFor({ timeout: 20_000 });
      expect(await page.locator("li.kind-answer").count()).toBe(1);
      expect(await note.isVisible()).toBe(false);
    } finally {
      await context.close();
    }
  }, 120_000);

  it("shows the engine's question and records nothing when a new version is published between the page and the start", async () => {
    const first = firstQuestionOf("headache");
    const { context, page, release } = await openHeld("headache");
    try {
      await page.getByRole("button", { name: /J'ai compris, commencer/ }).click();
      await page.locator(`input[type=checkbox][value="${first.noneOption}"]`).check();
      await page.getByRole("button", { name: "Valider" }).click();

      // An administrator publishes the flow with its first question reworded, before the page's script runs.
      const reworded = "Maintenant, avez-vous l'un de ces signes ? (nouvelle formulation)";
      const admin = await signIn(app.baseUrl, "lead@clinic.example", TEST_PASSWORD);
      expect((await consoleCall(app.baseUrl, admin, "POST", "/api/console/admin/flows/headache/draft")).status).toBe(201);
      const { draft } = (await consoleCall(app.baseUrl, admin, "GET", "/api/console/admin/flows/headache/draft")).body as {
        draft: { definition: { start: string; nodes: { id: string; text?: { fr: string } }[] }; revision: string };
      };
      const node = draft.definition.nodes.find((n) => n.id === draft.definition.start)!;
      node.text = { ...node.text!, fr: reworded };
      const saved = await consoleCall(app.baseUrl, admin, "PUT", "/api/console/admin/flows/headache/draft", {
        definition: draft.definition,
        revision: draft.revision,
        note: "first question reworded",
      });
      expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      const { revision } = ((await consoleCall(app.baseUrl, admin, "GET", "/api/console/admin/flows/headache/draft")).body as { draft: { revision: string } })
        .draft;
      const published = await consoleCall(app.baseUrl, admin, "POST", "/api/console/admin/flows/headache/publish", { note: "reworded", revision });
      expect(published.status, JSON.stringify(published.body)).toBe(201);

      release();
      // The engine's first question replaces the page's, the patient is told their answer was not sent, and can answer it.
      const alert = page.getByRole("alert").filter({ hasText: "Le questionnaire vient d'être mis à jour" });
      await alert.waitFor({ timeout: 20_000 });
      expect(await page.locator("li.kind-question .question-text").last().innerText()).toBe(reworded);
      expect(await page.locator(`input[type=checkbox][value="${first.noneOption}"]`).isChecked()).toBe(false);
      expect(await page.getByRole("button", { name: "Valider" }).isEnabled()).toBe(true);
      expect(await page.locator("li.kind-answer").count()).toBe(0);
      await shoot(page, "first-question-changed-meanwhile");

      // The server recorded no answer: a reload replays its transcript, question asked and nothing answered.
      await page.reload();
      await page.locator(`.question-input[data-question="${first.id}"]`).waitFor({ timeout: 20_000 });
      expect(await page.locator("li.kind-question .question-text").last().innerText()).toBe(reworded);
      expect(await page.locator("li.kind-answer").count()).toBe(0);
    } finally {
      await context.close();
    }
  }, 120_000);

  it("carries the first question in the page's language only; switched to English before starting, the patient gets it in English from the session", async () => {
    const node = shippedFlow("general").nodes.find((n) => n.id === shippedFlow("general").start)!;
    if (node.kind !== "question" || !("options" in node)) throw new Error("general no longer opens with a question with options");
    const option = { fr: node.options[0]!.label.fr!, en: node.options[0]!.label.en! };
    // The French page's HTML: the French wording, not the English one (half the first turn's weight).
    const html = await (await fetch(`${app.baseUrl}/chat/general?lang=fr`)).text();
    expect(html).toContain(option.fr);
    expect(html).not.toContain(option.en);

    const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, locale: "fr-FR" });
    try {
      const page = await context.newPage();
      await page.goto(`${app.baseUrl}/chat/general`);
      await page.locator(".chat-page[data-hydrated]").waitFor();
      await page.getByRole("button", { name: "EN English" }).click();
      await page.getByRole("button", { name: "I understand, start" }).click();
      const questionText = page.locator("li.kind-question .question-text");
      await expect.poll(() => questionText.count(), { timeout: 20_000 }).toBe(1);
      expect(await questionText.innerText()).toBe(node.text.en);
      expect(await page.locator(".question-input").getByText(option.en).isVisible()).toBe(true);
    } finally {
      await context.close();
    }
  }, 120_000);
});
