import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Flow } from "../../flows/index.js";
import { signedIn, type ConsoleServer } from "../console/consoleServer.js";
import { closeAdminConsole, openAdminConsole, submitted } from "./adminDriver.js";

/*
 * The publish diff as the medical lead reads it (issue 24, item 14), on the real server in
 * Chromium: a draft edited in the JSON editor that drops a red flag and rewords a question shows
 * the red flag called out in red at the top, and the question's old and new wording side by side,
 * in English and in French. Before, the same draft showed "—" on every line. Screenshots go to
 * SCREENSHOT_DIR (docs/screenshots when the README's pictures are refreshed), else test-results/.
 */

const SHOTS = `${process.env.SCREENSHOT_DIR ?? new URL("../../test-results", import.meta.url).pathname}/`;
let browser: Browser;
let app: ConsoleServer;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  ({ browser, app } = await openAdminConsole());
}, 300_000);

afterAll(() => closeAdminConsole({ browser, app, contexts }));

async function lead(locale: "fr" | "en"): Promise<Page> {
  const session = await signedIn(browser, app.baseUrl, "lead@clinic.example", { locale, then: "/console/admin/flows" });
  contexts.push(session.context);
  return session.page;
}

/** Replaces the whole text of the draft's JSON editor (CodeMirror, in its own section) and saves it, as pasting an edited file would; then back to the publish section. */
async function saveJson(page: Page, json: string): Promise<void> {
  await page.goto("/console/admin/flows/headache?section=json");
  const code = page.getByTestId("draft-json-cm");
  await code.click();
  await page.keyboard.press("Control+A");
  await page.keyboard.insertText(json);
  await submitted(page, page.getByTestId("save-json"));
  await page.goto("/console/admin/flows/headache");
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).include("#publish").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) }));
}

const WORST_FR = "Est-ce la pire douleur de tête de toute votre vie ?";

describe("the publish diff of a draft that drops a red flag", () => {
  it("calls the removed red flag out in red at the top and shows a reworded question old and new, in English then French", async () => {
    const page = await lead("en");
    await page.getByTestId("create-draft-headache").click();
    await page.waitForURL(/\/console\/admin\/flows\/headache$/);
    // Nothing changed yet: the diff says so, and no alert.
    expect(await page.getByTestId("diff-empty").textContent()).toBe("No change.");
    expect(await page.getByTestId("diff-alerts").count()).toBe(0);

    const draft = (await app.store.flowDraft("headache"))!.definition;
    const stroke = draft.redFlags.find((f) => f.id === "rf_stroke_signs")!;
    const edited: Flow = structuredClone(draft);
    edited.redFlags = edited.redFlags.filter((f) => f.id !== stroke.id);
    const worst = edited.nodes.find((n) => n.id === "worst_ever")!;
    if (worst.kind !== "question") throw new Error("worst_ever is a question");
    const oldWorst = { ...worst.text };
    worst.text = { ...worst.text, fr: WORST_FR };
    await saveJson(page, JSON.stringify(edited, null, 2));
    await expect.poll(async () => (await app.store.flowDraft("headache"))?.definition.redFlags.some((f) => f.id === stroke.id)).toBe(false);

    // The alert comes first in the publish section, in red, read out as an alert.
    const alerts = page.getByTestId("diff-alerts");
    expect(await alerts.getAttribute("role")).toBe("alert");
    const first = await page.locator("#publish").evaluate((section) => section.querySelector("h2 + *")?.getAttribute("data-testid"));
    expect(first).toBe("diff-alerts");
    expect(await alerts.evaluate((el) => getComputedStyle(el).borderLeftColor)).toBe("rgb(163, 0, 0)");
    const alert = alerts.locator('[data-testid="diff-alert"][data-flag="rf_stroke_signs"]');
    expect(await alert.getAttribute("data-reason")).toBe("removed");
    const alertText = await alert.innerText();
    expect(alertText).toContain("Red flag “rf_stroke_signs” removed.");
    expect(alertText).toContain("It led to Emergency (EMERGENCY)");
    expect(alertText).toContain(JSON.stringify(stroke.when));
    expect(alertText).toContain(`Reason: ${stroke.reason.en}`);
    expect(await alert.locator("strong").evaluate((el) => getComputedStyle(el).color)).toBe("rgb(163, 0, 0)");

    // The summary names both changes; the lines browser tests already read keep working.
    expect(await page.getByTestId("diff-red-flags-removed").textContent()).toBe("rf_stroke_signs");
    expect(await page.getByTestId("diff-changed").textContent()).toBe("worst_ever (question)");
    expect(await page.getByTestId("diff-added").textContent()).toBe("—");
    expect(await page.getByTestId("diff-removed").textContent()).toBe("—");

    // Every change, old beside new: the removed red flag's parts, and the reworded text in each language.
    const flag = page.locator('[data-testid="diff-group"][data-scope="redFlag"][data-id="rf_stroke_signs"]');
    expect(await flag.getAttribute("data-change")).toBe("removed");
    expect(await flag.locator('[data-path="outcome"] td.old').textContent()).toBe("emergency");
    const text = page.locator('[data-testid="diff-group"][data-scope="node"][data-id="worst_ever"] [data-path="text"]');
    expect(await text.count()).toBe(2);
    const fr = text.and(page.locator('[data-locale="fr"]'));
    expect(await fr.locator("td.old").textContent()).toBe(oldWorst.fr);
    expect(await fr.locator("td.new").textContent()).toBe(WORST_FR);
    const en = text.and(page.locator('[data-locale="en"]'));
    expect(await en.locator("td.old").textContent()).toBe(oldWorst.en);
    expect(await en.locator("td.new").textContent()).toBe(oldWorst.en);
    expect(await fr.locator("th").textContent()).toBe("Text");
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator("#publish").screenshot({ path: `${SHOTS}publish-diff-en.png` });

    // The same draft in French.
    const fr2 = await lead("fr");
    await fr2.goto("/console/admin/flows/headache");
    const frAlert = fr2.locator('[data-testid="diff-alerts"] [data-flag="rf_stroke_signs"]');
    const frText = await frAlert.innerText();
    expect(frText).toContain("Signal d'alarme « rf_stroke_signs » supprimé.");
    expect(frText).toContain("Il menait à Urgence vitale (EMERGENCY)");
    expect(frText).toContain(`Motif : ${stroke.reason.fr}`);
    expect(await fr2.getByTestId("diff-alerts").textContent()).toContain("Signaux d'alarme supprimés ou affaiblis");
    expect(await fr2.locator('[data-testid="diff-group"][data-id="worst_ever"] [data-path="text"][data-locale="fr"] th').textContent()).toBe("Texte");
    expect(await fr2.locator('[data-testid="diff-group"][data-id="worst_ever"] [data-path="text"][data-locale="fr"] td.new').textContent()).toBe(WORST_FR);
    expect(await seriousViolations(fr2)).toEqual([]);
    await fr2.locator("#publish").screenshot({ path: `${SHOTS}publish-diff-fr.png` });
  }, 300_000);
});
