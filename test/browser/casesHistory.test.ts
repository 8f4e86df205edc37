import AxeBuilder from "@axe-core/playwright";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hydrated, signedIn, startConsoleServer, type ConsoleServer } from "../console/consoleServer.js";
import { triagePatient, URGENT_URINARY, type WsPatient } from "../console/patientWs.js";
import { closeBrowser, launchBrowser } from "./browser.js";

/*
 * The cases history (issue 24, item 8) and the dashboard's clinician changes (item 16) as a
 * clinician meets them: `npm start`'s process, two patients handed off over the web channel, one
 * of whom writes to the clinician; the clinician raises and closes the other case, then finds
 * both in the history by filter and by search, by keyboard, and opens one. Screenshots go to
 * SCREENSHOT_DIR (docs/screenshots when the README's pictures are refreshed), else test-results/.
 */

const SHOTS = `${process.env.SCREENSHOT_DIR ?? new URL("../../test-results", import.meta.url).pathname}/`;

let browser: Browser;
let app: ConsoleServer;
const patients: WsPatient[] = [];
let writer = "";
let closed = "";

/** Calls the console's API from the signed-in page (its cookie, its origin), as the case page does. */
async function api(page: Page, path: string, body: unknown): Promise<number> {
  return page.evaluate(async ({ path, body }) => (await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).status, { path, body });
}

const caseOf = async (sessionId: string) => (await app.store.prisma.handoffCase.findFirstOrThrow({ where: { sessionId } })).id;
const rows = (page: Page) => page.getByTestId("history-table").locator("tbody tr");

beforeAll(async () => {
  [browser, app] = await Promise.all([launchBrowser(), startConsoleServer()]);
  await app.addUser("claire@clinic.example", "clinician", "Dr Claire Moreau");
  const first = await triagePatient(app.baseUrl, URGENT_URINARY.flow, URGENT_URINARY.answers, "fr");
  patients.push(first);
  closed = await caseOf(first.sessionId);
  const second = await triagePatient(app.baseUrl, URGENT_URINARY.flow, URGENT_URINARY.answers, "fr");
  patients.push(second);
  writer = await caseOf(second.sessionId);
  await second.say("J'ai aussi des brûlures depuis hier soir");
}, 300_000);

afterAll(async () => {
  for (const patient of patients) await patient.close();
  await closeBrowser(browser);
  await app?.stop();
});

describe.sequential("a clinician looks for past cases", () => {
  it("raises then closes a case, and the dashboard counts it at the questionnaire's level with the change apart", async () => {
    const { context, page } = await signedIn(browser, app.baseUrl, "claire@clinic.example", { locale: "en" });
    expect(await api(page, `/api/console/cases/${closed}/claim`, {})).toBe(200);
    expect(await api(page, `/api/console/cases/${closed}/urgency`, { urgency: "EMERGENCY", reason: "Fever and back pain on the phone" })).toBe(200);
    expect(await api(page, `/api/console/cases/${closed}/close`, { disposition: "referred_emergency" })).toBe(200);

    await page.goto("/console/dashboard");
    await hydrated(page);
    await expect.poll(() => page.getByTestId("dashboard-changes").textContent()).toContain("Changed by a clinician: 1 (raised 1, lowered 0)");
    await expect.poll(() => page.locator('[data-testid="dashboard-table"] tr[data-urgency="URGENT"] td').first().textContent()).toBe("2");
    await expect.poll(() => page.locator('[data-testid="dashboard-table"] tr[data-urgency="EMERGENCY"] td').first().textContent()).toBe("0");
    await context.close();
  }, 180_000);

  it("lists both cases newest first, filters them, finds a patient's words and opens the case, by keyboard (French)", async () => {
    const { context, page } = await signedIn(browser, app.baseUrl, "claire@clinic.example", { locale: "fr" });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole("link", { name: "Historique" }).click();
    await page.waitForURL(/\/console\/history$/);
    await hydrated(page);
    await expect.poll(() => rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-case")))).toEqual([writer, closed]);
    // The raised case says what the questionnaire decided.
    expect(await rows(page).nth(1).getByTestId("flow-urgency").textContent()).toContain("questionnaire");

    await page.getByLabel("État").selectOption("closed");
    await page.getByRole("button", { name: "Rechercher" }).click();
    await page.waitForURL(/state=closed/);
    await expect.poll(() => rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-case")))).toEqual([closed]);

    await page.getByLabel("État").selectOption("");
    const search = page.getByRole("searchbox", { name: "Rechercher dans les motifs, réponses et messages" });
    await search.fill("brûlures hier");
    await search.press("Enter");
    await page.waitForURL(/q=br/);
    await expect.poll(() => rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-case")))).toEqual([writer]);
    expect(await page.getByTestId("history-count").textContent()).toBe("1 cas sur cette page.");
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(" ")}`)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}cases-history-fr.png`, fullPage: true });

    // Tab to the case's link and follow it.
    await rows(page).first().getByRole("link").focus();
    await page.keyboard.press("Enter");
    await page.waitForURL(new RegExp(`/console/cases/${writer}$`));
    await context.close();
  }, 180_000);

  it("says why a search is refused, in English, and shows the list in English", async () => {
    const { context, page } = await signedIn(browser, app.baseUrl, "claire@clinic.example", { locale: "en" });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`/console/history?q=${"a".repeat(201)}`);
    await hydrated(page);
    const alert = page.getByRole("alert");
    expect(await alert.textContent()).toBe("The search is limited to 200 characters and 8 words.");
    expect(await alert.getAttribute("data-code")).toBe("CONSOLE_INVALID_REQUEST");

    await page.goto("/console/history");
    await hydrated(page);
    await expect.poll(() => rows(page).count()).toBe(2);
    expect(await page.getByRole("columnheader").allTextContents()).toEqual(["Opened", "Urgency", "Questionnaire", "Status", "Clinician", "First reason", "Disposition"]);
    expect(await rows(page).nth(1).locator("td").nth(3).textContent()).toBe("Dr Claire Moreau");
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}cases-history-en.png`, fullPage: true });
    await context.close();
  }, 180_000);

  it("is closed to anonymous visitors", async () => {
    const context = await browser.newContext({ baseURL: app.baseUrl });
    const response = await context.request.get("/console/history?q=fever", { maxRedirects: 0 });
    expect(response.status()).toBe(303);
    expect(response.headers().location).toBe(`/console/sign-in?next=${encodeURIComponent("/console/history?q=fever")}`);
    await context.close();
  });
});
