import { mkdirSync } from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hydrated, signedIn, startConsoleServer } from "../console/consoleServer.js";
import { useBrowserWith } from "./useBrowserWith.js";
import { acceptPrivacy, answerUntilOutcome } from "./chatDriver.js";
import { MAIN_PATHS } from "./mainPaths.js";

/*
 * A clinician's emergency instruction (issue 24) on the real server (`npm start`'s entry,
 * temporary SQLite) in Chromium: the clinician marks a message as an emergency instruction; the
 * patient's page (a phone) shows it with the emergency numbers as call buttons and moves the focus
 * to the first one; the case goes to EMERGENCY with the instruction as the reason, in the session's
 * audit chain and on the case page. Screenshots go to SCREENSHOT_DIR, else test-results/.
 */

const PHONE = { width: 390, height: 844 };
const SHOTS = `${process.env.SCREENSHOT_DIR ?? new URL("../../test-results", import.meta.url).pathname}/`;
const urinary = MAIN_PATHS.find((p) => p.flow === "urinary")!;
const INSTRUCTION = "Appelez le 15 maintenant : n'attendez pas mon rappel.";
const site = useBrowserWith(() => startConsoleServer());
let clinician: Page;
let patientContext: BrowserContext;
let patient: Page;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await site.server.addUser("ada@clinic.example", "clinician", "Dr Ada Martin");
  clinician = (await signedIn(site.browser, site.server.baseUrl, "ada@clinic.example", { locale: "fr" })).page;
  await clinician.setViewportSize({ width: 1366, height: 768 });
  patientContext = await site.browser.newContext({ locale: "fr-FR", viewport: PHONE, baseURL: site.server.baseUrl });
  patient = await patientContext.newPage();
}, 300_000);

afterAll(async () => {
  await patientContext?.close();
});

describe("a clinician's emergency instruction", () => {
  it("reaches the patient with the call buttons and the focus, and raises the case to EMERGENCY with the instruction as the reason", async () => {
    // The patient reaches the urinary flow's SOON outcome and waits for a clinician.
    await patient.goto("/chat/urinary?lang=fr");
    await acceptPrivacy(patient, "fr");
    await answerUntilOutcome(patient, urinary, "fr");
    await patient.locator("[data-testid=waiting]").waitFor({ timeout: 15_000 });
    const { sessionId } = (await patient.evaluate(() => JSON.parse(localStorage.getItem("triage.chat.urinary") ?? "{}"))) as { sessionId: string };

    // The clinician opens the case, takes it, and sends the instruction marked as an emergency.
    const row = clinician.locator(`tr[data-session="${sessionId}"]`);
    await row.waitFor({ timeout: 15_000 });
    const caseId = (await row.getAttribute("data-case"))!;
    await clinician.goto(`/console/cases/${caseId}`);
    await hydrated(clinician);
    await clinician.locator("section[aria-labelledby=chat-title] button.primary").click();
    await expect.poll(() => clinician.getByTestId("case-state").getAttribute("data-state"), { timeout: 15_000 }).toBe("claimed");
    expect(await clinician.locator("h1 [data-urgency]").getAttribute("data-urgency")).toBe("SOON");
    await clinician.locator("#chat-text").fill(INSTRUCTION);
    await clinician.getByTestId("emergency-send").getByRole("checkbox").check();
    expect(await clinician.getByTestId("emergency-send").innerText()).toContain("Consigne d'urgence");
    await clinician.screenshot({ path: `${SHOTS}console-emergency-instruction-fr.png` });
    await clinician.getByRole("button", { name: "Envoyer", exact: true }).click();

    // The patient's page: the instruction with the call buttons 15 and 112, the focus on the first.
    const instruction = patient.locator("li.from-clinician.kind-emergency");
    await instruction.waitFor({ timeout: 15_000 });
    expect(await instruction.innerText()).toContain(INSTRUCTION);
    expect(await instruction.locator("a[data-emergency-number]").evaluateAll((links) => links.map((a) => a.getAttribute("href")))).toEqual([
      "tel:15",
      "tel:112",
    ]);
    await expect.poll(() => patient.evaluate(() => document.activeElement?.getAttribute("data-emergency-number") ?? null)).toBe("15");
    expect(await patient.locator("#triage-emergency").isVisible()).toBe(true);
    await patient.screenshot({ path: `${SHOTS}chat-emergency-instruction-phone-fr.png` });

    // The case: raised to EMERGENCY, the instruction as the written reason, on the page and in the session's chain.
    await expect.poll(() => clinician.locator("h1 [data-urgency]").getAttribute("data-urgency"), { timeout: 15_000 }).toBe("EMERGENCY");
    await expect.poll(() => clinician.getByTestId("urgency-change-reason").first().innerText(), { timeout: 15_000 }).toBe(INSTRUCTION);
    expect(await clinician.locator("#chat-text").inputValue()).toBe("");
    expect(await clinician.getByTestId("emergency-send").getByRole("checkbox").isChecked()).toBe(false);
    const chain = await site.server.store.readAuditEvents(sessionId, 0, 1000);
    expect(chain.find((e) => e.type === "clinician.message")?.payload).toMatchObject({ caseId, text: INSTRUCTION, emergency: true });
    expect(chain.find((e) => e.type === "clinician.urgency_changed")?.payload).toMatchObject({ caseId, from: "SOON", to: "EMERGENCY", reason: INSTRUCTION });
  }, 240_000);

  it("refuses an emergency instruction too short to be a reason, with a coded error", async () => {
    const answer = await clinician.evaluate(
      async (path) => {
        const response = await fetch(path, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ text: "15!", clientMessageId: crypto.randomUUID(), emergency: true }),
        });
        return { status: response.status, code: ((await response.json()) as { code?: string }).code };
      },
      `${new URL(clinician.url()).pathname.replace("/console/cases/", "/api/console/cases/")}/messages`,
    );
    expect(answer).toEqual({ status: 422, code: "CONSOLE_INVALID_REQUEST" });
  }, 60_000);
});
