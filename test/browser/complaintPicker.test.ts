import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import type { BrowserContext, Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { useBrowserWith } from "./useBrowserWith.js";
import { acceptPrivacy } from "./chatDriver.js";
import { startServerProcess } from "./serverProcess.js";

/*
 * The entry flow's complaint picker on a phone (390x844) in Debian's Chromium against the real
 * server: search in either language, the complaints the opening message suggests, the keyboard,
 * and the duration field that has no default unit. Screenshots go to test-results/.
 */

type Locale = "fr" | "en";
const PHONE = { width: 390, height: 844 };
const SHOTS = new URL("../../test-results/", import.meta.url).pathname;
const WORDS = {
  fr: {
    confirm: "Valider",
    send: "Envoyer",
    suggested: "D'après votre message, il s'agit peut-être de :",
    search: "Chercher parmi les choix",
    one: "1 choix correspond.",
  },
  en: { confirm: "Confirm", send: "Send", suggested: "From your message, this may be:", search: "Search the choices", one: "1 choice matches." },
};

const chat = useBrowserWith(() => startServerProcess());

beforeAll(() => {
  mkdirSync(SHOTS, { recursive: true });
});

const question = (page: Page, id: string) => page.locator(`.question-input[data-question="${id}"]`);

/** Opens the entry flow on a phone and answers up to the main complaint, the opening message typed as given. */
async function toMainComplaint(locale: Locale, opening: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await chat.browser.newContext({ locale: locale === "fr" ? "fr-FR" : "en-GB", viewport: PHONE, hasTouch: true });
  const page = await context.newPage();
  await page.goto(`${chat.server.baseUrl}/chat/general?lang=${locale}`);
  await acceptPrivacy(page, locale);
  await question(page, "danger_signs").locator('input[value="none"]').check();
  await question(page, "danger_signs").getByRole("button", { name: WORDS[locale].confirm }).click();
  await question(page, "complaint_text").getByRole("textbox").fill(opening);
  await question(page, "complaint_text").getByRole("button", { name: WORDS[locale].send }).click();
  await question(page, "age_years").getByRole("spinbutton").fill("34");
  await question(page, "age_years").getByRole("button", { name: WORDS[locale].send }).click();
  await question(page, "sex").locator('button[data-value="female"]').click();
  await question(page, "pregnant").locator('button[data-value="no"]').click();
  await question(page, "main_complaint").waitFor();
  return { context, page };
}

/** The values of the options the picker's grouped list shows now. */
const listed = (page: Page) =>
  question(page, "main_complaint")
    .locator(".choice-list button.choice")
    .evaluateAll((buttons) => buttons.map((b) => b.getAttribute("data-value")));

async function shot(page: Page, name: string): Promise<void> {
  // The answer panel under the sticky header, as the patient sees it after scrolling down to it.
  await page.evaluate(() => {
    const header = document.querySelector("header.top")!.getBoundingClientRect().height;
    window.scrollTo(0, document.querySelector(".answer-panel")!.getBoundingClientRect().top + window.scrollY - header - 8);
  });
  await page.screenshot({ path: `${SHOTS}${name}.png` });
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")) }));
}

describe.each(["fr", "en"] as const)("the complaint picker on a phone, in %s", (locale) => {
  it("narrows the grouped list to the throat choice for 'gorge' and for 'throat', and says how many match", { timeout: 120_000 }, async () => {
    const { context, page } = await toMainComplaint(locale, locale === "fr" ? "je ne me sens pas bien" : "I don't feel well");
    try {
      const picker = question(page, "main_complaint");
      expect(await picker.locator("[data-testid=suggested]").count()).toBe(0);
      expect(await picker.locator("h2.group-heading").count()).toBeGreaterThanOrEqual(5);
      expect(await listed(page)).toHaveLength(20);
      expect(await seriousViolations(page)).toEqual([]);
      const search = picker.getByRole("searchbox", { name: WORDS[locale].search });
      for (const word of ["gorge", "throat"]) {
        await search.fill(word);
        await expect.poll(() => listed(page)).toEqual(["throat_ear_sinus"]);
        expect(await picker.getByRole("status").innerText()).toBe(WORDS[locale].one);
        if (word === (locale === "fr" ? "gorge" : "throat")) await shot(page, `complaint-picker-search-${locale}`);
      }
      await search.fill("xylophone");
      await expect.poll(() => listed(page)).toEqual([]);
      await search.fill("");
      await expect.poll(async () => (await listed(page)).length).toBe(20);
      expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBe(0);
    } finally {
      await context.close();
    }
  });

  it("shows the complaint the opening message suggests first; picking it continues to the throat flow", { timeout: 120_000 }, async () => {
    const { context, page } = await toMainComplaint(locale, locale === "fr" ? "j'ai mal a la gorge depuis 3 jours" : "I have had a sore throat for 3 days");
    try {
      const suggested = question(page, "main_complaint").getByRole("group", { name: WORDS[locale].suggested });
      await suggested.waitFor();
      expect(await suggested.locator("button").evaluateAll((b) => b.map((x) => x.getAttribute("data-suggested-value")))).toEqual(["throat_ear_sinus"]);
      // Shown, not chosen: nothing was answered for the patient.
      expect(await page.locator("li.kind-answer").count()).toBe(5);
      expect(await seriousViolations(page)).toEqual([]);
      await shot(page, `complaint-picker-suggestion-${locale}`);
      await suggested.locator("button").click();
      await question(page, "ent_site").waitFor();
      expect(await page.locator("li.kind-answer").count()).toBe(6);
    } finally {
      await context.close();
    }
  });
});

describe("the complaint picker with the keyboard", () => {
  it("moves from the search field to the matches with the arrow keys and picks with Enter", { timeout: 120_000 }, async () => {
    const { context, page } = await toMainComplaint("en", "I don't feel well");
    try {
      const search = question(page, "main_complaint").getByRole("searchbox");
      await search.focus();
      await page.keyboard.type("fever");
      await expect.poll(() => listed(page)).toEqual(["fever_adult", "fever_child"]);
      // Several matches: Enter goes to the first, the arrow key to the next, Enter there picks it.
      await page.keyboard.press("Enter");
      expect(await page.evaluate(() => document.activeElement?.getAttribute("data-value"))).toBe("fever_adult");
      await page.keyboard.press("ArrowDown");
      expect(await page.evaluate(() => document.activeElement?.getAttribute("data-value"))).toBe("fever_child");
      await page.keyboard.press("ArrowUp");
      await page.keyboard.press("ArrowUp");
      expect(await page.evaluate(() => document.activeElement?.getAttribute("type"))).toBe("search");
      // One match: Enter in the field picks it.
      await search.fill("gorge");
      await expect.poll(() => listed(page)).toEqual(["throat_ear_sinus"]);
      await page.keyboard.press("Enter");
      await question(page, "ent_site").waitFor();
    } finally {
      await context.close();
    }
  });
});

describe("the duration field", () => {
  it("has no unit chosen, refuses a submit without one with a coded message, and names its fields by the question", { timeout: 120_000 }, async () => {
    const { context, page } = await toMainComplaint("en", "I don't feel well");
    try {
      await question(page, "main_complaint").locator('button[data-value="other"]').click();
      // A woman of 12-55 who is not pregnant is asked about a late period (the ectopic-pregnancy screen).
      await question(page, "missed_period").getByRole("button", { name: "No", exact: true }).click();
      await question(page, "other_warning_signs").locator('input[value="none"]').check();
      await question(page, "other_warning_signs").getByRole("button", { name: "Confirm" }).click();
      await question(page, "other_how_unwell").getByRole("button", { name: "3", exact: true }).click();
      const duration = question(page, "other_duration");
      const amount = duration.getByRole("spinbutton", { name: "How long has this problem been going on? How long" });
      const unit = duration.getByRole("combobox", { name: "How long has this problem been going on? Unit" });
      expect(await unit.inputValue()).toBe("");
      expect(await unit.locator("option:checked").innerText()).toBe("choose");
      await amount.fill("3");
      const answers = await page.locator("li.kind-answer").count();
      await duration.getByRole("button", { name: "Send" }).click();
      const problem = duration.locator(".problem[data-problem=unit_missing]");
      await problem.waitFor();
      expect(await problem.innerText()).toBe("Choose a unit: minutes, hours, days or weeks.");
      expect(await unit.getAttribute("aria-invalid")).toBe("true");
      await shot(page, "duration-unit-missing-en");
      expect(await page.locator("li.kind-answer").count()).toBe(answers);
      await unit.selectOption("days");
      expect(await problem.count()).toBe(0);
      await duration.getByRole("button", { name: "Send" }).click();
      await question(page, "other_getting_worse_fast").waitFor();
      expect(await page.locator("li.kind-answer").last().innerText()).toMatch(/3 days/);
    } finally {
      await context.close();
    }
  });

  it("names the number and free-text fields by their question", { timeout: 120_000 }, async () => {
    const context = await chat.browser.newContext({ locale: "fr-FR", viewport: PHONE });
    const page = await context.newPage();
    try {
      await page.goto(`${chat.server.baseUrl}/chat/general?lang=fr`);
      await acceptPrivacy(page, "fr");
      await question(page, "danger_signs").locator('input[value="none"]').check();
      await question(page, "danger_signs").getByRole("button", { name: "Valider" }).click();
      await page.getByRole("textbox", { name: /^En quelques mots, qu'est-ce qui ne va pas aujourd'hui \? Votre réponse$/ }).fill("fièvre");
      await question(page, "complaint_text").getByRole("button", { name: "Envoyer" }).click();
      const age = question(page, "age_years").getByRole("spinbutton");
      await age.waitFor();
      expect(
        await age.evaluate((el) =>
          el
            .getAttribute("aria-labelledby")!
            .split(" ")
            .map((id) => document.getElementById(id)!.textContent)
            .join(" "),
        ),
      ).toMatch(/^Quel âge .*\? Votre réponse \(ans\)$/);
    } finally {
      await context.close();
    }
  });
});
