import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChains } from "../../bot/audit/verifyChains.js";
import type { ConsoleUser } from "../../bot/auth/authStore.js";
import { useBrowserWith } from "./useBrowserWith.js";
import { signedIn, startConsoleServer } from "../console/consoleServer.js";
import { triagePatient, URGENT_URINARY, type WsPatient } from "../console/patientWs.js";

/*
 * A patient's erasure request handled in the console: the whole product (`npm start`'s process),
 * a patient triaged URGENT over the web channel, an administrator on the case page in Chromium.
 * A clinician is not offered the action and the API refuses it; the administrator must type the
 * session id; afterwards the page says the data was erased, and the chains still verify.
 */

const site = useBrowserWith(() => startConsoleServer());
let patient: WsPatient;
let admin: ConsoleUser;
let caseId: string;

beforeAll(async () => {
  await site.server.addUser("noor@example.org", "clinician", "Dr Noor Haddad");
  admin = await site.server.addUser("alex@example.org", "admin", "Alex Admin");
  patient = await triagePatient(site.server.baseUrl, URGENT_URINARY.flow, URGENT_URINARY.answers, "fr");
  caseId = (await site.server.store.prisma.handoffCase.findFirst({ where: { sessionId: patient.sessionId } }))!.id;
}, 300_000);

afterAll(async () => {
  await patient?.close();
});

describe("erasing a patient's health data from the case page", () => {
  it("is neither offered to a clinician nor allowed by the API", async () => {
    const { context, page } = await signedIn(site.browser, site.server.baseUrl, "noor@example.org", { locale: "en", then: `/console/cases/${caseId}` });
    try {
      await page.getByTestId("transcript").waitFor();
      expect(await page.getByTestId("erase-panel").count()).toBe(0);
      const status = await page.evaluate(
        async (url) => (await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ confirm: "x" }) })).status,
        `/api/console/sessions/${patient.sessionId}/erase`,
      );
      expect(status).toBe(403);
    } finally {
      await context.close();
    }
  });

  it("asks the administrator to type the session id, erases, and says so on the page", async () => {
    const { context, page } = await signedIn(site.browser, site.server.baseUrl, "alex@example.org", { locale: "fr", then: `/console/cases/${caseId}` });
    try {
      const panel = page.getByTestId("erase-panel");
      await panel.waitFor();
      const button = panel.getByRole("button", { name: "Effacer définitivement" });
      expect(await button.isDisabled()).toBe(true);
      await panel.getByLabel("Pour confirmer, recopiez l'identifiant de session").fill(patient.sessionId.slice(0, -1));
      expect(await button.isDisabled()).toBe(true);
      await panel.getByLabel("Pour confirmer, recopiez l'identifiant de session").fill(patient.sessionId);
      await page.screenshot({ path: "test-results/case-erase-confirm-fr.png", fullPage: true });
      await button.click();
      const notice = page.getByTestId("erased-notice");
      await notice.waitFor();
      expect(await notice.textContent()).toContain("Données de santé effacées le");
      await page.reload();
      await page.getByTestId("erased-notice").waitFor();
      expect(await page.getByTestId("transcript").locator("li").count()).toBe(0);
      // No way left to write about the patient: the note form is gone.
      expect(await page.locator("#note-text").count()).toBe(0);
      // Nor an export link that could only answer 410.
      expect(await page.getByTestId("fhir-export").count()).toBe(0);
      await page.screenshot({ path: "test-results/case-erased-fr.png", fullPage: true });
    } finally {
      await context.close();
    }
    const events = await site.server.store.readAuditEvents("admin", 0, 10_000);
    expect(
      events
        .filter((e) => e.type === "session.erased")
        .map((e) => e.payload as { actor: string; details: { sessionId: string } })
        .map((p) => [p.actor, p.details.sessionId]),
    ).toEqual([[admin.id, patient.sessionId]]);
    expect((await verifyChains(site.server.store)).filter((r) => !r.ok)).toEqual([]);
  });

  it("tells an English-speaking clinician the data was erased", async () => {
    const { context, page } = await signedIn(site.browser, site.server.baseUrl, "noor@example.org", { locale: "en", then: `/console/cases/${caseId}` });
    try {
      await page.getByTestId("erased-notice").waitFor();
      expect(await page.getByTestId("erased-notice").textContent()).toContain("Health data erased on");
      await page.screenshot({ path: "test-results/case-erased-en.png", fullPage: true });
    } finally {
      await context.close();
    }
  });
});
