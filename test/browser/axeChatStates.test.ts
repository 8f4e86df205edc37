import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedIn, startConsoleServer, type ConsoleServer } from "../console/consoleServer.js";
import { closeBrowser, launchBrowser } from "./browser.js";
import { acceptPrivacy, answerUntilOutcome, type Scope } from "./chatDriver.js";
import { FakeOpenAiServer } from "../llm/fakeOpenAiServer.js";
import { MAIN_PATHS, type MainPath, type PageAnswer } from "./mainPaths.js";
import { startServerProcess } from "./serverProcess.js";

/*
 * axe (WCAG 2.1 A and AA, serious and critical) on the patient chat in each state a patient can
 * see, on a phone (390x844) in French and English, in Debian's Chromium against the real server
 * (`npm start`'s entry, temporary SQLite) (issue 24, "Done when"): the privacy notice, a question
 * of each answer kind, the outcome of each level, waiting for a clinician, the live chat, the case
 * closed, the leave confirmation, the restarted conversation and the "you left" card, the widget.
 * A clinician acts through the console's own API, signed in. Each test gathers every violation
 * by state, so one run names all of them.
 */

let browser: Browser;
let app: ConsoleServer;
let clinician: Page;
const PHONE = { width: 390, height: 844 };
const general = MAIN_PATHS.find((p) => p.flow === "general")!;

/** The general flow's main path (SELF_CARE) with a few answers changed to end at another level (flows/library/general.json, other_decision). */
const atLevel = (urgency: MainPath["urgency"], changed: Record<string, PageAnswer>): MainPath => ({
  ...general,
  urgency,
  answers: { ...general.answers, ...changed },
});
const LEVELS: MainPath[] = [
  atLevel("EMERGENCY", { other_warning_signs: { options: ["shock_signs"] } }),
  atLevel("URGENT", { other_getting_worse_fast: { yesNo: "yes" } }),
  atLevel("SOON", { other_usual_activities: { yesNo: "no" } }),
  atLevel("ROUTINE", { other_duration: { duration: { amount: 3, unit: "weeks" } } }),
  general,
];
/** Levels whose routing opens a case the patient then waits on. */
const WAITS = new Set(["URGENT", "SOON"]);

beforeAll(async () => {
  // A scripted patient answers faster than a person: room for a whole path on one connection.
  [browser, app] = await Promise.all([launchBrowser(), startConsoleServer({ WS_RATE_CONNECTION_POINTS: "500" })]);
  await app.addUser("ada@clinic.example", "clinician", "Dr Ada Martin");
  clinician = (await signedIn(browser, app.baseUrl, "ada@clinic.example", { locale: "fr" })).page;
}, 300_000);

afterAll(async () => {
  await closeBrowser(browser);
  await app?.stop();
});

/** The serious and critical WCAG 2.1 AA violations on the page as it is now: rule, and where (first five). */
async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id}: ${v.nodes
          .map((n) => n.target.join(" "))
          .slice(0, 5)
          .join(", ")}`,
    );
}

/** Records the page's violations under `state` when there are any. */
async function check(found: Record<string, string[]>, state: string, page: Page): Promise<void> {
  const problems = await violations(page);
  if (problems.length) found[state] = problems;
}

async function onPhone(locale: "fr" | "en", run: (page: Page, context: BrowserContext) => Promise<void>): Promise<void> {
  const context = await browser.newContext({ locale: locale === "fr" ? "fr-FR" : "en-GB", viewport: PHONE, baseURL: app.baseUrl });
  try {
    await run(await context.newPage(), context);
  } finally {
    await context.close();
  }
}

/** The case of the page's conversation, as the clinician's queue lists it. */
async function caseOf(page: Page, flow: string): Promise<string> {
  const { sessionId } = (await page.evaluate((key) => JSON.parse(localStorage.getItem(key) ?? "{}"), `triage.chat.${flow}`)) as { sessionId: string };
  await clinician.goto("/console");
  const row = clinician.locator(`tr[data-session="${sessionId}"]`);
  await row.waitFor({ timeout: 15_000 });
  return (await row.getAttribute("data-case"))!;
}

/** A console API call as the signed-in clinician's page makes it; returns the status. */
function post(path: string, body: object): Promise<number> {
  return clinician.evaluate(
    async ({ path, body }) => (await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).status,
    { path, body },
  );
}

/** The question the page asks now: its id and answer kind. */
async function asked(scope: Scope): Promise<{ id: string; type: string }> {
  const input = scope.locator(".question-input");
  await input.waitFor({ timeout: 20_000 });
  return { id: (await input.getAttribute("data-question"))!, type: (await input.getAttribute("data-type"))! };
}

describe.for(["fr", "en"] as const)("axe on the patient chat in %s, on a phone", (locale) => {
  it("the privacy notice, then a question of each answer kind", { timeout: 240_000 }, async () => {
    await onPhone(locale, async (page) => {
      const found: Record<string, string[]> = {};
      await page.goto(`/chat/general?lang=${locale}`);
      await page.getByRole("button", { name: locale === "fr" ? /J'ai compris, commencer/ : /I understand, start/ }).waitFor();
      await check(found, "privacy notice", page);
      await acceptPrivacy(page, locale);
      const kinds = new Set<string>();
      while (!(await page.locator("article.outcome").count())) {
        const question = await asked(page);
        if (!kinds.has(question.type)) {
          kinds.add(question.type);
          await check(found, `${question.type} question (${question.id})`, page);
        }
        await answerUntilOutcome(page, general, locale, 1);
      }
      expect([...kinds].sort()).toEqual(["duration", "free_text", "multiple_choice", "number", "scale", "single_choice", "yes_no"]);
      expect(found).toEqual({});
    });
  });

  it(
    "the outcome of each level: EMERGENCY with its call links, URGENT and SOON with the waiting screen, ROUTINE, SELF_CARE",
    { timeout: 480_000 },
    async () => {
      const found: Record<string, string[]> = {};
      for (const path of LEVELS) {
        await onPhone(locale, async (page) => {
          await page.goto(`/chat/general?lang=${locale}`);
          await acceptPrivacy(page, locale);
          await answerUntilOutcome(page, path, locale);
          const outcome = page.locator("article.outcome").last();
          expect(await outcome.getAttribute("data-urgency")).toBe(path.urgency);
          if (path.urgency === "EMERGENCY") expect(await outcome.locator("a[data-emergency-number]").count()).toBeGreaterThan(0);
          if (WAITS.has(path.urgency)) await page.locator("[data-testid=waiting]").waitFor({ timeout: 15_000 });
          await check(found, `${path.urgency} outcome`, page);
        });
      }
      expect(found).toEqual({});
    },
  );

  it("waiting for a clinician, the live chat with them, and the case closed", { timeout: 240_000 }, async () => {
    const soon = LEVELS.find((p) => p.urgency === "SOON")!;
    await onPhone(locale, async (page) => {
      const found: Record<string, string[]> = {};
      await page.goto(`/chat/general?lang=${locale}`);
      await acceptPrivacy(page, locale);
      await answerUntilOutcome(page, soon, locale);
      await page.locator("[data-testid=waiting][data-stage=waiting]").waitFor({ timeout: 15_000 });
      await check(found, "waiting", page);

      const caseId = await caseOf(page, "general");
      expect(await post(`/api/console/cases/${caseId}/claim`, {})).toBe(200);
      await page.locator("[data-testid=waiting][data-stage=claimed]").waitFor({ timeout: 15_000 });
      expect(await post(`/api/console/cases/${caseId}/messages`, { text: "Bonjour, je suis le Dr Martin.", clientMessageId: `ada-${locale}-1` })).toBe(200);
      await page.locator("li.from-clinician", { hasText: "Dr Martin" }).waitFor({ timeout: 15_000 });
      await page.locator("#clinician-message").fill(locale === "fr" ? "Bonjour, merci." : "Hello, thank you.");
      await page.getByRole("button", { name: locale === "fr" ? "Envoyer" : "Send", exact: true }).click();
      await page.locator("li.from-patient", { hasText: locale === "fr" ? "Bonjour, merci." : "Hello, thank you." }).waitFor({ timeout: 15_000 });
      await check(found, "live chat", page);

      expect(await post(`/api/console/cases/${caseId}/close`, { disposition: "advice_given" })).toBe(200);
      await page.getByTestId("final-card").waitFor({ timeout: 15_000 });
      await check(found, "case closed", page);
      expect(found).toEqual({});
    });
  });

  it("the leave confirmation, the restarted conversation, and the final card of the conversation left", { timeout: 240_000 }, async () => {
    const urgent = LEVELS.find((p) => p.urgency === "URGENT")!;
    await onPhone(locale, async (page, context) => {
      const found: Record<string, string[]> = {};
      await page.goto(`/chat/general?lang=${locale}`);
      await acceptPrivacy(page, locale);
      await answerUntilOutcome(page, urgent, locale);
      await page.locator("[data-testid=waiting]").waitFor({ timeout: 15_000 });
      const other = await context.newPage();
      await other.goto(`/chat/general?lang=${locale}`);
      await other.locator("[data-testid=waiting]").waitFor({ timeout: 15_000 });

      await page.getByRole("button", { name: locale === "fr" ? "Recommencer" : "Start again", exact: true }).click();
      const dialog = page.getByRole("dialog");
      await dialog.waitFor();
      await check(found, "leave confirmation", page);
      await dialog.getByRole("button", { name: locale === "fr" ? "Quitter et recommencer" : "Leave and start again" }).click();
      await page.locator(".question-input").waitFor({ timeout: 15_000 });
      await check(found, "restarted", page);

      await other.getByTestId("final-card").waitFor({ timeout: 15_000 });
      expect(await other.getByTestId("final-card").getAttribute("data-left")).toBe("true");
      await check(found, "conversation left", other);
      expect(found).toEqual({});
    });
  });

  it("the widget: the host page with the launcher open, and the chat in its frame", { timeout: 240_000 }, async () => {
    await onPhone(locale, async (page) => {
      const found: Record<string, string[]> = {};
      await page.goto(`/widget-demo?lang=${locale}`);
      await page.getByRole("button", { name: locale === "fr" ? "Besoin d'un soin ?" : "Need care?" }).click();
      const frame = page.frameLocator("iframe");
      await acceptPrivacy(frame, locale);
      await answerUntilOutcome(frame, general, locale, 3);
      await check(found, "widget host page", page);

      await page.goto(`/chat/general?lang=${locale}&embed=1`);
      await asked(page);
      await check(found, "embedded chat", page);
      expect(found).toEqual({});
    });
  });
});

describe("axe on the own-words confirmation, with the language model on (issue 21)", () => {
  it("the duration said in the patient's words, read back for a yes, in French and English", { timeout: 300_000 }, async () => {
    // Its own server with LLM_BASE_URL on the fake OpenAI-compatible server: the other states run without the assist.
    const fake = await FakeOpenAiServer.start();
    fake.script = (request) => {
      if (request.system.includes("answered a triage question in their own words")) return { content: '{"value":{"amount":1,"unit":"days"}}' };
      return { content: request.system.includes("Name the warning signs") ? '{"signs":[]}' : '{"complaints":[]}' };
    };
    const assisted = await startServerProcess({ env: { LLM_BASE_URL: fake.baseUrl, LLM_MODEL: "fake-model", WS_RATE_CONNECTION_POINTS: "500" } });
    const found: Record<string, string[]> = {};
    try {
      for (const locale of ["fr", "en"] as const) {
        const context = await browser.newContext({ locale: locale === "fr" ? "fr-FR" : "en-GB", viewport: PHONE, baseURL: assisted.baseUrl });
        try {
          const page = await context.newPage();
          await page.goto(`/chat/general?lang=${locale}`);
          await acceptPrivacy(page, locale);
          for (let step = 0; step < 20 && (await asked(page)).id !== "other_duration"; step++) await answerUntilOutcome(page, general, locale, 1);
          expect((await asked(page)).id).toBe("other_duration");
          const ownWords = page.getByTestId("own-words");
          await ownWords.getByRole("textbox").fill(locale === "fr" ? "depuis hier soir" : "since yesterday evening");
          await check(found, `own words typed (${locale})`, page);
          await ownWords.getByRole("button").click();
          const proposed = page.getByTestId("proposed-value");
          await proposed.waitFor({ timeout: 20_000 });
          expect(await proposed.locator("p").innerText()).toMatch(
            locale === "fr" ? /^Vous voulez dire\s?:\s1\sjour\s—\sest-ce bien cela\s?\?$/ : /^You mean: 1 day — is that right\?$/,
          );
          await check(found, `own words read back for a yes (${locale})`, page);
        } finally {
          await context.close();
        }
      }
      expect(found).toEqual({});
    } finally {
      await assisted.stop();
      await fake.close();
    }
  });
});
