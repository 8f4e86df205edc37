import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sqliteTime } from "../../bot/store/sqliteTurnWriter.js";
import { hydrated, signedIn, type ConsoleServer } from "../console/consoleServer.js";
import { triagePatient, URGENT_URINARY } from "../console/patientWs.js";
import { WsClient } from "../web/wsClient.js";
import { closeAdminConsole, openAdminConsole } from "./adminDriver.js";
import { acceptPrivacy, answerUntilOutcome } from "./chatDriver.js";
import { MAIN_PATHS, RED_FLAG_PATH, rawAnswer } from "./mainPaths.js";

/*
 * The administrator's settings and flow analytics in Chromium against the real server (`npm
 * start` as a child process on a temporary SQLite file): a saved emergency number and SLA reach
 * the next patient without a restart, a renamed level shows in the clinicians' console; the
 * analytics page shows where patients stopped.
 */

let browser: Browser;
let app: ConsoleServer;
const contexts: BrowserContext[] = [];

async function admin(then: string): Promise<Page> {
  const session = await signedIn(browser, app.baseUrl, "lead@clinic.example", { then });
  contexts.push(session.context);
  return session.page;
}

/** Submits the settings form and waits for the page the server answers with (a full form post). */
async function saveSettings(page: Page): Promise<void> {
  const answered = page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/console/admin/settings");
  await page.getByRole("button", { name: "Save the settings" }).click();
  await answered;
  await page.waitForLoadState("load");
}

beforeAll(async () => {
  ({ browser, app } = await openAdminConsole());
}, 300_000);

afterAll(() => closeAdminConsole({ browser, app, contexts }));

describe("an administrator editing the settings", () => {
  it("refuses an SLA of 0 minutes next to the field and saves nothing", async () => {
    const page = await admin("/console/admin/settings");
    const sla = page.getByLabel("SLA of Urgent, in minutes");
    await sla.fill("0");
    await saveSettings(page);
    expect(await page.getByTestId("settings-refused").textContent()).toContain("Nothing was saved");
    expect(await page.getByLabel("SLA of Urgent, in minutes").getAttribute("aria-invalid")).toBe("true");
    expect(await page.locator("#error-slaMinutes-URGENT").textContent()).toBe("At least 1 minute.");
    expect(await app.store.prisma.setting.count()).toBe(0);
    // Every field has a label and the refusal is announced: no serious accessibility violation.
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  }, 120_000);

  it("gets the API's refusal through the console's one error door: its code, the text in the console's language, the refused fields", async () => {
    const session = await signedIn(browser, app.baseUrl, "lead@clinic.example", { locale: "fr" });
    contexts.push(session.context);
    const request = session.context.request;
    const current = (await (await request.get("/api/console/admin/settings")).json()) as { settings: Record<string, unknown> };
    const put = await request.put("/api/console/admin/settings", { data: { ...current.settings, slaMinutes: { EMERGENCY: 0, URGENT: 60, SOON: 240 } } });
    expect(put.status()).toBe(422);
    const body = (await put.json()) as { code: string; message: string; details: { errors: Record<string, string> } };
    expect(body.code).toBe("ADMIN_INVALID_SETTINGS");
    expect(body.message).toBe("Certains réglages ne sont pas valables : rien n'a été enregistré.");
    expect(Object.keys(body.details.errors)).toContain("slaMinutes.EMERGENCY");
    const notJson = await request.put("/api/console/admin/settings", { data: Buffer.from("{not json"), headers: { "content-type": "application/json" } });
    expect(notJson.status()).toBe(400);
    expect(await notJson.json()).toMatchObject({
      code: "ADMIN_INVALID_SETTINGS",
      message: "Certains réglages ne sont pas valables : rien n'a été enregistré.",
    });
    expect(await app.store.prisma.setting.count()).toBe(0);
  }, 60_000);

  it("changes the EMERGENCY SLA and the first emergency number; the next patient at EMERGENCY sees the new number and gets the new deadline", async () => {
    const page = await admin("/console/admin/settings");
    await page.getByLabel("SLA of Emergency, in minutes").fill("7");
    await page.getByLabel("FR, number 1: Number").fill("115");
    await page.getByLabel("FR, number 1: Label (English)").fill("Test emergency line");
    await saveSettings(page);
    expect(await page.getByTestId("settings-saved").textContent()).toBe("Settings saved.");
    expect(await page.getByLabel("SLA of Emergency, in minutes").inputValue()).toBe("7");
    const events = await app.store.readAuditEvents("admin", 0);
    expect(events.find((e) => e.type === "settings.changed")?.payload).toMatchObject({
      actor: "lead@clinic.example",
      details: { after: { slaMinutes: { EMERGENCY: 7 } } },
    });

    const context = await browser.newContext({ locale: "en-GB" });
    contexts.push(context);
    const patient = await context.newPage();
    await patient.goto(`${app.baseUrl}/chat/${RED_FLAG_PATH.flow}?lang=en`);
    expect(await patient.getByTestId("emergency-line").textContent()).toContain("115");
    await acceptPrivacy(patient, "en");
    await answerUntilOutcome(patient, RED_FLAG_PATH, "en");
    const call = patient.locator('article.outcome a[data-emergency-number="115"]');
    expect(await call.textContent()).toContain("Test emergency line");

    const opened = await app.store.prisma.handoffCase.findFirstOrThrow({ where: { urgency: "EMERGENCY" }, orderBy: { openedAt: "desc" } });
    expect(opened.slaDeadline.getTime() - opened.openedAt.getTime()).toBe(7 * 60_000);
  }, 120_000);
});

describe("an administrator renaming a level", () => {
  it("shows the new URGENT label on the clinicians' queue, case page and dashboard, in each clinician's language, without a restart", async () => {
    const page = await admin("/console/admin/settings");
    await page.getByLabel("URGENT: Label (English)", { exact: true }).fill("Call back within 15 min");
    await page.getByLabel("URGENT: Label (French)", { exact: true }).fill("À rappeler sous 15 min");
    await saveSettings(page);
    expect(await page.getByTestId("settings-saved").textContent()).toBe("Settings saved.");

    const patient = await triagePatient(app.baseUrl, URGENT_URINARY.flow, URGENT_URINARY.answers, "en");
    try {
      const badge = (on: Page) => on.locator(`[data-testid=waiting] tr[data-session="${patient.sessionId}"] [data-urgency="URGENT"]`);
      const nurse = await signedIn(browser, app.baseUrl, "nurse@clinic.example");
      contexts.push(nurse.context);
      expect(await badge(nurse.page).textContent()).toBe("Call back within 15 min");
      const caseId = await nurse.page.locator(`[data-testid=waiting] tr[data-session="${patient.sessionId}"]`).getAttribute("data-case");
      await nurse.page.goto(`/console/cases/${caseId}`);
      await hydrated(nurse.page);
      expect(await nurse.page.locator('h1 [data-urgency="URGENT"]').textContent()).toBe("Call back within 15 min");
      await nurse.page.goto("/console/dashboard");
      expect(await nurse.page.locator('[data-testid=dashboard-table] tr[data-urgency="URGENT"] th').textContent()).toBe("Call back within 15 min");

      const french = await signedIn(browser, app.baseUrl, "nurse@clinic.example", { locale: "fr" });
      contexts.push(french.context);
      expect(await badge(french.page).textContent()).toBe("À rappeler sous 15 min");
    } finally {
      await patient.close();
    }
  }, 120_000);
});

describe("a clinician", () => {
  it("gets 403 from the settings page and API and cannot save", async () => {
    const session = await signedIn(browser, app.baseUrl, "nurse@clinic.example");
    contexts.push(session.context);
    const request = session.context.request;
    expect((await request.get("/console/admin/settings", { maxRedirects: 0 })).status()).toBe(403);
    expect((await request.get("/console/admin/flows/headache/analytics", { maxRedirects: 0 })).status()).toBe(403);
    expect((await request.get("/api/console/admin/settings")).status()).toBe(403);
    const put = await request.put("/api/console/admin/settings", { data: { slaMinutes: { EMERGENCY: 1, URGENT: 1, SOON: 1 } } });
    expect(put.status()).toBe(403);
    expect(await put.json()).toMatchObject({ code: "CONSOLE_FORBIDDEN" });
    const form = await request.post("/console/admin/settings?/save", {
      form: { "slaMinutes.EMERGENCY": "1" },
      headers: { origin: app.baseUrl },
      maxRedirects: 0,
    });
    expect(form.status()).toBe(403);
  }, 60_000);
});

describe("an administrator reading a flow version's analytics", () => {
  it("shows started, finished and abandoned counts and the question abandoned sessions stopped at", async () => {
    const headache = MAIN_PATHS.find((p) => p.flow === "headache")!;
    const sessions: string[] = [];
    for (const answers of [0, 0, 1]) {
      const client = await WsClient.connect(`${app.baseUrl.replace(/^http/, "ws")}/ws?lang=en`, { origin: app.baseUrl });
      await client.turn({ id: randomUUID(), type: "start", flow: "headache", locale: "en" });
      const [session] = client.drain("session");
      if (answers > 0)
        await client.turn({ id: randomUUID(), type: "answer", questionId: "danger_signs", value: rawAnswer(headache.answers.danger_signs!, "en") });
      sessions.push(session!.sessionId);
      await client.close();
    }
    // The patients left an hour ago: past the 30 minutes after which a session counts as abandoned.
    const hourAgo = sqliteTime(new Date(Date.now() - 3_600_000).toISOString());
    for (const id of sessions) await app.store.prisma.$executeRawUnsafe("UPDATE sessions SET updated_at = ? WHERE id = ?", hourAgo, id);
    const definition = (await app.store.latestFlowVersion("headache"))!.definition;
    const textOf = (id: string) => {
      const node = definition.nodes.find((n) => n.id === id);
      return node?.kind === "question" ? node.text.en : id;
    };

    const page = await admin("/console/admin/flows/headache");
    await page.getByTestId("analytics-link").click();
    await page.waitForURL(/\/analytics$/);
    expect(await page.getByTestId("started").textContent()).toBe("3");
    expect(await page.getByTestId("finished").textContent()).toBe("0");
    expect(await page.getByTestId("abandoned").textContent()).toBe("3");
    const rows = await page
      .locator('[data-testid="dropoff"] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent)));
    expect(rows).toEqual([
      [textOf("danger_signs"), "2"],
      [textOf("age_years"), "1"],
    ]);
    expect(await page.getByTestId("dropoff-chart").isVisible()).toBe(true);
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  }, 120_000);
});
