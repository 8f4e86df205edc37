import type { Browser, BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedIn, type ConsoleServer } from "../console/consoleServer.js";
import { closeAdminConsole, openAdminConsole } from "./adminDriver.js";

/*
 * The publish gate as the medical lead sees it: a draft's page shows the clinical vignette suite
 * played with the draft in place, and whether it lets the draft through.
 */

let browser: Browser;
let app: ConsoleServer;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  ({ browser, app } = await openAdminConsole());
}, 300_000);

afterAll(() => closeAdminConsole({ browser, app, contexts }));

describe("the vignette suite on a draft's page", () => {
  it.each(["en", "fr"] as const)("shows the table and that the suite lets an unchanged draft through (%s)", async (locale) => {
    const { context, page } = await signedIn(browser, app.baseUrl, "lead@clinic.example", { locale, then: "/console/admin/flows" });
    contexts.push(context);
    if (locale === "en") {
      await page.getByTestId("create-draft-eye").click();
      await page.waitForURL(/\/console\/admin\/flows\/eye$/);
    } else await page.goto(`${app.baseUrl}/console/admin/flows/eye`);
    const table = page.getByTestId("vignettes");
    await expect.poll(() => table.isVisible()).toBe(true);
    expect(await page.getByTestId("vignettes-gate").getAttribute("data-passed")).toBe("true");
    expect(await page.getByTestId("vignettes-emergency-under").textContent()).toMatch(/0$/);
    expect(await table.textContent()).toContain(locale === "fr" ? "Urgences vitales sous-estimées" : "EMERGENCY under-triaged");
    if (process.env.SCREENSHOT_DIR) await table.screenshot({ path: `${process.env.SCREENSHOT_DIR}/publish-gate-${locale}.png` });
  });
});
