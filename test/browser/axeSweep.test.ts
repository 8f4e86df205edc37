import AxeBuilder from "@axe-core/playwright";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hydrated, signedIn, startConsoleServer } from "../console/consoleServer.js";
import { acceptPrivacy } from "./chatDriver.js";
import { useBrowserWith } from "./useBrowserWith.js";

/*
 * axe (WCAG 2.1 A and AA, serious and critical) on every console page a clinician and an
 * administrator open, in French and English, on the real server in Chromium (issue 24, 4b and
 * "Done when"): sign-in; the queue, a case claimed with a conversation, the cases history, the
 * dashboard; users, questionnaires, a questionnaire's editor in each section (its overview holds
 * the test cases and the publish diff of a changed draft, its history the versions), the graph,
 * the simulator, the statistics, settings, canned replies and audit. Each test gathers every
 * violation by page, so one run names all of them.
 */

const site = useBrowserWith(() => startConsoleServer());
let caseId: string;
const contexts: BrowserContext[] = [];

const FLOW = "/console/admin/flows/headache";
const PAGES = {
  clinician: ["/console", "/console/cases/:case", "/console/history", "/console/dashboard"],
  admin: [
    "/console/admin/users",
    "/console/admin/flows",
    FLOW,
    `${FLOW}?section=nodes`,
    `${FLOW}?node=worst_ever`,
    `${FLOW}?section=add`,
    `${FLOW}?section=settings`,
    `${FLOW}?section=red-flags`,
    `${FLOW}?section=json`,
    `${FLOW}?section=history`,
    `${FLOW}/graph`,
    `${FLOW}/simulate`,
    `${FLOW}/analytics`,
    "/console/admin/replies",
    "/console/admin/settings",
    "/console/admin/audit",
  ],
};

/** What the page draws in the browser after hydration, by the path's last part or query: axe reads it once drawn. */
const DRAWN_LAST: Record<string, string> = {
  graph: "[data-testid=graph-node]",
  simulate: '[data-testid="sim-answer"][data-ready="true"]',
  "section=json": ".cm-editor",
  "node=worst_ever": '[data-testid="question-form"][data-ready="true"]',
};

beforeAll(async () => {
  await site.server.addUser("carl@clinic.example", "clinician", "Dr Carl");
  await site.server.addUser("root@clinic.example", "admin", "Ada Admin");
  await withCase();
  await withChangedDraftAndTestCase();
}, 300_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
});

/** A patient who asked for a clinician, whose case the clinician claimed and answered: the queue, the case page and the history show it. */
async function withCase(): Promise<void> {
  const patientContext = await site.browser.newContext({ locale: "fr-FR", baseURL: site.server.baseUrl });
  contexts.push(patientContext);
  const patient = await patientContext.newPage();
  await patient.goto("/chat/urinary?lang=fr");
  await acceptPrivacy(patient, "fr");
  await patient.getByRole("button", { name: "Parler à un soignant" }).click();
  await patient.locator("#clinician-message").waitFor({ timeout: 15_000 });
  await patient.locator("#clinician-message").fill("J'ai mal en urinant depuis hier.");
  await patient.getByRole("button", { name: "Envoyer", exact: true }).click();

  const { context, page } = await signedIn(site.browser, site.server.baseUrl, "carl@clinic.example", { locale: "fr" });
  contexts.push(context);
  const row = page.locator("tr[data-case]").first();
  await row.waitFor({ timeout: 15_000 });
  caseId = (await row.getAttribute("data-case"))!;
  const call = (path: string, body: object) =>
    page.evaluate(
      async ({ path, body }) => (await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })).status,
      { path, body },
    );
  expect(await call(`/api/console/cases/${caseId}/claim`, {})).toBe(200);
  expect(await call(`/api/console/cases/${caseId}/messages`, { text: "Avez-vous de la fièvre ?", clientMessageId: "carl-1" })).toBe(200);
  await patient.locator("li.from-clinician", { hasText: "fièvre" }).waitFor({ timeout: 15_000 });
}

/**
 * A draft of the headache flow with a red flag removed and a question reworded (the publish diff
 * shows both), and a test case saved from the simulator (the overview lists it).
 */
async function withChangedDraftAndTestCase(): Promise<void> {
  const { context, page } = await signedIn(site.browser, site.server.baseUrl, "root@clinic.example", { locale: "en", then: "/console/admin/flows" });
  contexts.push(context);
  const headers = { origin: site.server.baseUrl };
  expect((await page.request.post("/api/console/admin/flows/headache/draft", { data: {}, headers })).status()).toBe(201);
  const { draft } = (await (await page.request.get("/api/console/admin/flows/headache/draft")).json()) as {
    draft: { revision: string; definition: { redFlags: { id: string }[]; nodes: { id: string; text?: Record<string, string> }[] } };
  };
  const definition = structuredClone(draft.definition);
  definition.redFlags = definition.redFlags.slice(1);
  const worst = definition.nodes.find((n) => n.id === "worst_ever")!;
  worst.text = { ...worst.text, fr: "Est-ce la pire douleur de tête de toute votre vie ?" };
  const saved = await page.request.put("/api/console/admin/flows/headache/draft", { data: { definition, revision: draft.revision }, headers });
  expect(saved.status()).toBe(200);

  await page.goto(`${FLOW}/simulate?lang=en`);
  const save = page.getByTestId("save-test");
  await save.locator('[name="name"]').fill("Worst headache ever");
  await save.getByTestId("expected-urgency").selectOption("EMERGENCY");
  await save.getByTestId("expected-routing").selectOption("emergency_services");
  await save.getByRole("button").click();
  await page.getByTestId("test-saved").waitFor({ timeout: 30_000 });
}

/** The serious and critical WCAG 2.1 AA violations on the page as it is now: rule, and where (first five). */
async function violations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
}

/** One signed-in page per account and language, reused from page to page. */
const sessions = new Map<string, Promise<Page>>();
function signedInPage(email: string, locale: "fr" | "en"): Promise<Page> {
  const key = `${email} ${locale}`;
  if (!sessions.has(key))
    sessions.set(
      key,
      signedIn(site.browser, site.server.baseUrl, email, { locale }).then(async ({ context, page }) => {
        contexts.push(context);
        await page.setViewportSize({ width: 1366, height: 900 });
        return page;
      }),
    );
  return sessions.get(key)!;
}

describe.for(["fr", "en"] as const)("axe on the console in %s", (locale) => {
  it("the sign-in page", { timeout: 120_000 }, async () => {
    const context = await site.browser.newContext({ locale: locale === "fr" ? "fr-FR" : "en-GB", baseURL: site.server.baseUrl });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto("/console/sign-in");
    await hydrated(page);
    expect(await violations(page)).toEqual([]);
  });

  // ":case" stands for the case made in beforeAll.
  it.for([
    ...PAGES.clinician.map((path) => ["clinician", path, "carl@clinic.example"] as const),
    ...PAGES.admin.map((path) => ["admin", path, "root@clinic.example"] as const),
  ])("the %s's page %s", { timeout: 120_000 }, async ([, path, email]) => {
    const page = await signedInPage(email, locale);
    await page.goto(path.replace(":case", caseId));
    await hydrated(page);
    const drawn = DRAWN_LAST[path.split("?")[0]!.split("/").pop()!] ?? DRAWN_LAST[path.split("?")[1] ?? ""];
    if (drawn) await page.locator(drawn).first().waitFor({ timeout: 60_000 });
    expect(await violations(page)).toEqual([]);
  });
});
