import AxeBuilder from "@axe-core/playwright";
import type { BrowserContext, Page } from "playwright-core";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hydrated, signedIn, startConsoleServer } from "../console/consoleServer.js";
import { triagePatient, URGENT_URINARY, type WsPatient } from "../console/patientWs.js";
import { WsClient } from "../web/wsClient.js";
import { useBrowserWith } from "./useBrowserWith.js";
import { submitted } from "./adminDriver.js";

/*
 * The clinician case page and the console's frame as a clinician and an administrator see them
 * (issue 24, items 5, 6, 10, 11), in English and French, on the real server (`npm start`'s entry,
 * temporary SQLite) in Chromium. Patients come through the web channel's protocol.
 * CONSOLE_SCREENSHOTS=<dir> also saves the pages for a person to look at.
 */

const site = useBrowserWith(() => startConsoleServer());
const contexts: BrowserContext[] = [];
const patients: WsPatient[] = [];
let ada: Page; // clinician, English
let bea: Page; // clinician, French

async function page(email: string, locale: "fr" | "en", then = "/console"): Promise<Page> {
  const session = await signedIn(site.browser, site.server.baseUrl, email, { locale, then });
  contexts.push(session.context);
  return session.page;
}

async function shot(on: Page, name: string): Promise<void> {
  const dir = process.env.CONSOLE_SCREENSHOTS;
  if (dir) await on.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
}

async function axeProblems(on: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page: on }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${v.id} ×${v.nodes.length}`);
}

/** The audit page verifies every chain before it answers: on a busy machine it takes longer than other pages. */
async function slowPageReady(on: Page): Promise<void> {
  await on.locator(".console-app[data-hydrated]").waitFor({ timeout: 90_000 });
}

/** A new URGENT patient; resolves with the case id the queue shows for them. */
async function urgentCase(locale: "fr" | "en"): Promise<{ patient: WsPatient; caseId: string }> {
  const patient = await triagePatient(site.server.baseUrl, URGENT_URINARY.flow, URGENT_URINARY.answers, locale);
  patients.push(patient);
  await ada.goto("/console");
  await hydrated(ada);
  const row = ada.locator(`[data-testid=waiting] tr[data-session="${patient.sessionId}"]`);
  await row.waitFor({ timeout: 15_000 });
  return { patient, caseId: (await row.getAttribute("data-case"))! };
}

/** Opens the case and takes it from its page. */
async function takeCase(on: Page, caseId: string): Promise<void> {
  await on.goto(`/console/cases/${caseId}`);
  await hydrated(on);
  await on.locator("section[aria-labelledby=chat-title] button.primary").click();
  await expect.poll(() => on.getByTestId("case-state").getAttribute("data-state"), { timeout: 15_000 }).toBe("claimed");
}

beforeAll(async () => {
  await site.server.addUser("ada@clinic.example", "clinician", "Dr Ada Martin");
  await site.server.addUser("bea@clinic.example", "clinician", "Dr Béa Roux");
  await site.server.addUser("lead@clinic.example", "admin", "Dr Lead");
  ada = await page("ada@clinic.example", "en");
  bea = await page("bea@clinic.example", "fr");
}, 300_000);

afterAll(async () => {
  for (const patient of patients) await patient.close();
  for (const context of contexts) await context.close();
});

describe.sequential("the clinician's case page", () => {
  let first = "";

  it("shows the written reason for an urgency change on the case and in the transcript, and raising it to EMERGENCY tightens the deadline", async () => {
    const { patient, caseId } = await urgentCase("en");
    first = caseId;
    await takeCase(ada, caseId);
    const before = Date.parse((await ada.getByTestId("deadline").getAttribute("datetime"))!);
    await ada.locator("#new-urgency").selectOption("EMERGENCY");
    await ada.locator("#urgency-reason").fill("Now feverish with shaking chills on the call");
    const changedAt = Date.now();
    await ada.locator("form:has(#urgency-reason) button[type=submit]").click();
    await expect.poll(() => ada.locator("h1 [data-urgency]").getAttribute("data-urgency"), { timeout: 15_000 }).toBe("EMERGENCY");

    const changes = ada.getByTestId("urgency-changes");
    await changes.waitFor();
    expect(await changes.innerText()).toContain("You changed the urgency from Urgent to Emergency");
    expect(await changes.getByTestId("urgency-change-reason").innerText()).toBe("Now feverish with shaking chills on the call");
    const inTranscript = ada.getByTestId("transcript-urgency-change");
    expect(await inTranscript.innerText()).toContain("Reason: Now feverish with shaking chills on the call");
    // The EMERGENCY SLA (5 minutes by default) from the change, earlier than the URGENT deadline it replaces.
    const after = Date.parse((await ada.getByTestId("deadline").getAttribute("datetime"))!);
    expect(after).toBeLessThan(before);
    expect(after).toBeGreaterThanOrEqual(changedAt + 5 * 60_000 - 1_000);
    expect(after).toBeLessThanOrEqual(Date.now() + 5 * 60_000);
    // The reason stays with the clinicians.
    expect(patient.messages.some((m) => JSON.stringify(m.body).includes("shaking chills"))).toBe(false);
    await shot(ada, "case-urgency-changed-en");

    // A French colleague reads the same change in French, with who made it.
    await bea.goto(`/console/cases/${caseId}`);
    await hydrated(bea);
    const seen = await bea.getByTestId("urgency-changes").innerText();
    expect(seen).toContain("Dr Ada Martin a fait passer l'urgence de Urgent à Urgence vitale");
    expect(seen).toContain("Motif : Now feverish with shaking chills on the call");
    expect(await bea.getByTestId("case-state").innerText()).toBe("État : en cours · Dr Ada Martin");
    expect(await axeProblems(ada)).toEqual([]);
    expect(await axeProblems(bea)).toEqual([]);
  }, 120_000);

  it("names the state and its holder with the right spacing, and the bot 'Assistant' in both languages", async () => {
    await ada.goto(`/console/cases/${first}`);
    await hydrated(ada);
    expect(await ada.getByTestId("case-state").innerText()).toBe("State: in progress · you");
    expect(await ada.locator("[data-testid=transcript] li.from-bot .who").first().innerText()).toBe("Assistant");
    expect(await bea.locator("[data-testid=transcript] li.from-bot .who").first().innerText()).toBe("Assistant");
  });

  it("draws the console edge to edge, without the browser's white frame", async () => {
    for (const on of [ada, bea]) {
      expect(await on.evaluate(() => getComputedStyle(document.body).margin)).toBe("0px");
      const bar = await on.evaluate(() => {
        const box = document.querySelector("header.bar")!.getBoundingClientRect();
        return { left: box.left + window.scrollX, top: box.top + window.scrollY, width: box.width, page: document.documentElement.clientWidth };
      });
      expect(bar).toEqual({ left: 0, top: 0, width: bar.page, page: bar.page });
    }
  });

  it("closes only with a disposition the clinician chose, after a confirmation (English)", async () => {
    await ada.goto(`/console/cases/${first}`);
    await hydrated(ada);
    expect(await ada.locator("input[name=disposition]:checked").count()).toBe(0);
    expect(await ada.getByTestId("close-case").isDisabled()).toBe(true);
    expect(await ada.getByTestId("choose-disposition").innerText()).toBe("Choose how the case ends.");
    await ada.locator('input[name=disposition][value="teleconsultation_booked"]').check();
    await ada.getByTestId("close-case").click();
    const confirm = ada.getByTestId("confirm-close");
    expect(await confirm.innerText()).toContain("Close this case as “Teleconsultation booked”?");
    await shot(ada, "case-close-confirm-en");
    expect(await axeProblems(ada)).toEqual([]);
    // Cancel leaves the case as it was.
    await confirm.getByRole("button", { name: "Cancel" }).click();
    expect(await ada.getByTestId("confirm-close").count()).toBe(0);
    expect(await ada.getByTestId("case-state").getAttribute("data-state")).toBe("claimed");
    await ada.getByTestId("close-case").click();
    await ada.getByTestId("confirm-close-yes").click();
    await expect.poll(() => ada.getByTestId("case-state").getAttribute("data-state"), { timeout: 15_000 }).toBe("closed");
    expect(await ada.getByTestId("closed-notice").innerText()).toContain("Teleconsultation booked");
  }, 60_000);

  it("closes only with a disposition the clinician chose, after a confirmation (French)", async () => {
    const { caseId } = await urgentCase("fr");
    await takeCase(bea, caseId);
    expect(await bea.getByTestId("case-state").innerText()).toBe("État : en cours · vous");
    expect(await bea.locator("input[name=disposition]:checked").count()).toBe(0);
    expect(await bea.getByTestId("close-case").isDisabled()).toBe(true);
    expect(await bea.getByTestId("choose-disposition").innerText()).toBe("Choisissez l'issue du dossier.");
    await bea.locator('input[name=disposition][value="advice_given"]').check();
    await bea.getByTestId("close-case").click();
    expect(await bea.getByTestId("confirm-close").innerText()).toContain("Clôturer ce dossier avec l'issue « Conseils donnés » ?");
    await shot(bea, "case-close-confirm-fr");
    expect(await axeProblems(bea)).toEqual([]);
    await bea.getByTestId("confirm-close-yes").click();
    await expect.poll(() => bea.getByTestId("case-state").getAttribute("data-state"), { timeout: 15_000 }).toBe("closed");
  }, 60_000);
});

describe("the administrator's top bar", () => {
  const sections = [
    { path: "/console/admin/flows", en: "Flows", fr: "Questionnaires" },
    { path: "/console/admin/users", en: "Users", fr: "Utilisateurs" },
    { path: "/console/admin/settings", en: "Settings", fr: "Réglages" },
    { path: "/console/admin/audit", en: "Audit", fr: "Audit" },
  ];

  for (const locale of ["en", "fr"] as const) {
    it(`lists every admin section and highlights only the current one (${locale})`, async () => {
      const lead = await page("lead@clinic.example", locale);
      const nav = lead.locator("header.bar nav");
      for (const section of sections) {
        await lead.goto(section.path);
        await slowPageReady(lead);
        const links = nav.getByRole("link");
        expect(await links.allInnerTexts()).toEqual(
          locale === "en"
            ? ["Queue", "Dashboard", "History", "Flows", "Users", "Settings", "Canned replies", "Audit"]
            : ["File d'attente", "Tableau de bord", "Historique", "Questionnaires", "Utilisateurs", "Réglages", "Réponses types", "Audit"],
        );
        expect(await nav.locator("a[aria-current=page]").allInnerTexts()).toEqual([section[locale]]);
        expect(await axeProblems(lead)).toEqual([]);
      }
      await lead.goto("/console/admin/flows");
      await hydrated(lead);
      await shot(lead, `admin-top-bar-${locale}`);
      // A clinician sees no admin entry.
      expect(await ada.locator("header.bar nav").getByRole("link").allInnerTexts()).toEqual(["Queue", "Dashboard", "History"]);
    }, 120_000);
  }

  it("shows the urgency mix in level labels, sessions without an outcome as readable text, and each version's real status", async () => {
    // A patient who starts the urinary questionnaire and stops at the first question.
    const quitter = await WsClient.connect(`${site.server.baseUrl.replace(/^http/, "ws")}/ws?lang=en`, { origin: site.server.baseUrl });
    await quitter.turn({ id: randomUUID(), type: "start", flow: "urinary", locale: "en" });
    await quitter.close();
    for (const locale of ["en", "fr"] as const) {
      const lead = await page("lead@clinic.example", locale, "/console/admin/flows");
      const mix = lead.getByTestId("flow-urinary").locator("td").nth(4);
      const unfinished = mix.locator("[data-level=none]");
      expect(await unfinished.innerText()).toBe(locale === "en" ? "Not finished 1" : "Non terminées 1");
      // Readable: dark text on the page's background, not white on nothing.
      expect(await unfinished.evaluate((e) => getComputedStyle(e).color)).toBe("rgb(26, 26, 26)");
      expect(await mix.locator("[data-level=URGENT]").innerText()).toMatch(locale === "en" ? /^Urgent \d+$/ : /^Urgent \d+$/);
      expect(await mix.locator(".urgency").allInnerTexts()).not.toContain(expect.stringMatching(/EMERGENCY|URGENT|SELF_CARE/));
      expect(await axeProblems(lead)).toEqual([]);
    }
    // Publishing version 1 again makes version 2 the one in force; version 1 reads as replaced.
    const lead = await page("lead@clinic.example", "en", "/console/admin/flows/back-pain");
    await submitted(lead, lead.getByTestId("versions").getByRole("button", { name: "Publish again" }));
    await hydrated(lead);
    const statuses = async (on: Page) =>
      Object.fromEntries(
        await on
          .getByTestId("versions")
          .locator("tbody tr")
          .evaluateAll((rows) => rows.map((r) => [r.querySelector("td")!.textContent, r.querySelector("[data-testid=version-status]")!.textContent])),
      );
    expect(await statuses(lead)).toEqual({ "2": "Published, in force", "1": "Published, replaced" });
    await shot(lead, "admin-version-history-en");
    const chef = await page("lead@clinic.example", "fr", "/console/admin/flows/back-pain");
    expect(await statuses(chef)).toEqual({ "2": "Publiée, en vigueur", "1": "Publiée, remplacée" });
    expect(await axeProblems(chef)).toEqual([]);
  }, 120_000);

  it("draws each chart inside its box, above the table that repeats its figures", async () => {
    const lead = await page("lead@clinic.example", "en", "/console/admin/flows/urinary/analytics?version=1");
    const mixChart = lead.locator("figure.chart").first();
    await mixChart.waitFor();
    const overlap = await mixChart.evaluate((figure) => {
      const wrapper = figure.parentElement!.getBoundingClientRect();
      const box = figure.getBoundingClientRect();
      const table = figure.parentElement!.nextElementSibling!.getBoundingClientRect();
      return { outOfWrapper: box.bottom > wrapper.bottom + 0.5, ontoTable: box.bottom > table.top + 0.5 };
    });
    expect(overlap).toEqual({ outOfWrapper: false, ontoTable: false });
    await shot(lead, "admin-analytics-en");
    await lead.goto("/console/dashboard");
    await hydrated(lead);
    const widths = await lead
      .locator("figure.chart")
      .evaluateAll((figures) =>
        figures.map((f) => ({ figure: f.getBoundingClientRect().right, canvas: f.querySelector("canvas")!.getBoundingClientRect().right })),
      );
    expect(widths.length).toBe(3);
    for (const w of widths) expect(w.canvas).toBeLessThanOrEqual(w.figure);
  }, 120_000);

  it("shows the audit trail in words: names, local times, a one-line summary, the JSON only on demand", async () => {
    for (const locale of ["en", "fr"] as const) {
      const lead = await page("lead@clinic.example", locale);
      await lead.goto("/console/admin/audit");
      await slowPageReady(lead);
      const claimed = lead.locator("[data-testid=events] tr", { hasText: "case.claimed" }).first();
      // Newest first: the last claim was Dr Béa Roux's (the French case); the id is shown as her name.
      expect(await claimed.getByTestId("event-actor").innerText()).toBe("Dr Béa Roux");
      expect(await claimed.getByTestId("event-summary").innerText()).toMatch(
        locale === "en" ? /^Took case [0-9a-z-]{8}$/ : /^Prise en charge du dossier [0-9a-z-]{8}$/,
      );
      // A local date and time, not the stored ISO string.
      const time = claimed.getByTestId("event-time");
      expect(await time.innerText()).not.toContain("T");
      expect(await time.innerText()).toMatch(/\d{2}\/\d{2}\/\d{4}/);
      const raw = claimed.locator("details");
      expect(await raw.locator("pre").isVisible()).toBe(false);
      await raw.locator("summary").click();
      expect(await raw.locator("pre").innerText()).toContain('"caseId"');
      expect(await axeProblems(lead)).toEqual([]);
      await shot(lead, `admin-audit-${locale}`);
    }
  }, 120_000);
});
