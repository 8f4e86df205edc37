import AxeBuilder from "@axe-core/playwright";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hydrated, signedIn, startConsoleServer } from "../console/consoleServer.js";
import { triagePatient, URGENT_URINARY, type WsPatient } from "../console/patientWs.js";
import { useBrowserWith } from "./useBrowserWith.js";

/*
 * The cases history (issue 24, item 8) and the dashboard's clinician changes (item 16) as a
 * clinician meets them: `npm start`'s process, two patients handed off over the web channel, one
 * of whom writes to the clinician; the clinician raises and closes the other case, then finds
 * both in the history by filter and by search, by keyboard, and opens one. Screenshots go to
 * SCREENSHOT_DIR (docs/screenshots when the README's pictures are refreshed), else test-results/.
 */

const SHOTS = `${process.env.SCREENSHOT_DIR ?? new URL("../../test-results", import.meta.url).pathname}/`;

const site = useBrowserWith(() => startConsoleServer());
const patients: WsPatient[] = [];
let writer = "";
let closed = "";

/** Calls the console's API from the signed-in page (its cookie, its origin), as the case page does. */
async function api(page: Page, path: string, body: unknown): Promise<number> {
  return page.evaluate(
    async ({ path, body }) => (await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).status,
    { path, body },
  );
}

const caseOf = async (sessionId: string) => (await site.server.store.prisma.handoffCase.findFirstOrThrow({ where: { sessionId } })).id;
const rows = (page: Page) => page.getByTestId("history-table").locator("tbody tr");

/** The questionnaire's title in a language, as its newest version says it. */
async function flowTitle(slug: string, lang: "fr" | "en"): Promise<string> {
  const version = await site.server.store.latestFlowVersion(slug);
  return version!.definition.title[lang]!;
}

/** An instant as a person in `zone` reads it on a clock (hh:mm) and a calendar (dd/mm/yyyy). */
const wallClock = (at: Date, zone: string) => ({
  time: new Intl.DateTimeFormat("fr-FR", { timeZone: zone, hour: "2-digit", minute: "2-digit" }).format(at),
  day: new Intl.DateTimeFormat("en-GB", { timeZone: zone, day: "2-digit", month: "2-digit", year: "numeric" }).format(at),
});

beforeAll(async () => {
  await site.server.addUser("claire@clinic.example", "clinician", "Dr Claire Moreau");
  await site.server.addUser("lead@clinic.example", "admin", "Dr Lead");
  const first = await triagePatient(site.server.baseUrl, URGENT_URINARY.flow, URGENT_URINARY.answers, "fr");
  patients.push(first);
  closed = await caseOf(first.sessionId);
  const second = await triagePatient(site.server.baseUrl, URGENT_URINARY.flow, URGENT_URINARY.answers, "fr");
  patients.push(second);
  writer = await caseOf(second.sessionId);
  await second.say("J'ai aussi des brûlures depuis hier soir");
}, 300_000);

afterAll(async () => {
  for (const patient of patients) await patient.close();
});

describe.sequential("a clinician looks for past cases", () => {
  it("raises then closes a case, and the dashboard counts it at the questionnaire's level with the change apart", async () => {
    const { context, page } = await signedIn(site.browser, site.server.baseUrl, "claire@clinic.example", { locale: "en" });
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
    const { context, page } = await signedIn(site.browser, site.server.baseUrl, "claire@clinic.example", { locale: "fr" });
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
    const { context, page } = await signedIn(site.browser, site.server.baseUrl, "claire@clinic.example", { locale: "en" });
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`/console/history?q=${"a".repeat(201)}`);
    await hydrated(page);
    const alert = page.getByRole("alert");
    expect(await alert.textContent()).toBe("The search is limited to 200 characters and 8 words.");
    expect(await alert.getAttribute("data-code")).toBe("CONSOLE_INVALID_REQUEST");

    await page.goto("/console/history");
    await hydrated(page);
    await expect.poll(() => rows(page).count()).toBe(2);
    expect(await page.getByRole("columnheader").allTextContents()).toEqual([
      "Opened",
      "Urgency",
      "Questionnaire",
      "Routing",
      "Status",
      "Clinician",
      "First reason",
      "Disposition",
    ]);
    expect(await rows(page).nth(1).locator("td").nth(4).textContent()).toBe("Dr Claire Moreau");
    const axe = await new AxeBuilder({ page }).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}cases-history-en.png`, fullPage: true });
    await context.close();
  }, 180_000);

  it("names each questionnaire by its title in the console's language, in the list and in the filter", async () => {
    for (const lang of ["fr", "en"] as const) {
      const { context, page } = await signedIn(site.browser, site.server.baseUrl, "claire@clinic.example", { locale: lang, then: "/console/history" });
      const title = await flowTitle(URGENT_URINARY.flow, lang);
      expect(title).not.toBe(URGENT_URINARY.flow);
      await expect.poll(() => rows(page).count()).toBe(2);
      expect(await rows(page).evaluateAll((trs) => trs.map((tr) => tr.querySelectorAll("td")[1]!.textContent))).toEqual([title, title]);
      const filter = page.getByLabel("Questionnaire");
      expect(await filter.locator("option", { hasText: title }).getAttribute("value")).toBe(URGENT_URINARY.flow);
      await context.close();
    }
  }, 120_000);

  it("filters by the routing the outcome decided, named in the console's language (fr, en)", async () => {
    for (const [lang, onCall, selfCare, none] of [
      ["fr", "Soignant de garde", "Soins personnels", "Aucun cas ne correspond."],
      ["en", "On-call clinician", "Self-care", "No case matches."],
    ] as const) {
      const { context, page } = await signedIn(site.browser, site.server.baseUrl, "claire@clinic.example", { locale: lang, then: "/console/history" });
      await hydrated(page);
      await expect.poll(() => rows(page).count()).toBe(2);
      expect(await page.getByTestId("history-routing").allTextContents()).toEqual([onCall, onCall]);
      const filter = page.getByLabel(lang === "fr" ? "Orientation" : "Routing");
      await filter.selectOption({ label: onCall });
      await page.getByRole("button", { name: lang === "fr" ? "Rechercher" : "Search", exact: true }).click();
      await page.waitForURL(/routing=on_call_clinician/);
      await expect.poll(() => rows(page).count()).toBe(2);
      await page.getByLabel(lang === "fr" ? "Orientation" : "Routing").selectOption({ label: selfCare });
      await page.getByRole("button", { name: lang === "fr" ? "Rechercher" : "Search", exact: true }).click();
      await page.waitForURL(/routing=self_care/);
      await expect.poll(() => page.getByTestId("history-count").textContent()).toBe(none);
      // A routing the list does not offer is refused with the page's own words.
      await page.goto("/console/history?routing=hospital");
      await hydrated(page);
      expect(await page.getByTestId("history-error").getAttribute("data-field")).toBe("routing");
      expect(await page.getByTestId("history-error").textContent()).toBe(
        lang === "fr" ? "Choisissez une orientation dans la liste." : "Choose a routing from the list.",
      );
      await context.close();
    }
  }, 180_000);

  it("finds a word whatever its accents", async () => {
    const { context, page } = await signedIn(site.browser, site.server.baseUrl, "claire@clinic.example", { locale: "fr", then: "/console/history" });
    const search = page.getByRole("searchbox", { name: "Rechercher dans les motifs, réponses et messages" });
    for (const typed of ["brulures", "BRÛLURES", "brülures"]) {
      await search.fill(typed);
      await search.press("Enter");
      await page.waitForURL((url) => url.searchParams.get("q") === typed);
      await hydrated(page);
      await expect.poll(() => rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-case")))).toEqual([writer]);
    }
    await context.close();
  }, 120_000);

  it("takes dates as day/month/year whatever the browser's language, and says so when one is not a date", async () => {
    const zone = "Europe/Paris";
    for (const lang of ["fr", "en"] as const) {
      // Text fields the page formats, not the browser's date input (mm/dd/yyyy in a French page, issue 24).
      const signed = await signedIn(site.browser, site.server.baseUrl, "claire@clinic.example", { locale: lang, timezoneId: zone, then: "/console/history" });
      const page = signed.page;
      const from = page.getByLabel(lang === "fr" ? "Ouvert à partir du" : "Opened from");
      expect(await from.getAttribute("type")).toBe("text");
      expect(await from.getAttribute("placeholder")).toBe(lang === "fr" ? "jj/mm/aaaa" : "dd/mm/yyyy");
      const opened = (await site.server.store.prisma.handoffCase.findFirstOrThrow({ where: { id: closed } })).openedAt;
      const day = wallClock(opened, zone).day;
      await from.fill(day);
      await page.getByRole("button", { name: lang === "fr" ? "Rechercher" : "Search", exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get("from") === day);
      await hydrated(page);
      await expect.poll(() => rows(page).count()).toBe(2);
      expect(await page.getByLabel(lang === "fr" ? "Ouvert à partir du" : "Opened from").inputValue()).toBe(day);

      const [d, m, y] = day.split("/").map(Number);
      const nextDay = wallClock(new Date(Date.UTC(y!, m! - 1, d! + 1, 12)), "UTC").day;
      await page.getByLabel(lang === "fr" ? "Ouvert à partir du" : "Opened from").fill(nextDay);
      await page.getByRole("button", { name: lang === "fr" ? "Rechercher" : "Search", exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get("from") === nextDay);
      await hydrated(page);
      expect(await page.getByTestId("history-count").textContent()).toBe(lang === "fr" ? "Aucun cas ne correspond." : "No case matches.");

      await page.getByLabel(lang === "fr" ? "Ouvert à partir du" : "Opened from").fill("31/02/2026");
      await page.getByRole("button", { name: lang === "fr" ? "Rechercher" : "Search", exact: true }).click();
      await page.waitForURL((url) => url.searchParams.get("from") === "31/02/2026");
      await hydrated(page);
      const alert = page.getByRole("alert");
      expect(await alert.getAttribute("data-code")).toBe("CONSOLE_INVALID_REQUEST");
      expect(await alert.getAttribute("data-field")).toBe("from");
      expect(await alert.textContent()).toBe(
        lang === "fr"
          ? "La date de début n'est pas une date : écrivez-la jour/mois/année, par exemple 31/12/2026."
          : "The start date is not a date: write it as day/month/year, e.g. 31/12/2026.",
      );
      expect(await page.getByLabel(lang === "fr" ? "Ouvert à partir du" : "Opened from").getAttribute("aria-invalid")).toBe("true");
      await signed.context.close();
    }
  }, 180_000);

  it.each([
    ["Africa/Casablanca", "fr"],
    ["Europe/Paris", "en"],
  ] as const)(
    "prints every time in the clinician's own zone (%s), not the server's UTC: history, transcript and audit",
    async (zone, lang) => {
      const { context, page } = await signedIn(site.browser, site.server.baseUrl, "lead@clinic.example", {
        locale: lang,
        timezoneId: zone,
        then: "/console/history",
      });
      // The clinician's computer clock: the browser's own time zone data (Chromium's may differ from
      // Node's: this machine's Chromium puts Casablanca at UTC+0 in December 2026, Node's tz 2025c at UTC+1).
      const clock = async (at: Date) => {
        const [time, day] = await page.evaluate((iso) => {
          const d = new Date(iso);
          return [
            d.toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit" }),
            d.toLocaleDateString("en-GB", { day: "2-digit", month: "2-digit", year: "numeric" }),
          ];
        }, at.toISOString());
        return { time: time!, day: day! };
      };
      expect(await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone)).toBe(zone);
      const opened = (await site.server.store.prisma.handoffCase.findFirstOrThrow({ where: { id: writer } })).openedAt;
      const local = await clock(opened);
      const utc = wallClock(opened, "UTC");
      const shown = () => rows(page).first().getByRole("link").textContent();
      await expect.poll(shown).toContain(local.time);
      expect(await shown()).not.toContain("UTC");
      if (local.time !== utc.time) expect(await shown()).not.toContain(utc.time);
      // In the console's language: the month in words.
      expect(await shown()).toContain(new Intl.DateTimeFormat(lang === "fr" ? "fr-FR" : "en-GB", { timeZone: zone, month: "short" }).format(opened));

      // The transcript of the case: the patient's own message at its local time.
      await rows(page).first().getByRole("link").click();
      await page.waitForURL(new RegExp(`/console/cases/${writer}$`));
      await hydrated(page);
      const said = (
        await site.server.store.prisma.message.findFirstOrThrow({ where: { sessionId: patients[1]!.sessionId, author: "patient" }, orderBy: { seq: "desc" } })
      ).at;
      const line = page.getByTestId("transcript").locator(`time[datetime="${said.toISOString()}"]`).first();
      await expect.poll(() => line.textContent()).toBe((await clock(said)).time);

      // The audit: the clinician joining the patient (the session stream records it; the claim itself is in the admin stream), in the zone too (a full page load renders it on the server first).
      await page.goto(`/console/admin/audit?stream=${encodeURIComponent(patients[0]!.sessionId)}`);
      await hydrated(page);
      const claim = page.locator("[data-testid=events] tr", { hasText: "clinician.joined" }).first();
      const event = await site.server.store.prisma.auditEvent.findFirstOrThrow({ where: { stream: patients[0]!.sessionId, type: "clinician.joined" } });
      const eventTime = claim.getByTestId("event-time");
      const claimedAt = await clock(new Date(event.at));
      await expect.poll(() => eventTime.textContent()).toContain(claimedAt.time);
      expect(await eventTime.textContent()).toContain(claimedAt.day);
      expect(await eventTime.textContent()).not.toContain("UTC");
      await context.close();
    },
    180_000,
  );

  it("is closed to anonymous visitors", async () => {
    const context = await site.browser.newContext({ baseURL: site.server.baseUrl });
    const response = await context.request.get("/console/history?q=fever", { maxRedirects: 0 });
    expect(response.status()).toBe(303);
    expect(response.headers().location).toBe(`/console/sign-in?next=${encodeURIComponent("/console/history?q=fever")}`);
    await context.close();
  });
});
