import AxeBuilder from "@axe-core/playwright";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hydrated, signedIn, startConsoleServer } from "../console/consoleServer.js";
import { useBrowserWith } from "./useBrowserWith.js";
import { acceptPrivacy } from "./chatDriver.js";

/*
 * Typing and presence as people see them (issue 5): a patient on the chat page in French who asks
 * for a clinician, and a clinician on the console in English, in one Chromium against the real
 * server (`npm start`'s entry, temporary SQLite). The tests run in order on the one case.
 */

const site = useBrowserWith(() => startConsoleServer());
let patientContext: BrowserContext;
let patient: Page;
let clinician: Page;

const patientTyping = () => clinician.getByTestId("patient-typing").innerText();
const clinicianTyping = () => patient.getByTestId("clinician-typing").innerText();
const presence = () => patient.getByTestId("clinician-presence");

beforeAll(async () => {
  await site.server.addUser("ada@clinic.example", "clinician", "Dr Ada Martin");
  clinician = (await signedIn(site.browser, site.server.baseUrl, "ada@clinic.example")).page;
  await clinician.locator('[data-testid=live-state][data-state="open"]').waitFor({ timeout: 15_000 });
  patientContext = await site.browser.newContext({ locale: "fr-FR", baseURL: site.server.baseUrl });
  patient = await patientContext.newPage();
}, 300_000);

afterAll(async () => {
  await patientContext?.close();
});

describe.sequential("a patient and the clinician who took their case see each other typing", () => {
  it("shows the patient that a clinician is connected once one takes the case and has it open", async () => {
    await patient.goto("/chat/urinary?lang=fr");
    await acceptPrivacy(patient, "fr");
    await patient.getByRole("button", { name: "Parler à un soignant" }).click();
    await patient.locator("#clinician-message").waitFor({ timeout: 15_000 });
    expect(await presence().getAttribute("data-present")).toBe("false");

    const row = clinician.locator("[data-testid=waiting] tr[data-case]").first();
    await row.waitFor({ timeout: 15_000 });
    await row.locator("button.primary").click();
    await clinician.waitForURL("**/console/cases/*", { timeout: 15_000 });
    await hydrated(clinician);

    await expect.poll(() => presence().getAttribute("data-present"), { timeout: 10_000 }).toBe("true");
    expect(await presence().innerText()).toBe("Un soignant est connecté et suit votre conversation.");
    // Announced once, politely; the typing line is never announced.
    expect(await presence().getAttribute("role")).toBe("status");
    expect(await patient.getByTestId("clinician-typing").getAttribute("aria-live")).toBe("off");
    const results = await new AxeBuilder({ page: patient }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
  });

  it("shows the clinician that the patient is typing, until the patient's message arrives", async () => {
    expect(await patientTyping()).toBe("");
    await patient.locator("#clinician-message").pressSequentially("J'ai mal au ventre depuis ce matin", { delay: 30 });
    await expect.poll(patientTyping, { timeout: 10_000 }).toBe("The patient is typing…");
    await patient.getByRole("button", { name: "Envoyer" }).click();
    await clinician.locator("[data-testid=transcript] li.from-patient", { hasText: "J'ai mal au ventre" }).waitFor({ timeout: 10_000 });
    await expect.poll(patientTyping, { timeout: 10_000 }).toBe("");
  });

  it("shows the patient that the clinician is typing, until the clinician's message arrives", async () => {
    expect(await clinicianTyping()).toBe("");
    await clinician.locator("#chat-text").pressSequentially("Avez-vous de la fièvre ?", { delay: 30 });
    await expect.poll(clinicianTyping, { timeout: 10_000 }).toBe("Le soignant écrit…");
    await clinician.locator("#chat-text").press("Enter");
    await patient.locator("li.from-clinician", { hasText: "Avez-vous de la fièvre ?" }).waitFor({ timeout: 10_000 });
    await expect.poll(clinicianTyping, { timeout: 10_000 }).toBe("");
  });

  it("shows the patient the clinician is gone when they leave the case page, and back when they return", async () => {
    const casePath = new URL(clinician.url()).pathname;
    await clinician.goto("/console");
    await hydrated(clinician);
    await expect.poll(() => presence().getAttribute("data-present"), { timeout: 10_000 }).toBe("false");
    expect(await presence().innerText()).toBe("");
    await clinician.goto(casePath);
    await hydrated(clinician);
    await expect.poll(() => presence().getAttribute("data-present"), { timeout: 10_000 }).toBe("true");
  });

  it("gives the patient the clinician's presence again after a reload", async () => {
    await patient.reload();
    await patient.locator("li.from-clinician").first().waitFor({ timeout: 15_000 });
    await expect.poll(() => presence().getAttribute("data-present"), { timeout: 10_000 }).toBe("true");
  });

  it("tells the clinician, in their language, that their typing was refused once the case was released from another tab", async () => {
    const casePath = new URL(clinician.url()).pathname;
    // The page's reload after the release is slow (held here), so the reply box is still there to type in.
    let letReloadGo = () => {};
    const reloadHeld = new Promise<void>((resolve) => (letReloadGo = resolve));
    await clinician.route("**/__data.json*", async (route) => {
      await reloadHeld;
      await route.continue();
    });
    // The page asks for its reload once the socket said the case changed: the server has forgotten the claim by then.
    const reloadAsked = clinician.waitForRequest("**/__data.json*", { timeout: 10_000 });
    const released = await clinician.context().request.post(`${casePath.replace("/console/cases/", "/api/console/cases/")}/release`, { data: {} });
    expect(released.status()).toBe(200);
    await reloadAsked;
    await clinician.locator("#chat-text").pressSequentially("Encore là ?", { delay: 30 });
    const problem = clinician.getByTestId("live-problem");
    await expect.poll(() => problem.count(), { timeout: 10_000 }).toBe(1);
    expect(await problem.innerText()).toBe("Take the case first.");
    expect(await problem.getAttribute("role")).toBe("alert");
    letReloadGo();
    // Lets the held reloads finish before the route goes.
    await clinician.unrouteAll({ behavior: "wait" });
    await expect.poll(() => presence().getAttribute("data-present"), { timeout: 10_000 }).toBe("false");
    expect(await clinicianTyping()).toBe("");
  });
});
