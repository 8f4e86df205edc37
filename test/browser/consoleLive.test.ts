import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChains } from "../../bot/audit/verifyChains.js";
import { hydrated, startConsoleServer, signedIn } from "../console/consoleServer.js";
import { triagePatient, URGENT_URINARY, type WsPatient } from "../console/patientWs.js";
import { useBrowserWith } from "./useBrowserWith.js";

/*
 * Two clinicians and a patient, end to end: the real server (`npm start`'s entry, temporary
 * SQLite), two Chromium contexts signed in through the form, and a patient on the web channel's
 * protocol (the chat page's own tests drive the page; here speed matters). The tests run in order
 * and share the one case.
 */

const site = useBrowserWith(() => startConsoleServer());
let ada: Page;
let bea: Page;
let patient: WsPatient;
let caseId = "";
let winner: { page: Page; name: string };
let loser: { page: Page; name: string };

const waitingRow = (page: Page) => page.locator(`[data-testid=waiting] tr[data-session="${patient.sessionId}"]`);
const progressRow = (page: Page) => page.locator(`[data-testid=in-progress] tr[data-session="${patient.sessionId}"]`);

beforeAll(async () => {
  await site.server.addUser("ada@clinic.example", "clinician", "Dr Ada Martin");
  await site.server.addUser("bea@clinic.example", "clinician", "Dr Béa Roux");
  ada = (await signedIn(site.browser, site.server.baseUrl, "ada@clinic.example")).page;
  bea = (await signedIn(site.browser, site.server.baseUrl, "bea@clinic.example", { locale: "fr" })).page;
  // Ada allowed notifications; both consoles record what they raise instead of bothering the test machine.
  await ada.context().grantPermissions(["notifications"]);
  for (const page of [ada, bea]) {
    await page.addInitScript(() => {
      const raised: { title: string; body: string }[] = [];
      const beeps: number[] = [];
      (window as unknown as { __alerts: unknown }).__alerts = { raised, beeps };
      class RecordedNotification {
        static permission = Notification.permission;
        static requestPermission = () => Promise.resolve(Notification.permission);
        onclick: (() => void) | null = null;
        constructor(title: string, options: { body: string }) {
          raised.push({ title, body: options.body });
        }
        close() {}
      }
      (window as unknown as { Notification: unknown }).Notification = RecordedNotification;
      const Real = window.AudioContext;
      window.AudioContext = class extends Real {
        override createOscillator() {
          beeps.push(Date.now());
          return super.createOscillator();
        }
      };
    });
    await page.reload();
    await hydrated(page);
  }
  for (const page of [ada, bea]) await page.locator('[data-testid=live-state][data-state="open"]').waitFor({ timeout: 15_000 });
}, 300_000);

afterAll(async () => {
  await patient?.close();
});

describe.sequential("a hand-off from the patient's outcome to the clinician's closing message", () => {
  it("shows a patient triaged URGENT in every signed-in console, live, without a reload", async () => {
    patient = await triagePatient(site.server.baseUrl, URGENT_URINARY.flow, URGENT_URINARY.answers, "fr");
    const outcome = patient.messages.find((m) => m.body.kind === "outcome");
    expect(outcome?.body).toMatchObject({ outcome: { urgency: "URGENT" } });
    for (const page of [ada, bea]) {
      const row = waitingRow(page);
      await row.waitFor({ timeout: 10_000 });
      await expect.poll(() => row.locator("[data-urgency]").getAttribute("data-urgency")).toBe("URGENT");
      const text = await row.innerText();
      // The flow the patient ended in, by its title in the console's language (issue 24, item 9).
      expect(text).toMatch(/Urinary problem|Problème urinaire/);
      expect(text).toContain("FR");
      expect(await row.getByTestId("sla").getAttribute("data-breached")).toBe("false");
      caseId = (await row.getAttribute("data-case"))!;
    }
    expect(await ada.getByTestId("announcement").innerText()).toMatch(/New Urgent case \(Urinary problem\)/);
    expect(await bea.getByTestId("announcement").innerText()).toMatch(/Nouveau dossier Urgent/);
    // An URGENT case rings in every console and notifies where notifications are allowed.
    const alerts = (page: Page) => page.evaluate(() => (window as unknown as { __alerts: { raised: { title: string }[]; beeps: number[] } }).__alerts);
    expect((await alerts(ada)).raised).toEqual([expect.objectContaining({ title: "New case: Urgent" })]);
    expect((await alerts(ada)).beeps.length).toBeGreaterThan(0);
    expect((await alerts(bea)).raised).toEqual([]);
    expect((await alerts(bea)).beeps.length).toBeGreaterThan(0);
  });

  it("lets exactly one of two clinicians win a simultaneous claim; the other sees who took it", async () => {
    await Promise.all([ada, bea].map((page) => waitingRow(page).locator("button.primary").click()));
    // Each page ends either on the case (it won) or with the queue's message (it lost).
    const onCase = (page: Page) =>
      Promise.race([
        page.waitForURL(`**/console/cases/${caseId}`, { timeout: 15_000 }).then(() => true),
        page
          .getByTestId("queue-problem")
          .waitFor({ timeout: 15_000 })
          .then(() => false),
      ]);
    const [adaWon, beaWon] = await Promise.all([onCase(ada), onCase(bea)]);
    expect([adaWon, beaWon].filter(Boolean)).toHaveLength(1);
    winner = adaWon ? { page: ada, name: "Dr Ada Martin" } : { page: bea, name: "Dr Béa Roux" };
    loser = adaWon ? { page: bea, name: "Dr Béa Roux" } : { page: ada, name: "Dr Ada Martin" };
    await expect.poll(() => loser.page.getByTestId("queue-problem").innerText()).toContain(`${winner.name}`);
    await progressRow(loser.page).waitFor({ timeout: 10_000 });
    expect(await progressRow(loser.page).getByTestId("assignee").innerText()).toContain(winner.name);
    expect(await waitingRow(loser.page).count()).toBe(0);
    await hydrated(winner.page);
    expect(await winner.page.getByTestId("case-state").getAttribute("data-state")).toBe("claimed");
  });

  it("tells the patient a clinician joined, then carries messages both ways, live, with the bot quiet", async () => {
    const joined = await patient.waitFor((m) => m.body.kind === "handoff" && m.body.status === "joined");
    expect((joined.body as { text: string }).text).toContain(winner.name);

    const page = winner.page;
    await page.locator("#chat-text").fill("Bonjour, je suis votre médecin. Depuis quand ne pouvez-vous plus uriner ?");
    await page.locator("#chat-text").press("Enter");
    const fromClinician = await patient.waitFor((m) => m.author === "clinician");
    expect(fromClinician.body).toEqual({ kind: "text", text: "Bonjour, je suis votre médecin. Depuis quand ne pouvez-vous plus uriner ?" });
    await expect.poll(() => page.locator("[data-testid=transcript] li.from-clinician").count()).toBe(1);

    await patient.say("Depuis ce matin, et j'ai très mal au ventre");
    await page.locator("[data-testid=transcript] li.from-patient", { hasText: "Depuis ce matin" }).waitFor({ timeout: 10_000 });
    const lastSeq = Math.max(...patient.messages.map((m) => m.seq));
    const last = patient.messages.find((m) => m.seq === lastSeq)!;
    expect(last).toMatchObject({ author: "patient", body: { kind: "text", text: "Depuis ce matin, et j'ai très mal au ventre" } });
    // The loser can read the case too, without the chat box.
    await loser.page.goto(`/console/cases/${caseId}`);
    await hydrated(loser.page);
    expect(await loser.page.getByTestId("taken-by").innerText()).toContain(winner.name);
    await loser.page.locator("[data-testid=transcript] li.from-patient", { hasText: "Depuis ce matin" }).waitFor();
    expect(await loser.page.locator("#chat-text").count()).toBe(0);
    await loser.page.goto("/console");
    await hydrated(loser.page);
  });

  it("shows the answers in words and the urgency's reasons on the case page", async () => {
    const page = winner.page;
    const answers = await page.getByTestId("answers").innerText();
    expect(answers.length).toBeGreaterThan(50);
    expect(await page.getByTestId("reasons").innerText()).toMatch(/urine/i);
  });

  it("changes the urgency with a written reason and keeps a note, both shown on the case and in every queue", async () => {
    const page = winner.page;
    await page.locator("#new-urgency").selectOption("EMERGENCY");
    const apply = page.locator("form:has(#urgency-reason) button[type=submit]");
    expect(await apply.isDisabled()).toBe(true);
    await page.locator("#urgency-reason").fill("Now feverish with shaking chills on the call");
    await apply.click();
    await expect.poll(() => page.locator("h1 [data-urgency]").getAttribute("data-urgency")).toBe("EMERGENCY");
    await expect.poll(() => progressRow(loser.page).locator("[data-urgency]").getAttribute("data-urgency"), { timeout: 10_000 }).toBe("EMERGENCY");
    await page.locator("#note-text").fill("Advised to go to the emergency department; daughter driving.");
    await page.locator("form:has(#note-text) button[type=submit]").click();
    await page.getByTestId("notes").getByText("daughter driving").waitFor();
    // Neither the reason nor the note reaches the patient.
    expect(patient.messages.some((m) => JSON.stringify(m.body).includes("daughter") || JSON.stringify(m.body).includes("shaking chills on the call"))).toBe(
      false,
    );
  });

  it("closes with a disposition: the patient reads the closing message in French, the case leaves every queue live", async () => {
    const page = winner.page;
    await progressRow(loser.page).waitFor({ timeout: 10_000 });
    await page.locator('input[name=disposition][value="advice_given"]').check();
    await page.getByTestId("close-case").click();
    await page.getByTestId("confirm-close-yes").click();
    const closing = await patient.waitFor((m) => m.body.kind === "handoff" && m.body.status === "closed");
    expect(closing.locale).toBe("fr");
    expect((closing.body as { text: string }).text).toMatch(/^Le soignant vous a donné ses conseils\. Cette conversation est maintenant terminée\./);
    await expect.poll(() => page.getByTestId("case-state").getAttribute("data-state")).toBe("closed");
    await expect.poll(() => progressRow(loser.page).count(), { timeout: 10_000 }).toBe(0);
    expect(await waitingRow(loser.page).count()).toBe(0);
  });

  it("counts the case on the dashboard at the questionnaire's level, taken within its SLA, and the clinician's raise apart", async () => {
    const page = winner.page;
    await page.goto("/console/dashboard");
    // The questionnaire said URGENT; the clinician's raise to EMERGENCY is counted on its own line (issue 24, item 16).
    const row = page.locator("[data-testid=dashboard-table] tr[data-urgency=URGENT]");
    const [cases, taken, , withinSla, breached] = await row.locator("td").allInnerTexts();
    expect({ cases, taken, withinSla, breached }).toEqual({ cases: "1", taken: "1", withinSla: "100 %", breached: "0" });
    expect((await page.locator("[data-testid=dashboard-table] tr[data-urgency=EMERGENCY] td").allInnerTexts())[0]).toBe("0");
    expect(await page.getByTestId("dashboard-changes").innerText()).toMatch(/: 1 \((raised|relevés) 1, (lowered|abaissés) 0\)/);
    for (const chart of ["chart-cases", "chart-wait", "chart-sla"]) expect(await page.getByTestId(chart).count()).toBe(1);
  });

  it("leaves every audit chain intact, with the clinicians' actions in the admin stream", async () => {
    const reports = await verifyChains(site.server.store);
    expect(reports.filter((r) => !r.ok)).toEqual([]);
    const types = (await site.server.store.readAuditEvents("admin", 0)).map((e) => e.type);
    for (const type of ["console.login", "case.claimed", "case.message", "case.urgency_changed", "case.note_added", "case.closed"])
      expect(types).toContain(type);
    const session = (await site.server.store.readAuditEvents(patient.sessionId, 0)).map((e) => e.type);
    expect(session).toEqual(
      expect.arrayContaining([
        "outcome.decided",
        "clinician.joined",
        "clinician.message",
        "patient.to_clinician",
        "clinician.urgency_changed",
        "clinician.note",
        "clinician.closed",
      ]),
    );
  });
});
