import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signedIn, startConsoleServer, type ConsoleServer } from "../console/consoleServer.js";
import { closeAdminConsole, fillFields, newNodeForm, reloadedBy } from "./adminDriver.js";
import { launchBrowser } from "./browser.js";
import { startDevServerProcess } from "./devServerProcess.js";

/*
 * Administrator authoring that reads well (issue 24, items 12, 13, 15), in Chromium against the
 * real server, the console in French: the graph shows the questions' French text with kind icons,
 * arrow labels that do not overlap, named zoom buttons and problems pinned on their nodes; the
 * editor shows one section (one node's form) at a time, offers only existing nodes as targets and
 * confirms a save; the simulator is the patient chat (its 0-10 scale, level labels) and a new test
 * case expects the result just obtained. Screenshots go to SCREENSHOT_DIR (docs/screenshots when the
 * README's pictures are refreshed), else test-results/.
 */

const SHOTS = `${process.env.SCREENSHOT_DIR ?? new URL("../../test-results", import.meta.url).pathname}/`;
let browser: Browser;
let app: ConsoleServer;
const contexts: BrowserContext[] = [];

async function lead(locale: "fr" | "en" = "fr"): Promise<Page> {
  const session = await signedIn(browser, app.baseUrl, "lead@clinic.example", { locale, then: "/console/admin/flows" });
  contexts.push(session.context);
  await session.page.setViewportSize({ width: 1280, height: 900 });
  return session.page;
}

async function seriousViolations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
}

type Box = { x: number; y: number; width: number; height: number };
/** A field's visible and whole sizes, its right edge and its line height (px). */
const boxOf = (field: Locator) =>
  field.evaluate((e) => ({
    scrollHeight: e.scrollHeight,
    clientHeight: e.clientHeight,
    scrollWidth: e.scrollWidth,
    clientWidth: e.clientWidth,
    right: e.getBoundingClientRect().right,
    lineHeight: parseFloat(getComputedStyle(e).lineHeight) || parseFloat(getComputedStyle(e).fontSize) * 1.2,
  }));
const overlap = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

beforeAll(async () => {
  // The development server compiles only the pages visited (as the form tests run).
  [browser, app] = await Promise.all([launchBrowser(), startConsoleServer({}, startDevServerProcess)]);
  await app.addUser("lead@clinic.example", "admin", "Dr Lead");
  // One draft for the whole file: the headache flow.
  const page = await lead("fr");
  const created = await page.request.post("/api/console/admin/flows/headache/draft", { data: {}, headers: { origin: app.baseUrl } });
  expect(created.status()).toBeLessThan(300);
  // The development server optimizes the pages' new dependencies on first visit and reloads them
  // then: visit each page once first, so the tests read pages that stay put.
  for (const [path, ready] of [
    ["/console/admin/flows/headache?node=worst_ever", '[data-testid="question-form"][data-ready="true"]'],
    ["/console/admin/flows/headache/graph", "[data-testid=graph-node]"],
    ["/console/admin/flows/headache/simulate?lang=fr", '[data-testid="sim-answer"][data-ready="true"]'],
  ] as const) {
    await page.goto(path);
    await page.locator(ready).first().waitFor({ timeout: 120_000 });
  }
}, 600_000);

afterAll(() => closeAdminConsole({ browser, app, contexts }));

describe("the flow editor in sections (item 13)", () => {
  it("shows one node's form at a time, offers only the flow's nodes as targets, confirms a save and says clearly when one fails", async () => {
    const page = await lead("fr");
    await page.goto("/console/admin/flows/headache");
    const sections = page.getByRole("navigation", { name: "Parties du brouillon" });
    expect(await sections.getByRole("link").allTextContents()).toEqual([
      "Vérifier et publier",
      "Nœuds",
      "Ajouter un nœud",
      "Réglages",
      "Signaux d'alarme",
      "JSON",
      "Historique et usage",
    ]);
    // The check-and-publish section has no node form, no settings, no JSON.
    expect(await page.getByTestId("question-form").count()).toBe(0);
    expect(await page.getByTestId("flow-settings").count()).toBe(0);
    expect(await page.getByTestId("draft-json").count()).toBe(0);

    // The node list names each node by its French text; a node opens alone, next to the list.
    await sections.getByRole("link", { name: "Nœuds" }).click();
    await page.waitForURL(/section=nodes/);
    const list = page.getByTestId("nodes");
    expect(await list.locator('[data-node="worst_ever"]').textContent()).toContain("Est-ce le pire mal de tête de votre vie ?");
    expect(await list.locator('[data-node="worst_ever"]').getByRole("img").getAttribute("aria-label")).toBe("Question oui/non");
    await list.locator('[data-node="worst_ever"]').getByRole("link").click();
    await page.waitForURL(/node=worst_ever/);
    const form = page.getByTestId("question-form");
    await expect.poll(() => form.getAttribute("data-ready"), { timeout: 60_000 }).toBe("true");
    expect(await page.getByTestId("question-form").count()).toBe(1);
    expect(await page.getByTestId("add-node").count()).toBe(0);
    expect(await page.getByTestId("red-flags-form").count()).toBe(0);
    // The form and the node list are both in view: no scrolling through the rest of the flow.
    expect(await form.getByTestId("save-node").isVisible()).toBe(true);
    const height = await page.evaluate(() => document.documentElement.scrollHeight);
    const viewport = page.viewportSize()!.height;
    expect(height).toBeLessThan(viewport * 3);

    // "Goes to" is a list of the flow's other nodes, each with its text: nothing else can be chosen.
    const draft = (await app.store.flowDraft("headache"))!.definition;
    const others = draft.nodes.map((n) => n.id).filter((id) => id !== "worst_ever");
    const picker = form.getByTestId("next-default");
    const offered = await picker.locator("option").evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(offered.filter((v) => v !== "").sort()).toEqual([...others].sort());
    expect(await picker.locator('option[value="severity"]').textContent()).toContain("Sur une échelle de 0 à 10");
    await expect(picker.selectOption("not_a_node")).rejects.toThrow();
    const yes = form.getByTestId("goes-to-yes");
    expect(await yes.evaluate((s) => s.tagName)).toBe("SELECT");
    // From the top (choosing in the picker scrolled the page): the section tabs, the node list and the whole form.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${SHOTS}admin-editor-node-fr.png` });

    // Saving says so, in a live region.
    await picker.selectOption("headache_pattern");
    await reloadedBy(page, form.getByTestId("save-node"));
    const status = page.getByTestId("save-status");
    await expect.poll(() => status.textContent(), { timeout: 60_000 }).toContain("Nœud « worst_ever » enregistré.");
    expect(await status.getAttribute("role")).toBe("status");
    expect(await status.getAttribute("aria-live")).toBe("polite");
    expect(await status.isVisible()).toBe(true);
    expect((await app.store.flowDraft("headache"))!.definition.nodes.find((n) => n.id === "worst_ever")).toMatchObject({
      next: { default: "headache_pattern" },
    });
    // And back (the duration question would be reached by nothing otherwise).
    const again = page.getByTestId("question-form");
    await expect.poll(() => again.getAttribute("data-ready"), { timeout: 60_000 }).toBe("true");
    await again.getByTestId("next-default").selectOption("headache_duration");
    await reloadedBy(page, again.getByTestId("save-node"));
    await expect
      .poll(async () => (await app.store.flowDraft("headache"))!.definition.nodes.find((n) => n.id === "worst_ever"))
      .toMatchObject({ next: { default: "headache_duration" } });
    await expect.poll(() => page.getByTestId("save-status").textContent(), { timeout: 60_000 }).toContain("Nœud « worst_ever » enregistré.");
    await expect.poll(() => again.getAttribute("data-ready"), { timeout: 60_000 }).toBe("true");
    expect(await seriousViolations(page)).toEqual([]);

    // A refused save (a node id already taken) says plainly that nothing was saved, and why.
    await page.goto("/console/admin/flows/headache?section=add");
    const add = await newNodeForm(page, "worst_ever", "question", "yes_no");
    await fillFields(add, { text_fr: "Doublon ?", text_en: "Duplicate?" });
    await reloadedBy(page, add.getByTestId("create-node"));
    const refused = page.getByTestId("action-error");
    await expect.poll(() => refused.isVisible(), { timeout: 60_000 }).toBe(true);
    expect(await refused.textContent()).toContain("Non enregistré");
    expect(await refused.getAttribute("role")).toBe("alert");
    expect(await page.getByTestId("save-status").textContent()).toBe("");
  }, 180_000);

  it("shows a long help text whole in its French and English fields, and a field grows as more is typed", async () => {
    const MORE_HELP = {
      fr: " Plus de précisions : la date de naissance exacte n'est pas nécessaire, une estimation suffit pour orienter la suite.",
      en: " More detail: the exact date of birth is not needed, an estimate is enough to guide what follows.",
    };
    const page = await lead("en");
    // The age question's help is the headache flow's longest: three lines in French.
    await page.goto("/console/admin/flows/headache?node=age_years");
    const form = page.getByTestId("question-form");
    await expect.poll(() => form.getAttribute("data-ready"), { timeout: 60_000 }).toBe("true");
    const age = (await app.store.flowDraft("headache"))!.definition.nodes.find((n) => n.id === "age_years");
    const help = age && age.kind === "question" ? age.help! : {};
    for (const locale of ["fr", "en"] as const) {
      const field = form.getByRole("textbox", { name: `Help (${locale})` });
      expect(await field.inputValue()).toBe(help[locale]);
      // Nothing is cut: the field shows all of its text (no inner scrolling either way) and lies inside the page.
      const shown = await boxOf(field);
      expect(shown.scrollHeight).toBeLessThanOrEqual(shown.clientHeight);
      expect(shown.scrollWidth).toBeLessThanOrEqual(shown.clientWidth);
      expect(shown.right).toBeLessThanOrEqual(page.viewportSize()!.width);
      // The text wraps onto more than one line rather than running past the field's edge.
      expect(shown.clientHeight).toBeGreaterThan(shown.lineHeight * 1.5);

      // Typing more makes the field taller, and still all of it is shown.
      await field.click();
      await field.press("End");
      await field.pressSequentially(MORE_HELP[locale]);
      await expect.poll(async () => (await boxOf(field)).clientHeight).toBeGreaterThan(shown.clientHeight);
      const grown = await boxOf(field);
      expect(grown.scrollHeight).toBeLessThanOrEqual(grown.clientHeight);
      expect(await field.inputValue()).toBe(`${help[locale]}${MORE_HELP[locale]}`);
    }
    await page.screenshot({ path: `${SHOTS}admin-editor-help-en.png` });
    expect(await seriousViolations(page)).toEqual([]);
  }, 120_000);
});

describe("the simulator (item 15)", () => {
  it("is the patient chat: the 0-10 scale as patients see it, no raw codes, and a new test case expects the result just obtained", async () => {
    const page = await lead("fr");
    await page.goto("/console/admin/flows/headache/simulate?lang=fr");
    const view = page.getByTestId("sim-transcript");
    let sawScale = false;
    // Answers every question the way a patient would on the chat page, until the result.
    for (let turn = 0; turn < 40; turn += 1) {
      const input = page.locator("[data-testid=sim-answer] .question-input");
      const result = page.getByTestId("sim-result");
      await expect.poll(async () => (await input.count()) + (await result.count()), { timeout: 60_000 }).toBeGreaterThan(0);
      if ((await result.count()) > 0) break;
      await expect.poll(() => page.getByTestId("sim-answer").getAttribute("data-ready"), { timeout: 60_000 }).toBe("true");
      const type = await input.getAttribute("data-type");
      const id = (await input.getAttribute("data-question"))!;
      const posted = page.waitForEvent("load", { timeout: 90_000 });
      if (type === "multiple_choice") {
        // The patient page's checkboxes with their labels; "none" where the question has it.
        const boxes = input.getByRole("checkbox");
        const none = input.locator("label.none input");
        await ((await none.count()) > 0 ? none : boxes.first()).check();
        await input.getByRole("button", { name: "Valider" }).click();
      } else if (type === "scale") {
        sawScale = true;
        const scale = input.getByRole("group");
        expect(await scale.getByRole("button").allTextContents()).toEqual(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"]);
        expect(await input.locator(".scale-labels").textContent()).toMatch(/^0 : .+10 : /);
        expect(await input.getByRole("textbox").count()).toBe(0);
        await view.screenshot({ path: `${SHOTS}admin-simulator-scale-fr.png` });
        await scale.getByRole("button", { name: "3", exact: true }).click();
      } else if (type === "yes_no") {
        await input.getByRole("button", { name: "Non" }).click();
      } else if (type === "single_choice") {
        // The least worrying answer, so that the conversation reaches the pain scale.
        const values = await input.locator("button.choice").evaluateAll((els) => els.map((e) => e.getAttribute("data-value") ?? ""));
        const calm = ["male", "gradual", "same_as_usual", "no"].find((v) => values.includes(v)) ?? values.at(-1)!;
        await input.locator(`button.choice[data-value="${calm}"]`).click();
      } else if (type === "number") {
        await input.getByRole("spinbutton").fill(id === "age_years" ? "40" : "20");
        await input.getByRole("button", { name: "Envoyer" }).click();
      } else if (type === "duration") {
        await input.getByRole("spinbutton").fill("2");
        await input.getByRole("combobox").selectOption("days");
        await input.getByRole("button", { name: "Envoyer" }).click();
      } else {
        await input.getByRole("textbox").fill("rien");
        await input.getByRole("button", { name: "Envoyer" }).click();
      }
      await posted;
    }
    expect(sawScale).toBe(true);
    const result = page.getByTestId("sim-result");
    const urgency = (await result.getAttribute("data-urgency"))!;
    const routing = (await result.getAttribute("data-routing"))!;
    // The outcome card is the patient's; the result reads as labels, not codes.
    expect(await view.locator(".outcome").count()).toBe(1);
    const level = (await page.getByTestId("sim-level").textContent())!;
    const route = (await page.getByTestId("sim-routing").textContent())!;
    expect(level).not.toBe("");
    expect(level).not.toContain(urgency);
    expect(route).not.toBe("");
    expect(route).not.toContain(routing);

    // The new test case expects what was just obtained.
    const save = page.getByTestId("save-test");
    expect(await save.getByTestId("expected-urgency").inputValue()).toBe(urgency);
    expect(await save.getByTestId("expected-routing").inputValue()).toBe(routing);
    expect(await save.getByTestId("expected-urgency").locator(`option[value="${urgency}"]`).textContent()).not.toBe(urgency);
    expect(await seriousViolations(page)).toEqual([]);
    // From the top to the filled test case form (the transcript's start, the result as labels), as a JPEG:
    // the whole page as a PNG weighed ~400 KB in the repository.
    const formBottom = await save.evaluate((e) => e.getBoundingClientRect().bottom + window.scrollY);
    const clip = { x: 0, y: 0, width: page.viewportSize()!.width, height: Math.ceil(formBottom) + 24 };
    await page.screenshot({ path: `${SHOTS}admin-simulator-fr.jpg`, fullPage: true, clip, type: "jpeg", quality: 80 });
    await save.locator('[name="name"]').fill("Céphalée sans signe d'alarme");
    await reloadedBy(page, save.getByRole("button"));
    await expect.poll(() => page.getByTestId("test-saved").isVisible()).toBe(true);
    // Saved with that result, the test case passes on the draft.
    await page.goto("/console/admin/flows/headache");
    expect(await page.locator('[data-testid="tests"] li').count()).toBe(1);
    expect(await page.locator('[data-testid="tests"] li').getAttribute("data-ok")).toBe("true");
  }, 240_000);
});

describe("the flow graph (item 12)", () => {
  it("shows each node's French text and kind icon, arrow labels that do not overlap, named zoom buttons and problems pinned on their nodes", async () => {
    const page = await lead("fr");
    // A question with no English text and that nothing leads to: two problems, pinned on it.
    await page.goto("/console/admin/flows/headache?section=add");
    const add = await newNodeForm(page, "travel_check", "question", "yes_no");
    await fillFields(add, { text_fr: "Revenez-vous d'un voyage en zone tropicale ?" });
    await reloadedBy(page, add.getByTestId("create-node"));
    await page.waitForURL(/node=travel_check/);

    await page.goto("/console/admin/flows/headache/graph");
    const graph = page.getByTestId("flow-graph");
    await expect.poll(() => graph.locator("[data-testid=graph-node]").count(), { timeout: 60_000 }).toBe(Number(await graph.getAttribute("data-nodes")));
    // The summary in French.
    expect(await page.getByTestId("graph-summary").textContent()).toMatch(/\d+ nœuds, \d+ flèches · 1 nœud avec un problème/);

    // Nodes read in French, with their kind as a named icon; outcomes say their level.
    const worst = graph.locator('[data-testid=graph-node][data-node="worst_ever"]');
    expect(await worst.textContent()).toContain("Est-ce le pire mal de tête de votre vie ?");
    expect(await worst.getByRole("img").getAttribute("aria-label")).toBe("Question oui/non");
    expect(await graph.locator('[data-node="severity"]').getByRole("img").getAttribute("aria-label")).toBe("Échelle de 0 à 10");
    expect(await graph.locator('[data-node="emergency"]').getByRole("img").getAttribute("aria-label")).toMatch(/^Résultat · /);
    expect(await graph.locator('[data-node="headache_decision"]').getByRole("img").getAttribute("aria-label")).toBe("Décision");
    // A long question is cut in its box; its whole text shows when the node is hovered.
    const danger = graph.locator('[data-testid=graph-node][data-node="danger_signs"]');
    const full = danger.locator(".full");
    expect(await full.isVisible()).toBe(false);
    await danger.hover();
    await expect.poll(() => full.isVisible()).toBe(true);
    expect(await full.textContent()).toContain(draftText(await app.store.flowDraft("headache"), "danger_signs"));

    // The problems are on their node.
    const pinned = graph.locator('[data-node="travel_check"] [data-testid=graph-problem]');
    expect(await pinned.textContent()).toContain("Problème");

    // Arrow labels are words (the answer, "sinon"), and no two overlap.
    const labels = graph.locator("[data-testid=edge-label]");
    await page.getByRole("button", { name: "Afficher tout le graphe" }).click();
    const texts = await labels.allTextContents();
    expect(texts.length).toBeGreaterThan(5);
    expect(texts).toContain("ensuite");
    expect(texts).toContain("sinon");
    const boxes = (await labels.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()))) as Box[];
    const overlapping = boxes.flatMap((a, i) => boxes.slice(i + 1).flatMap((b, j) => (overlap(a, b) ? [[texts[i], texts[i + 1 + j]]] : [])));
    expect(overlapping).toEqual([]);

    // Zoom and fit are icon buttons named in French; zooming in makes the boxes bigger.
    const toolbar = page.getByRole("toolbar", { name: "Commandes du graphe" });
    for (const name of ["Agrandir", "Réduire", "Afficher tout le graphe"]) expect(await toolbar.getByRole("button", { name }).locator("svg").count()).toBe(1);
    const before = (await worst.boundingBox())!.width;
    await toolbar.getByRole("button", { name: "Agrandir" }).click();
    await expect.poll(async () => (await worst.boundingBox())!.width).toBeGreaterThan(before);
    await toolbar.getByRole("button", { name: "Afficher tout le graphe" }).click();
    await expect.poll(async () => (await worst.boundingBox())!.width).toBeLessThan(before * 1.01);

    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}admin-graph-fr.png` });
  }, 180_000);
});

function draftText(draft: Awaited<ReturnType<ConsoleServer["store"]["flowDraft"]>>, id: string): string {
  const node = draft!.definition.nodes.find((n) => n.id === id);
  return node && node.kind === "question" ? node.text.fr! : "";
}
