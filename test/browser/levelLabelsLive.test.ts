import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hydrated, signedIn, type ConsoleServer } from "../console/consoleServer.js";
import { triagePatient, URGENT_URINARY, type WsPatient } from "../console/patientWs.js";
import { closeAdminConsole, openAdminConsole, submitted } from "./adminDriver.js";

/*
 * A level renamed in the settings reaches the console pages clinicians already have open, in
 * Chromium against the real server (`npm start` on a temporary SQLite file): the queue (in each
 * clinician's language), the case page and the dashboard show the new label without a reload.
 */

let browser: Browser;
let app: ConsoleServer;
let patient: WsPatient;
const contexts: BrowserContext[] = [];

/** Marks the page's document: still marked later means it was never reloaded. */
const mark = (page: Page) => page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
const sameDocument = (page: Page) => page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);

async function clinician(locale: "fr" | "en", then = "/console"): Promise<Page> {
  const session = await signedIn(browser, app.baseUrl, "nurse@clinic.example", { locale, then });
  contexts.push(session.context);
  return session.page;
}

beforeAll(async () => {
  ({ browser, app } = await openAdminConsole());
}, 300_000);

afterAll(async () => {
  await patient?.close();
  await closeAdminConsole({ browser, app, contexts });
});

describe("a level renamed while clinicians have the console open", () => {
  it("shows the new URGENT label on the open queue, case page and dashboard, in each clinician's language, without a reload", async () => {
    patient = await triagePatient(app.baseUrl, URGENT_URINARY.flow, URGENT_URINARY.answers, "en");
    const badge = (page: Page) => page.locator(`[data-testid=waiting] tr[data-session="${patient.sessionId}"] [data-urgency="URGENT"]`);

    const queue = await clinician("en");
    const french = await clinician("fr");
    for (const page of [queue, french]) await page.locator('[data-testid=live-state][data-state="open"]').waitFor({ timeout: 15_000 });
    expect(await badge(queue).textContent()).toBe("Urgent");
    expect(await badge(french).textContent()).toBe("Urgent");
    const caseId = await badge(queue).locator("xpath=ancestor::tr").getAttribute("data-case");
    const casePage = await queue.context().newPage();
    await casePage.goto(`/console/cases/${caseId}`);
    await hydrated(casePage);
    const dashboard = await queue.context().newPage();
    await dashboard.goto("/console/dashboard");
    await hydrated(dashboard);
    const caseBadge = casePage.locator('h1 [data-urgency="URGENT"]');
    const dashboardRow = dashboard.locator('[data-testid=dashboard-table] tr[data-urgency="URGENT"] th');
    expect(await caseBadge.textContent()).toBe("Urgent");
    expect(await dashboardRow.textContent()).toBe("Urgent");
    for (const page of [queue, french, casePage, dashboard]) await mark(page);

    const session = await signedIn(browser, app.baseUrl, "lead@clinic.example", { then: "/console/admin/settings" });
    contexts.push(session.context);
    const admin = session.page;
    await admin.getByLabel("URGENT: Label (English)", { exact: true }).fill("Call back within 15 min");
    await admin.getByLabel("URGENT: Label (French)", { exact: true }).fill("À rappeler sous 15 min");
    await submitted(admin, admin.getByRole("button", { name: "Save the settings" }));
    expect(await admin.getByTestId("settings-saved").textContent()).toBe("Settings saved.");

    const shows = (page: Page, where: ReturnType<Page["locator"]>, text: string) =>
      expect
        .poll(() => where.textContent(), { timeout: 10_000 })
        .toBe(text)
        .then(() => sameDocument(page));
    expect(await shows(queue, badge(queue), "Call back within 15 min")).toBe(true);
    expect(await shows(french, badge(french), "À rappeler sous 15 min")).toBe(true);
    expect(await shows(casePage, caseBadge, "Call back within 15 min")).toBe(true);
    expect(await shows(dashboard, dashboardRow, "Call back within 15 min")).toBe(true);
  }, 180_000);
});
