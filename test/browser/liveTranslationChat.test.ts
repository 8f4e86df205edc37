import { mkdirSync } from "node:fs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeOpenAiServer, type FakeReply, type ReceivedChat } from "../llm/fakeOpenAiServer.js";
import { hydrated, signedIn, startConsoleServer, type ConsoleServer } from "../console/consoleServer.js";
import { closeBrowser, launchBrowser } from "./browser.js";
import { acceptPrivacy } from "./chatDriver.js";

/*
 * Live-chat translation as both people see it (issue 21), in Chromium against `npm start`'s
 * process (temporary SQLite) with LLM_BASE_URL on a fake OpenAI-compatible server: a patient on
 * the chat page in English (phone) who asked for a clinician, and a French-speaking clinician on
 * the case page. The clinician reads the patient's message in French with the English original
 * beside it; the patient reads the clinician's reply in English with the French original one tap
 * away. With the translation turned off in the settings page, nothing is sent to the endpoint.
 * Screenshots: test-results/live-translation-{clinician-fr,patient-en}.png.
 */

const SHOTS = `${process.env.SCREENSHOT_DIR ?? new URL("../../test-results", import.meta.url).pathname}/`;
const PHONE = { width: 390, height: 844 };

const PATIENT_EN = "My chest hurts when I breathe in and I feel dizzy";
const PATIENT_FR = "J'ai mal à la poitrine quand j'inspire et j'ai des vertiges";
const REPLY_FR = "Depuis quand avez-vous mal ? Avez-vous de la fièvre ?";
const REPLY_EN = "Since when have you been in pain? Do you have a fever?";
const PATIENT_DARIJA = "rassi kayderni bzaf mn lbare7";
const DARIJA_FR = "J'ai très mal à la tête depuis hier";

let fake: FakeOpenAiServer;
let browser: Browser;
let app: ConsoleServer;
const contexts: BrowserContext[] = [];
let patient: Page;
let clinician: Page;

const translations = (requests: ReceivedChat[]) => requests.filter((r) => r.system.includes("chatting with"));

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  fake = await FakeOpenAiServer.start();
  fake.script = (request): FakeReply => {
    if (request.system.includes("A patient is chatting with a clinician")) {
      if (request.user.includes(PATIENT_EN)) return { content: JSON.stringify({ language: "en", translation: PATIENT_FR }) };
      if (request.user.includes(PATIENT_DARIJA)) return { content: JSON.stringify({ language: "darija", translation: DARIJA_FR }) };
      return { content: JSON.stringify({ language: "fr", translation: null }) };
    }
    if (request.system.includes("A clinician is chatting with a patient")) return { content: JSON.stringify({ translation: REPLY_EN }) };
    // Summaries and suggestions: nothing usable, the product goes on without them.
    return { content: "{}" };
  };
  [browser, app] = await Promise.all([
    launchBrowser(),
    startConsoleServer({ LLM_BASE_URL: fake.baseUrl, LLM_MODEL: "fake-model", TRIAGE_DEFAULT_LOCALE: "fr" }),
  ]);
  await app.addUser("ada@clinic.example", "clinician", "Dr Ada Martin");
  await app.addUser("lead@clinic.example", "admin", "Lead Admin");
}, 300_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await closeBrowser(browser);
  await app?.stop();
  await fake?.close();
});

const patientLine = (text: string) => patient.locator("li.from-clinician", { hasText: text });
const clinicianLine = (author: "patient" | "clinician", text: string) => clinician.locator(`[data-testid=transcript] li.from-${author}`, { hasText: text });

describe.sequential("a patient writing in English and a clinician writing in French", () => {
  it("shows the clinician the patient's message in French with the English original beside it", { timeout: 180_000 }, async () => {
    const session = await signedIn(browser, app.baseUrl, "ada@clinic.example", { locale: "fr" });
    contexts.push(session.context);
    clinician = session.page;
    await clinician.setViewportSize({ width: 1366, height: 768 });
    await clinician.locator('[data-testid=live-state][data-state="open"]').waitFor({ timeout: 15_000 });

    const patientContext = await browser.newContext({ locale: "en-GB", viewport: PHONE, hasTouch: true, baseURL: app.baseUrl });
    contexts.push(patientContext);
    patient = await patientContext.newPage();
    await patient.goto("/chat/urinary?lang=en");
    await acceptPrivacy(patient, "en");
    await patient.getByRole("button", { name: "Talk to a clinician" }).click();
    await patient.locator("#clinician-message").waitFor({ timeout: 15_000 });

    const row = clinician.locator("[data-testid=waiting] tr[data-case]").first();
    await row.waitFor({ timeout: 15_000 });
    await row.locator("button.primary").click();
    await clinician.waitForURL("**/console/cases/*", { timeout: 15_000 });
    await hydrated(clinician);
    await patient.getByTestId("clinician-presence").and(patient.locator('[data-present="true"]')).waitFor({ timeout: 15_000 });

    await patient.locator("#clinician-message").fill(PATIENT_EN);
    await patient.getByRole("button", { name: "Send" }).click();
    const line = clinicianLine("patient", PATIENT_FR);
    await line.waitFor({ timeout: 20_000 });
    const original = line.getByTestId("translation-other");
    expect(await original.innerText()).toBe(`Original (anglais) : ${PATIENT_EN}`);
    expect(await original.locator("[lang]").getAttribute("lang")).toBe("en");
    // The patient sees what they wrote, as written.
    expect(await patient.locator("li.from-patient", { hasText: PATIENT_EN }).count()).toBe(1);
    expect(await patient.getByText(PATIENT_FR).count()).toBe(0);
  });

  it("sends the clinician's French reply to the patient in English, the French original one tap away", { timeout: 120_000 }, async () => {
    await clinician.locator("#chat-text").fill(REPLY_FR);
    await clinician.locator("#chat-text").press("Enter");
    const received = patientLine(REPLY_EN);
    await received.waitFor({ timeout: 20_000 });
    const original = received.getByTestId("clinician-original");
    expect(await original.locator("summary").innerText()).toBe("Translated automatically · see the original message");
    expect(await original.locator("p").isVisible()).toBe(false);
    await original.locator("summary").click();
    expect(await original.locator("p").innerText()).toBe(REPLY_FR);
    expect(await original.locator("p").getAttribute("lang")).toBe("fr");
    await received.scrollIntoViewIfNeeded();
    await patient.screenshot({ path: `${SHOTS}live-translation-patient-en.png` });

    // The clinician's own line: what they wrote first, and what the patient was sent.
    const sent = clinicianLine("clinician", REPLY_FR);
    await sent.waitFor({ timeout: 20_000 });
    expect(await sent.getByTestId("translation-other").innerText()).toBe(`Envoyé traduit (anglais) : ${REPLY_EN}`);
    await clinicianLine("patient", PATIENT_FR).scrollIntoViewIfNeeded();
    await clinician.screenshot({ path: `${SHOTS}live-translation-clinician-fr.png` });
    expect(translations(fake.requests).map((r) => r.user)).toEqual([expect.stringContaining(PATIENT_EN), expect.stringContaining(REPLY_FR)]);
  });

  it("names Moroccan Arabic for the clinician, not the model's word 'darija', and marks it with its language tag", { timeout: 120_000 }, async () => {
    await patient.locator("#clinician-message").fill(PATIENT_DARIJA);
    await patient.getByRole("button", { name: "Send" }).click();
    const line = clinicianLine("patient", DARIJA_FR);
    await line.waitFor({ timeout: 20_000 });
    const original = line.getByTestId("translation-other");
    expect(await original.innerText()).toBe(`Original (darija marocaine) : ${PATIENT_DARIJA}`);
    expect(await original.locator("[lang]").getAttribute("lang")).toBe("ary");
  });

  it("sends nothing to the endpoint once the settings page turns translation off: both messages go as written", { timeout: 120_000 }, async () => {
    const session = await signedIn(browser, app.baseUrl, "lead@clinic.example", { locale: "en", then: "/console/admin/settings" });
    contexts.push(session.context);
    const admin = session.page;
    await hydrated(admin);
    const toggle = admin.getByTestId("assist").locator('input[name="assist.liveTranslation"]');
    expect(await toggle.isChecked()).toBe(true);
    await toggle.uncheck();
    const saved = admin.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/console/admin/settings");
    await admin.getByRole("button", { name: "Save the settings" }).click();
    await saved;
    await admin.getByTestId("settings-saved").waitFor({ timeout: 15_000 });

    const before = fake.requests.length;
    const words = "It started yesterday evening";
    await patient.locator("#clinician-message").fill(words);
    await patient.getByRole("button", { name: "Send" }).click();
    const line = clinicianLine("patient", words);
    await line.waitFor({ timeout: 20_000 });
    expect(await line.getByTestId("translation-other").count()).toBe(0);

    const reply = "Prenez du paracétamol et rappelez-nous si cela empire.";
    await clinician.locator("#chat-text").fill(reply);
    await clinician.locator("#chat-text").press("Enter");
    const received = patientLine(reply);
    await received.waitFor({ timeout: 20_000 });
    expect(await received.getByTestId("clinician-original").count()).toBe(0);
    expect(await clinicianLine("clinician", reply).getByTestId("translation-other").count()).toBe(0);
    expect(fake.requests.length).toBe(before);
  });
});
