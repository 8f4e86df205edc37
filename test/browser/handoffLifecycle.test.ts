import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { signedIn, startConsoleServer } from "../console/consoleServer.js";
import { useBrowserWith } from "./useBrowserWith.js";
import { acceptPrivacy, answerUntilOutcome } from "./chatDriver.js";
import { MAIN_PATHS } from "./mainPaths.js";

/*
 * The hand-off lifecycle on both sides (issue 24, items 1, 3 and 4), on a phone in Debian's
 * Chromium against the real server (`npm start`'s entry, temporary SQLite): the patient waits
 * (live queue, elapsed time, the deadline, what to do if it gets worse, a call-back number), is
 * alerted when a clinician joins, leaves after confirming, or gets the final card. The clinician
 * acts through the console's own API and pages, signed in. Screenshots go to SCREENSHOT_DIR
 * (docs/screenshots when the README's pictures are refreshed), else test-results/.
 */

const site = useBrowserWith(() => startConsoleServer());
let clinician: Page;
const PHONE = { width: 390, height: 844 };
const SHOTS = `${process.env.SCREENSHOT_DIR ?? new URL("../../test-results", import.meta.url).pathname}/`;
const urinary = MAIN_PATHS.find((p) => p.flow === "urinary")!;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await site.server.addUser("ada@clinic.example", "clinician", "Dr Ada Martin");
  clinician = (await signedIn(site.browser, site.server.baseUrl, "ada@clinic.example", { locale: "fr" })).page;
}, 300_000);

/** Counts the notifications and tones the page makes (the browser's own APIs, observed, not replaced). */
function observeAlerts(): void {
  const w = window as unknown as {
    __notified: { title: string; body?: string }[];
    __tones: number;
    Notification: typeof Notification;
    AudioContext: typeof AudioContext;
  };
  w.__notified = [];
  w.__tones = 0;
  const Real = w.Notification;
  const Counting = function (this: unknown, title: string, options?: NotificationOptions) {
    w.__notified.push({ title, ...(options?.body ? { body: options.body } : {}) });
    return new Real(title, options);
  } as unknown as typeof Notification;
  Object.defineProperty(Counting, "permission", { get: () => Real.permission });
  Counting.requestPermission = Real.requestPermission.bind(Real);
  w.Notification = Counting;
  const createOscillator = w.AudioContext.prototype.createOscillator;
  w.AudioContext.prototype.createOscillator = function (this: AudioContext) {
    w.__tones++;
    return createOscillator.call(this);
  };
}

/** A patient on a phone who reached the urinary flow's SOON outcome: the case is open and they wait. */
async function waitingPatient(
  locale: "fr" | "en",
  run: (page: Page, context: BrowserContext, ids: { sessionId: string; caseId: string }) => Promise<void>,
): Promise<void> {
  const context = await site.browser.newContext({ locale: locale === "fr" ? "fr-FR" : "en-GB", viewport: PHONE, baseURL: site.server.baseUrl });
  try {
    const page = await context.newPage();
    await page.addInitScript(observeAlerts);
    await page.goto(`/chat/urinary?lang=${locale}`);
    await acceptPrivacy(page, locale);
    await answerUntilOutcome(page, urinary, locale);
    await page.locator("[data-testid=waiting]").waitFor({ timeout: 15_000 });
    const { sessionId } = (await page.evaluate(() => JSON.parse(localStorage.getItem("triage.chat.urinary") ?? "{}"))) as { sessionId: string };
    await run(page, context, { sessionId, caseId: await caseOf(sessionId) });
  } finally {
    await context.close();
  }
}

async function caseOf(sessionId: string): Promise<string> {
  await clinician.goto("/console");
  const row = clinician.locator(`tr[data-session="${sessionId}"]`);
  await row.waitFor({ timeout: 15_000 });
  return (await row.getAttribute("data-case"))!;
}

/** A console API call as the signed-in clinician's page makes it: the status and the body. */
function post(path: string, body: object): Promise<{ status: number; body: { code?: string } }> {
  return clinician.evaluate(
    async ({ path, body }) => {
      const response = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
      return { status: response.status, body: (await response.json().catch(() => ({}))) as { code?: string } };
    },
    { path, body },
  );
}

async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
}

describe("the patient waiting for a clinician", () => {
  it("sees the live queue, the time waited, the deadline and what to do if it gets worse, and leaves a checked call-back number the clinician can call", async () => {
    await waitingPatient("fr", async (page, _context, { caseId }) => {
      const waiting = page.locator("[data-testid=waiting]");
      expect(await waiting.getAttribute("data-stage")).toBe("waiting");
      expect(await waiting.getByRole("heading").innerText()).toBe("En attente d'un soignant");
      expect(await page.getByTestId("waited").innerText()).toMatch(/^Vous attendez depuis (moins d'une minute|\d+ min)\.$/);
      expect(await page.getByTestId("ahead").innerText()).toMatch(/passe|passent|prochaine/);
      // SOON: the deadline is the level's SLA (4 hours), said as a time and as what is left.
      expect(await page.getByTestId("expected").innerText()).toMatch(/^Un soignant doit vous répondre d'ici \d\d:\d\d \(dans (3 h 5\d|4 h 00) au plus\)\.$/);
      expect(await waiting.locator(".if-worse").innerText()).toContain("appelez");
      expect(await waiting.locator(".if-worse a[data-emergency-number]").count()).toBeGreaterThan(0);
      // No promise of a call before a number exists: the page asks for one and says why.
      expect(await waiting.innerText()).toContain("laissez un numéro de téléphone");

      const phone = page.getByRole("textbox", { name: "Votre numéro de téléphone" });
      await phone.fill("12 34");
      await page.getByRole("button", { name: "Enregistrer le numéro" }).click();
      expect(await page.getByRole("alert").filter({ hasText: "Entrez un numéro" }).count()).toBe(1);
      // A number the page lets through but the server refuses (not French, not Moroccan) is explained next to the field.
      await phone.fill("+44 20 7946 0958");
      await page.getByRole("button", { name: "Enregistrer le numéro" }).click();
      await page.locator("#phone-problem").filter({ hasText: "français" }).waitFor();
      expect(await phone.getAttribute("aria-invalid")).toBe("true");
      expect(await seriousViolations(page)).toEqual([]);

      await phone.fill("06 12 34 56 78");
      await page.getByRole("button", { name: "Enregistrer le numéro" }).click();
      await page.getByTestId("phone-saved").waitFor();
      expect(await page.getByTestId("phone-saved").innerText()).toContain("••• 78");
      await page.locator("[data-testid=waiting]").screenshot({ path: `${SHOTS}chat-waiting-fr.png` });
      await page.locator("[data-testid=waiting]").scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}chat-waiting-phone-fr.png` });

      await clinician.goto(`/console/cases/${caseId}`);
      expect(await clinician.getByTestId("call-back").getAttribute("href")).toBe("tel:+33612345678");
    });
  }, 240_000);

  it("asked for alerts while waiting, gets a notification and a sound when the clinician joins, and the screen says who is handling it", async () => {
    await waitingPatient("en", async (page, context, { caseId }) => {
      await context.grantPermissions(["notifications"], { origin: site.server.baseUrl });
      await page.getByTestId("notify-me").click();
      await page.getByText("You will get a notification and a sound when a clinician joins.").waitFor();
      expect(await page.evaluate(() => (window as unknown as { __notified: unknown[] }).__notified)).toEqual([]);

      expect((await post(`/api/console/cases/${caseId}/claim`, {})).status).toBe(200);
      await page.locator("li.kind-handoff").filter({ hasText: "Dr Ada Martin" }).waitFor({ timeout: 15_000 });
      await expect
        .poll(() => page.evaluate(() => (window as unknown as { __notified: { title: string }[] }).__notified.map((n) => n.title)))
        .toEqual(["A clinician has joined you"]);
      expect(await page.evaluate(() => (window as unknown as { __tones: number }).__tones)).toBeGreaterThanOrEqual(2);
      await expect.poll(() => page.locator("[data-testid=waiting]").getAttribute("data-stage")).toBe("claimed");
      expect(await page.locator("[data-testid=waiting] h2").innerText()).toBe("A clinician is handling your request");
    });
  }, 240_000);
});

describe("leaving and ending", () => {
  it("'Start again' with an open case asks first; confirmed, the clinician sees the patient left, cannot write into nothing, and another tab shows the final card", async () => {
    await waitingPatient("fr", async (page, context, { caseId, sessionId }) => {
      // A second tab on the same conversation (same browser storage) follows it.
      const other = await context.newPage();
      await other.goto("/chat/urinary?lang=fr");
      await other.locator("[data-testid=waiting]").waitFor({ timeout: 15_000 });

      await clinician.goto(`/console/cases/${caseId}`);
      // The case header's own badge (the queue pane beside the case shows one too).
      await clinician.getByTestId("patient-link").locator("[data-testid=patient-status][data-status=online]").waitFor({ timeout: 15_000 });

      await page.getByRole("button", { name: "Recommencer" }).click();
      const dialog = page.getByRole("dialog", { name: "Quitter cette conversation ?" });
      await dialog.waitFor();
      expect(await dialog.innerText()).toContain("le soignant sera prévenu");
      expect(await seriousViolations(page)).toEqual([]);
      await page.screenshot({ path: `${SHOTS}chat-leave-confirm-fr.png` });
      await dialog.getByRole("button", { name: "Rester dans cette conversation" }).click();
      expect(await dialog.isVisible()).toBe(false);
      expect(await page.locator("[data-testid=waiting]").isVisible()).toBe(true);

      await page.getByRole("button", { name: "Recommencer" }).click();
      await dialog.getByRole("button", { name: "Quitter et recommencer" }).click();
      // A new conversation starts at its first question; the old one is gone from this tab.
      await page.locator(".question-input").waitFor({ timeout: 15_000 });
      expect(await page.locator("article.outcome").count()).toBe(0);
      const next = (await page.evaluate(() => JSON.parse(localStorage.getItem("triage.chat.urinary") ?? "{}"))) as { sessionId: string };
      expect(next.sessionId).not.toBe(sessionId);

      // The other tab: no dead control, only the final card with what to do next.
      const final = other.getByTestId("final-card");
      await final.waitFor({ timeout: 15_000 });
      expect(await final.getAttribute("data-left")).toBe("true");
      expect(await final.getByRole("heading").innerText()).toBe("Vous avez quitté cette conversation");
      expect(await final.innerText()).toContain("appelez le 15");
      for (const name of ["Recommencer", "Parler à un soignant", "Modifier ma dernière réponse"])
        expect(await other.getByRole("button", { name, exact: true }).count()).toBe(0);
      expect(await other.locator("#clinician-message, .question-input, [data-testid=waiting]").count()).toBe(0);
      expect(await seriousViolations(other)).toEqual([]);
      await final.screenshot({ path: `${SHOTS}chat-final-left-fr.png` });

      // The clinician's side: the case page and the queue say so; a message is refused with the reason.
      await clinician.getByTestId("patient-left").waitFor({ timeout: 15_000 });
      expect(await clinician.getByTestId("patient-left").innerText()).toContain("a quitté la conversation");
      expect(await clinician.locator("li.kind-handoff").filter({ hasText: "a quitté la conversation" }).count()).toBe(1);
      expect(await post(`/api/console/cases/${caseId}/claim`, {})).toMatchObject({ status: 200 });
      expect(await post(`/api/console/cases/${caseId}/messages`, { text: "Vous êtes là ?", clientMessageId: "ada-1" })).toMatchObject({
        status: 409,
        body: { code: "CONSOLE_PATIENT_LEFT" },
      });
      await clinician.reload();
      await clinician.getByTestId("left-no-chat").waitFor();
      expect(await clinician.locator("#chat-text").count()).toBe(0);
      await clinician.screenshot({ path: `${SHOTS}console-case-patient-left-fr.png`, fullPage: true });
      await clinician.goto("/console");
      expect(await clinician.locator(`tr[data-case="${caseId}"] [data-testid=patient-status]`).getAttribute("data-status")).toBe("left");
    });
  }, 300_000);

  it("shows the clinician when the patient's page goes offline", async () => {
    const context = await site.browser.newContext({ locale: "fr-FR", viewport: PHONE, baseURL: site.server.baseUrl });
    const page = await context.newPage();
    await page.goto("/chat/urinary?lang=fr");
    await acceptPrivacy(page, "fr");
    await answerUntilOutcome(page, urinary, "fr");
    const { sessionId } = (await page.evaluate(() => JSON.parse(localStorage.getItem("triage.chat.urinary") ?? "{}"))) as { sessionId: string };
    const caseId = await caseOf(sessionId);
    await clinician.locator(`tr[data-case="${caseId}"] [data-testid=patient-status][data-status=online]`).waitFor({ timeout: 15_000 });
    await clinician.goto(`/console/cases/${caseId}`);
    await clinician.locator("[data-testid=patient-link][data-online=true]").waitFor({ timeout: 15_000 });
    await context.close();
    await clinician.locator("[data-testid=patient-link][data-online=false]").waitFor({ timeout: 15_000 });
    expect(await clinician.getByTestId("patient-link").innerText()).toMatch(/Patient\(e\) hors ligne depuis/);
  }, 240_000);

  it("a clinician's closing 'get emergency care now' comes with the call buttons on the final card, which takes the focus", async () => {
    await waitingPatient("en", async (page, _context, { caseId }) => {
      await page.locator("#clinician-message").focus();
      expect((await post(`/api/console/cases/${caseId}/claim`, {})).status).toBe(200);
      expect((await post(`/api/console/cases/${caseId}/close`, { disposition: "referred_emergency" })).status).toBe(200);
      const final = page.getByTestId("final-card");
      await final.waitFor({ timeout: 15_000 });
      expect(await final.getByRole("heading").innerText()).toBe("Conversation ended");
      expect(await final.locator("a[data-emergency-number]").evaluateAll((links) => links.map((a) => a.getAttribute("href")))).toEqual(["tel:15", "tel:112"]);
      expect(await final.innerText()).toContain("get emergency care now");
      // The closing message in the transcript carries the same call buttons.
      expect(await page.locator("li.kind-handoff[data-closed] a[data-emergency-number]").count()).toBe(2);
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("final-card");
      expect(await page.locator("#clinician-message, [data-testid=waiting]").count()).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
      await final.screenshot({ path: `${SHOTS}chat-final-emergency-en.png` });
    });
  }, 240_000);
});

describe("the outcome card after a change of language", () => {
  it("is shown again whole in the new language, the earlier one folded in its own", async () => {
    await waitingPatient("fr", async (page) => {
      const card = page.locator("article.outcome").last();
      expect(await card.locator("h3").first().innerText()).toBe("Et maintenant");
      await page.getByRole("button", { name: /^EN/ }).click();
      await page.locator("details.outcome-earlier").waitFor({ timeout: 15_000 });
      const visible = page.locator("li.kind-outcome > div[lang=en] article.outcome");
      await visible.waitFor();
      expect(await visible.locator("h3").allInnerTexts()).toEqual(expect.arrayContaining(["What happens next", "Advice"]));
      const text = await visible.innerText();
      for (const french of ["Et maintenant", "Conseils", "Ceci n'est pas un diagnostic"]) expect(text).not.toContain(french);
      expect(await visible.locator(".disclaimer").innerText()).toBe("This is not a medical diagnosis.");
      // The earlier card keeps its language whole, folded, and says why.
      expect(await page.locator("details.outcome-earlier").getAttribute("lang")).toBe("fr");
      expect(await page.locator("details.outcome-earlier summary").innerText()).toContain("Résultat affiché à nouveau");
      expect(await page.locator("details.outcome-earlier").getAttribute("open")).toBeNull();
      expect(await seriousViolations(page)).toEqual([]);
      await visible.screenshot({ path: `${SHOTS}chat-outcome-switched-en.png` });
    });
  }, 240_000);
});

describe("the widget and the fields", () => {
  it("keeps the emergency line in view in the widget's frame while the patient chats", async () => {
    const context = await site.browser.newContext({ locale: "fr-FR", viewport: { width: 380, height: 600 }, baseURL: site.server.baseUrl });
    try {
      const page = await context.newPage();
      await page.goto("/chat/urinary?lang=fr&embed=1");
      await acceptPrivacy(page, "fr");
      await answerUntilOutcome(page, urinary, "fr", 6);
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await expect.poll(() => page.evaluate(() => window.scrollY)).toBeGreaterThan(0);
      const line = (await page.getByTestId("emergency-line").boundingBox())!;
      expect(line.y).toBeGreaterThanOrEqual(0);
      expect(line.y + line.height).toBeLessThanOrEqual(600);
      expect(await page.getByTestId("emergency-line").locator("a").first().isVisible()).toBe(true);
      await page.screenshot({ path: `${SHOTS}widget-emergency-line-fr.png` });
    } finally {
      await context.close();
    }
  }, 240_000);

  it("names every free-text, number and duration field by its question (axe clean)", async () => {
    const general = MAIN_PATHS.find((p) => p.flow === "general")!;
    const questions = { complaint_text: "textbox", age_years: "spinbutton", other_duration: "spinbutton" } as const;
    const context = await site.browser.newContext({ locale: "en-GB", viewport: PHONE, baseURL: site.server.baseUrl });
    try {
      const page = await context.newPage();
      await page.goto("/chat/general?lang=en");
      await acceptPrivacy(page, "en");
      const seen: string[] = [];
      for (let step = 0; step < 30 && seen.length < 3; step++) {
        const input = page.locator(".question-input");
        await input.waitFor();
        const id = (await input.getAttribute("data-question"))!;
        if (id in questions) {
          const text = (await page.locator("li.kind-question .question-text").last().innerText()).trim();
          const role = questions[id as keyof typeof questions];
          // The accessible name starts with the question itself, not only "Your answer" / "How long".
          const field = input.getByRole(role, { name: text });
          expect(await field.count(), `${id} named by "${text}"`).toBe(1);
          if (id === "other_duration") expect(await input.getByRole("combobox", { name: text }).count()).toBe(1);
          expect(await seriousViolations(page)).toEqual([]);
          seen.push(id);
        }
        await answerUntilOutcome(page, general, "en", 1);
      }
      expect(seen.sort()).toEqual(Object.keys(questions).sort());
    } finally {
      await context.close();
    }
  }, 240_000);
});
