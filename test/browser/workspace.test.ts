import AxeBuilder from "@axe-core/playwright";
import { mkdirSync } from "node:fs";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hydrated, signedIn, startConsoleServer } from "../console/consoleServer.js";
import { triagePatient, URGENT_URINARY, type WsPatient } from "../console/patientWs.js";
import { useBrowserWith } from "./useBrowserWith.js";

/*
 * The clinician workspace (issue 24, items 7 and 9, canned replies) on the real server (`npm
 * start`'s entry, temporary SQLite) in Chromium: the queue pane with the flow the patient ended in,
 * the last message, the unread mark and the patient online or offline; the conversation with its
 * reply box and the case's actions in view on a 1366x768 screen; canned replies written by an
 * administrator and inserted in the patient's language. Screenshots go to SCREENSHOT_DIR
 * (docs/screenshots when refreshing the README's) or test-results.
 */

const SHOTS = `${process.env.SCREENSHOT_DIR ?? new URL("../../test-results", import.meta.url).pathname}/`;
const site = useBrowserWith(() => startConsoleServer({ WS_RATE_CONNECTION_POINTS: "200" }));
const contexts: BrowserContext[] = [];
const patients: WsPatient[] = [];
let ada: Page; // clinician, English
let lead: Page; // administrator, English

/** A patient who starts at the general questionnaire and is handed over to the urinary one: URGENT. */
const FROM_GENERAL = {
  danger_signs: ["none"],
  complaint_text: "J'ai mal en urinant et je n'arrive plus à uriner",
  text_signs_confirm: ["none"],
  main_complaint: "urinary",
  ...URGENT_URINARY.answers,
};

async function page(email: string, locale: "fr" | "en", then = "/console"): Promise<Page> {
  const session = await signedIn(site.browser, site.server.baseUrl, email, { locale, then });
  contexts.push(session.context);
  return session.page;
}

async function axeProblems(on: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page: on }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} ×${v.nodes.length}`);
}

/** Whether an element lies wholly inside the window as it is now (no scrolling). */
async function inView(on: Page, selector: string): Promise<boolean> {
  return on
    .locator(selector)
    .first()
    .evaluate((element) => {
      const box = element.getBoundingClientRect();
      return box.width > 0 && box.height > 0 && box.top >= 0 && box.left >= 0 && box.bottom <= window.innerHeight && box.right <= window.innerWidth;
    });
}

const row = (on: Page, patient: WsPatient) => on.locator(`tr[data-session="${patient.sessionId}"]`);

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // The scripted patient answers and writes a dozen messages within seconds, faster than the
  // default allowance per connection (20 frames / 10 s) lets a person type.
  await site.server.addUser("ada@clinic.example", "clinician", "Dr Ada Martin");
  await site.server.addUser("lead@clinic.example", "admin", "Dr Lead");
  ada = await page("ada@clinic.example", "en");
  lead = await page("lead@clinic.example", "en", "/console/admin/replies");
}, 300_000);

afterAll(async () => {
  for (const patient of patients) await patient.close().catch(() => {});
  for (const context of contexts) await context.close();
});

describe.sequential("the clinician workspace", () => {
  let patient: WsPatient;
  let caseId = "";

  it("lets an administrator add, edit and delete canned replies, refusing empty and oversized fields with coded errors", async () => {
    await hydrated(lead);
    expect(await lead.getByTestId("no-replies").innerText()).toBe("No canned reply yet.");
    // The API's own answer to bad input: a coded 422 naming the field and the limit.
    const refused = await lead.evaluate(async () => {
      const response = await fetch("/api/console/admin/replies", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ title: { fr: "x".repeat(81), en: "Ok" }, text: { fr: "Bonjour", en: "Hello" } }),
      });
      return { status: response.status, body: (await response.json()) as { code: string; details: Record<string, unknown> } };
    });
    expect(refused).toMatchObject({ status: 422, body: { code: "ADMIN_INVALID_REPLY", details: { field: "title.fr", reason: "too_long", max: 80 } } });
    const missing = await lead.evaluate(async () =>
      (await fetch("/api/console/admin/replies/nope", { method: "DELETE", headers: { "content-type": "application/json" } })).json(),
    );
    expect(missing).toMatchObject({ code: "ADMIN_UNKNOWN_REPLY" });

    // Through the page: an empty English text is refused in words, nothing is added.
    await lead.locator("#title-fr").fill("Appeler le 15");
    await lead.locator("#title-en").fill("Call 15");
    await lead.locator("#text-fr").fill("Si vous avez du mal à respirer, appelez le 15 maintenant.");
    await lead.getByTestId("reply-save").click();
    await expect.poll(() => lead.getByTestId("reply-problem").innerText()).toBe("The English text is required.");
    // Too long: the counter says so and the server refuses it.
    await lead.locator("#text-en").fill("y".repeat(2001));
    expect(await lead.locator("#text-en-count").innerText()).toBe("2001 / 2000 characters");
    await lead.getByTestId("reply-save").click();
    await expect.poll(() => lead.getByTestId("reply-problem").innerText()).toBe("The English text: at most 2000 characters.");
    await lead.locator("#text-en").fill("If you struggle to breathe, call 15 now.");
    await lead.getByTestId("reply-save").click();
    await expect.poll(() => lead.getByTestId("reply-status").innerText()).toBe("Added “Call 15”.");

    await lead.locator("#title-fr").fill("Délai de rappel");
    await lead.locator("#title-en").fill("Call-back time");
    await lead.locator("#text-fr").fill("Un médecin vous rappelle dans l'heure.");
    await lead.locator("#text-en").fill("A doctor calls you back within the hour.");
    await lead.getByTestId("reply-save").click();
    await expect.poll(() => lead.locator("[data-testid=replies] tbody tr").count()).toBe(2);

    // Edit: the form takes the reply's wording; saving changes it.
    await lead.getByRole("button", { name: "Edit Call 15" }).click();
    expect(await lead.locator("#text-fr").inputValue()).toBe("Si vous avez du mal à respirer, appelez le 15 maintenant.");
    await lead.locator("#text-fr").fill("Si vous avez du mal à respirer, appelez le 15 tout de suite.");
    await lead.getByTestId("reply-save").click();
    await expect.poll(() => lead.getByTestId("reply-status").innerText()).toBe("Saved “Call 15”.");

    // Delete asks first.
    await lead.getByRole("button", { name: "Delete Call-back time" }).click();
    await lead.getByRole("alertdialog").getByRole("button", { name: "Delete it" }).click();
    await expect.poll(() => lead.locator("[data-testid=replies] tbody tr").count()).toBe(1);
    expect(await lead.locator("[data-testid=replies] tbody tr").innerText()).toContain("Appeler le 15");
    expect(await axeProblems(lead)).toEqual([]);
    await lead.screenshot({ path: `${SHOTS}console-replies-admin.png`, fullPage: true });

    // Each change is in the admin audit stream.
    await lead.goto("/console/admin/audit");
    await lead.locator(".console-app[data-hydrated]").waitFor({ timeout: 90_000 });
    const audit = await lead.getByTestId("events").innerText();
    for (const type of ["reply.added", "reply.changed", "reply.deleted"]) expect(audit).toContain(type);
  }, 180_000);

  it("shows in the queue the flow the patient ended in, the last message, the patient online, and an unread mark until the case is opened", async () => {
    await ada.setViewportSize({ width: 1366, height: 768 });
    patient = await triagePatient(site.server.baseUrl, "general", FROM_GENERAL, "fr");
    patients.push(patient);
    const found = row(ada, patient);
    await found.waitFor({ timeout: 15_000 });
    caseId = (await found.getAttribute("data-case"))!;
    // The entry flow was "general": the queue names the flow the patient ended in, in the console's language.
    expect(await found.getByTestId("queue-flow").innerText()).toBe("Urinary problem");
    expect(await found.innerText()).not.toContain("general");
    await expect.poll(() => found.getByTestId("patient-status").getAttribute("data-status"), { timeout: 15_000 }).toBe("online");

    const long = "Depuis ce matin je n'arrive plus du tout à uriner, j'ai très mal au bas du ventre et je me sens de plus en plus mal";
    await patient.say(long);
    await expect.poll(() => found.getByTestId("last-message").innerText(), { timeout: 15_000 }).toContain("Depuis ce matin");
    const preview = (await found.getByTestId("last-message").innerText()).replace(/^Patient: /, "");
    expect(Array.from(preview).length).toBeLessThanOrEqual(80);
    expect(preview.endsWith("…")).toBe(true);
    expect(await found.getByTestId("since").innerText()).toMatch(/ago$/);
    await expect.poll(() => found.getAttribute("data-unread")).toBe("true");
    expect(await found.getByTestId("unread").innerText()).toContain("New message");
    expect(await axeProblems(ada)).toEqual([]);

    // Opening the case marks it read, also once back in the queue.
    await found.getByTestId("queue-flow").click();
    await ada.waitForURL(`**/console/cases/${caseId}`);
    await hydrated(ada);
    await ada.locator("[data-testid=transcript] li.from-patient", { hasText: "Depuis ce matin" }).waitFor({ timeout: 15_000 });
    expect(await row(ada, patient).getAttribute("data-unread")).toBe("false");
    await ada.goto("/console");
    await hydrated(ada);
    await row(ada, patient).waitFor({ timeout: 15_000 });
    // The read mark is posted as the case opens (kept alive through the page change): the queue may be read a moment before it lands, then follows it live.
    await expect.poll(() => row(ada, patient).getAttribute("data-unread")).toBe("false");
    expect(await row(ada, patient).getByTestId("unread").count()).toBe(0);
  }, 180_000);

  it("keeps the reply box and the case's actions in view on a 1366x768 screen with a long transcript, and does not jump after an action", async () => {
    await ada.goto(`/console/cases/${caseId}`);
    await hydrated(ada);
    await ada.locator("section[aria-labelledby=chat-title] button.primary").click();
    await expect.poll(() => ada.getByTestId("case-state").getAttribute("data-state"), { timeout: 15_000 }).toBe("claimed");
    for (let i = 1; i <= 12; i++) await patient.say(`Message ${i} : la douleur est toujours là, je vous écris pour que vous le sachiez.`);
    await ada.locator("[data-testid=transcript] li.from-patient", { hasText: "Message 12 :" }).waitFor({ timeout: 15_000 });
    const transcriptLines = await ada.locator("[data-testid=transcript] li").count();
    expect(transcriptLines).toBeGreaterThan(30);

    const page = await ada.evaluate(() => ({ scrollY: window.scrollY, overflow: document.documentElement.scrollHeight - window.innerHeight }));
    expect(page).toEqual({ scrollY: 0, overflow: 0 });
    for (const selector of [
      "#chat-text",
      "form.chat button[type=submit]",
      "#new-urgency",
      "#urgency-reason",
      "form:has(#urgency-reason) button[type=submit]",
      "[data-testid=close-case]",
      "input[name=disposition]",
    ]) {
      expect(await inView(ada, selector), selector).toBe(true);
    }
    // The newest message is shown (the transcript scrolled itself, not the page).
    expect(await inView(ada, "[data-testid=transcript] li.from-patient:has-text('Message 12 :')")).toBe(true);
    expect(await axeProblems(ada)).toEqual([]);
    await ada.screenshot({ path: `${SHOTS}console-workspace-desktop.png` });

    const before = await ada.locator("#chat-text").boundingBox();
    await ada.locator("#new-urgency").selectOption("EMERGENCY");
    await ada.locator("#urgency-reason").fill("Retention with worsening pain on the chat");
    await ada.locator("form:has(#urgency-reason) button[type=submit]").click();
    await expect.poll(() => ada.locator("h1 [data-urgency]").getAttribute("data-urgency"), { timeout: 15_000 }).toBe("EMERGENCY");
    expect(await ada.evaluate(() => window.scrollY)).toBe(0);
    expect(await ada.locator("#chat-text").boundingBox()).toEqual(before);
    expect(await inView(ada, "[data-testid=close-case]")).toBe(true);
  }, 180_000);

  it("inserts a canned reply in the patient's language from '/' in the reply box, for the clinician to edit before sending", async () => {
    const box = ada.locator("#chat-text");
    await box.focus();
    await ada.keyboard.type("/");
    const filter = ada.locator("#reply-filter");
    await filter.waitFor();
    expect(await filter.evaluate((element) => element === document.activeElement)).toBe(true);
    await ada.keyboard.type("call");
    expect(await ada.locator("#reply-options [role=option]").allInnerTexts()).toEqual([expect.stringContaining("Call 15")]);
    expect(await axeProblems(ada)).toEqual([]);
    await ada.keyboard.press("Enter");
    // The patient reads French: the French text goes in, the English console notwithstanding.
    expect(await box.inputValue()).toBe("Si vous avez du mal à respirer, appelez le 15 tout de suite.");
    expect(await box.evaluate((element) => element === document.activeElement)).toBe(true);
    await ada.keyboard.type(" Je reste avec vous.");
    await ada.keyboard.press("Enter");
    const sent = await patient.waitFor((m) => m.author === "clinician");
    expect(sent.body).toEqual({ kind: "text", text: "Si vous avez du mal à respirer, appelez le 15 tout de suite. Je reste avec vous." });
    // Sent: the box empties. Escape closes the picker without inserting anything.
    await expect.poll(() => box.inputValue()).toBe("");
    await box.focus();
    await ada.keyboard.type("/");
    await ada.locator("#reply-filter").waitFor();
    await ada.keyboard.press("Escape");
    expect(await ada.locator("#reply-filter").count()).toBe(0);
    expect(await box.inputValue()).toBe("");
  }, 120_000);

  it("stacks the panes on a phone: the queue, then the conversation with a back link; the patient going offline shows", async () => {
    const phone = await page("ada@clinic.example", "fr");
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto("/console");
    await hydrated(phone);
    await row(phone, patient).waitFor({ timeout: 15_000 });
    expect(await row(phone, patient).getByTestId("queue-flow").innerText()).toBe("Problème urinaire");
    expect(await phone.locator(".pane.placeholder").isVisible()).toBe(false);
    await phone.screenshot({ path: `${SHOTS}console-workspace-phone-queue.png` });
    await row(phone, patient).getByTestId("queue-flow").click();
    await phone.waitForURL(`**/console/cases/${caseId}`);
    await hydrated(phone);
    expect(await phone.locator(".pane.queue").isVisible()).toBe(false);
    expect(await phone.getByRole("link", { name: "← Retour à la file d'attente" }).isVisible()).toBe(true);
    expect(await inView(phone, "#chat-text")).toBe(true);
    expect(await axeProblems(phone)).toEqual([]);
    await phone.screenshot({ path: `${SHOTS}console-workspace-phone.png` });

    await patient.close();
    await expect.poll(() => row(ada, patient).getByTestId("patient-status").getAttribute("data-status"), { timeout: 15_000 }).toBe("offline");
  }, 120_000);
});
