import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hydrated, signedIn, startConsoleServer } from "../console/consoleServer.js";
import { triagePatient, URGENT_URINARY, type WsPatient } from "../console/patientWs.js";
import { FakeOpenAiServer } from "../llm/fakeOpenAiServer.js";
import { useBrowserWith } from "./useBrowserWith.js";

/*
 * The LLM case summary end to end: `npm start`'s process with LLM_BASE_URL pointing at a fake
 * OpenAI-compatible server, a patient handed off URGENT over the web channel, and a clinician in
 * Chromium who reads the summary and follows a citation to the transcript line it names. The
 * fake model cites the patient's first answer, the outcome and a line that does not exist.
 */

let fake: FakeOpenAiServer;
let page: Page;
let patient: WsPatient;
let caseId = "";
/** The summary made at hand-off is held until the clinician has the case page open. */
let releaseSummary: () => void = () => {};
const summaryHeld = new Promise<void>((resolve) => (releaseSummary = resolve));

const numbered = (user: string) => [...user.matchAll(/^\[(\d+)\] (\w+): (.*)$/gm)].map((m) => ({ line: Number(m[1]), author: m[2]!, text: m[3]! }));

beforeAll(async () => {
  fake = await FakeOpenAiServer.start();
  fake.script = (request) => {
    if (!request.system.includes("summarise")) return { status: 500 };
    const lines = numbered(request.user);
    const firstAnswer = lines.find((l) => l.author === "patient")!;
    const last = lines.at(-1)!;
    const french = request.system.includes("Write in French");
    return {
      ...(french ? {} : { until: summaryHeld }),
      content: JSON.stringify({
        claims: [
          { text: french ? "Première réponse de la personne." : "The patient's first answer.", lines: [firstAnswer.line] },
          { text: french ? "Le parcours a conclu à une urgence." : "The flow ended with an urgent outcome.", lines: [last.line] },
          { text: "Invented history of heart disease.", lines: [last.line + 40] },
        ],
      }),
    };
  };
});
afterAll(async () => {
  await fake?.close();
});
// Started once the fake model is up (its address is in the server's environment), stopped before it.
const site = useBrowserWith(() => startConsoleServer({ LLM_BASE_URL: fake.baseUrl, LLM_MODEL: "fake-model", TRIAGE_DEFAULT_LOCALE: "en" }));
beforeAll(async () => {
  await site.server.addUser("ada@clinic.example", "clinician", "Dr Ada Martin");
});

afterAll(async () => {
  await patient?.close();
});

describe.sequential("a clinician reads the case summary", () => {
  it("sees the summary made at hand-off arrive on the open case page, each statement with its citations, the invented one left out", async () => {
    patient = await triagePatient(site.server.baseUrl, URGENT_URINARY.flow, URGENT_URINARY.answers, "fr");
    await expect
      .poll(async () => (await site.server.store.prisma.handoffCase.findFirst({ where: { sessionId: patient.sessionId } }))?.id, { timeout: 15_000 })
      .toBeTruthy();
    caseId = (await site.server.store.prisma.handoffCase.findFirst({ where: { sessionId: patient.sessionId } }))!.id;

    page = (await signedIn(site.browser, site.server.baseUrl, "ada@clinic.example", { then: `/console/cases/${caseId}` })).page;
    await hydrated(page);
    // The model has not answered yet: the page says so, then shows the summary without a reload.
    expect(await page.getByTestId("summary-none").innerText()).toBe("No summary yet.");
    await page.locator('[data-testid=transcript][data-live="open"]').waitFor({ timeout: 15_000 });
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    releaseSummary();
    await page.getByTestId("summary-claims").waitFor({ timeout: 15_000 });
    expect(await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument)).toBe(true);
    const claims = page.getByTestId("summary-claims").locator("li");
    expect(await claims.allInnerTexts()).toEqual([
      expect.stringContaining("The patient's first answer."),
      expect.stringContaining("The flow ended with an urgent outcome."),
    ]);
    expect(await page.getByTestId("case-summary").innerText()).not.toContain("Invented");
    expect(await page.getByTestId("summary-dropped").innerText()).toContain("1 statement");
  });

  it("scrolls the conversation to the cited line and highlights it when the citation is followed", async () => {
    const lastCitation = page.getByTestId("summary-claims").locator("a.cite").last();
    const line = Number(await lastCitation.getAttribute("data-line"));
    const firstCitation = page.getByTestId("summary-claims").locator("a.cite").first();
    const firstLine = Number(await firstCitation.getAttribute("data-line"));
    await firstCitation.click();
    const target = page.locator(`#line-${firstLine}`);
    await expect.poll(() => target.evaluate((el) => el.classList.contains("cited"))).toBe(true);
    // The cited line is inside the visible part of the scrolled conversation.
    const visible = () =>
      target.evaluate((el) => {
        const box = el.getBoundingClientRect();
        const log = el.closest("ol")!.getBoundingClientRect();
        return box.top >= log.top - 1 && box.bottom <= log.bottom + 1;
      });
    await expect.poll(visible).toBe(true);
    expect(await target.innerText()).toContain(String(firstLine));
    await lastCitation.click();
    await expect.poll(() => page.locator(`#line-${line}`).evaluate((el) => el.classList.contains("cited"))).toBe(true);
    expect(await target.evaluate((el) => el.classList.contains("cited"))).toBe(false);
    await page.screenshot({ path: "test-results/case-summary.png", fullPage: false });
  });

  it("makes the summary again in the clinician's language on request", async () => {
    const fr = await signedIn(site.browser, site.server.baseUrl, "ada@clinic.example", { locale: "fr", then: `/console/cases/${caseId}` });
    await hydrated(fr.page);
    await fr.page.getByTestId("summary-regenerate").click();
    await fr.page.getByTestId("summary-claims").locator("li", { hasText: "Première réponse de la personne." }).waitFor({ timeout: 15_000 });
    const events = await site.server.store.readAuditEvents(patient.sessionId, 0);
    expect(events.filter((e) => e.type === "assist.summary").map((e) => (e.payload as { locale: string; trigger: string }).trigger)).toEqual([
      "handoff",
      "requested",
    ]);
    expect(events.filter((e) => e.type === "llm.call")).toHaveLength(2);
    await fr.context.close();
  });
});
