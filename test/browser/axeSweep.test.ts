import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hydrated, signedIn, startConsoleServer, type ConsoleServer } from "../console/consoleServer.js";
import { closeBrowser, launchBrowser } from "./browser.js";

/*
 * axe (WCAG 2.1 A and AA, serious and critical) on the console pages a clinician and an
 * administrator open, in French and English, on the real server in Chromium (issue 24, 4b).
 * The queue and case workspace, the cases history and the flow editor, graph and simulator are
 * being rebuilt and get their own checks with them.
 */

let browser: Browser;
let app: ConsoleServer;
const contexts: BrowserContext[] = [];

const PAGES = {
  clinician: ["/console/dashboard"],
  admin: ["/console/admin/users", "/console/admin/flows", "/console/admin/flows/general/analytics", "/console/admin/settings", "/console/admin/audit"],
};

beforeAll(async () => {
  [browser, app] = await Promise.all([launchBrowser(), startConsoleServer()]);
  await app.addUser("carl@clinic.example", "clinician", "Dr Carl");
  await app.addUser("root@clinic.example", "admin", "Ada Admin");
}, 300_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await closeBrowser(browser);
  await app?.stop();
});

/** The serious and critical WCAG 2.1 AA violations on the page as it is now: rule, and where (first five). */
async function violations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
}

describe.for(["fr", "en"] as const)("axe on the console in %s", (locale) => {
  it("the sign-in page", async () => {
    const context = await browser.newContext({ locale: locale === "fr" ? "fr-FR" : "en-GB", baseURL: app.baseUrl });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto("/console/sign-in");
    await hydrated(page);
    expect(await violations(page)).toEqual([]);
  });

  it.for([
    ["clinician", "carl@clinic.example"],
    ["admin", "root@clinic.example"],
  ] as const)("the %s's pages", { timeout: 120_000 }, async ([role, email]) => {
    const { context, page } = await signedIn(browser, app.baseUrl, email, { locale });
    contexts.push(context);
    const found: Record<string, unknown> = {};
    for (const path of PAGES[role]) {
      await page.goto(path);
      await hydrated(page);
      const problems = await violations(page);
      if (problems.length) found[path] = problems;
    }
    expect(found).toEqual({});
  });
});
