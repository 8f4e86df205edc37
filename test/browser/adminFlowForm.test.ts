import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startConsoleServer, signedIn, type ConsoleServer } from "../console/consoleServer.js";
import { closeAdminConsole, createNode, fillFields, goesTo, newNodeForm, SAFETY_NET, submitted } from "./adminDriver.js";
import { expectSimulatedResult, simulateNoDangerSign } from "./simulatorDriver.js";
import { launchBrowser } from "./browser.js";
import { startDevServerProcess } from "./devServerProcess.js";

/*
 * The complete node form and the condition builder in Chromium (issue 7): an administrator adds,
 * only through the form, a number question with a range and a decision whose rule is built with
 * pickers (temperature >= 39 -> URGENT), validates, and simulates to the new outcome; a second
 * administrator editing the same draft meanwhile is told of the conflict and loses nothing.
 * It runs on `vite dev`: the form-only scenario must leave no Svelte dev warning in the console
 * (e.g. ownership_invalid_mutation, a child mutating a node it was not bound to).
 */

let browser: Browser;
let app: ConsoleServer;
const contexts: BrowserContext[] = [];
/** Every console message of every admin page, as "type: text". */
const consoleMessages: string[] = [];

async function admin(email: string, locale: "fr" | "en" = "en"): Promise<Page> {
  const session = await signedIn(browser, app.baseUrl, email, { locale, then: "/console/admin/flows/headache" });
  contexts.push(session.context);
  session.context.on("console", (message) => consoleMessages.push(`${message.type()}: ${message.text()}`));
  return session.page;
}

/** Svelte's dev warnings ("[svelte] ownership_invalid_mutation ...", each linking to svelte.dev/e/). */
const svelteWarnings = () => consoleMessages.filter((m) => /\[svelte\]|svelte\.dev\/e\/|ownership_invalid/.test(m));

/** Picks answer -> operator -> value in one condition-builder row. */
async function pickCondition(builder: Locator, variable: string, operator: string, value: string) {
  const row = builder.getByTestId("cond-rule").first();
  await row.getByTestId("cond-variable").selectOption(variable);
  await row.getByTestId("cond-operator").selectOption(operator);
  await row.getByTestId("cond-value").fill(value);
}

beforeAll(async () => {
  [browser, app] = await Promise.all([launchBrowser(), startConsoleServer({}, startDevServerProcess)]);
  await app.addUser("lead@clinic.example", "admin", "Dr Lead");
  await app.addUser("second@clinic.example", "admin", "Dr Second");
}, 300_000);

afterAll(() => closeAdminConsole({ browser, app, contexts }));

describe("an administrator using only the node form", () => {
  it("adds a number question with a range and a decision built with pickers, validates, and simulates to the new URGENT outcome", async () => {
    const page = await admin("lead@clinic.example");
    await page.getByTestId("create-draft").click();
    await page.waitForLoadState("load");

    // The new outcome.
    await createNode(page, "fever_urgent", "outcome", {
      urgency: "URGENT",
      routing: "on_call_clinician",
      title_fr: "Fièvre élevée : un médecin vous rappelle",
      title_en: "High fever: a doctor will call you",
      advice_fr: "Un médecin vous rappelle dans les minutes qui viennent.",
      advice_en: "A doctor will call you within minutes.",
      ...SAFETY_NET,
    });

    // A number question with a unit and a range, asked right after the danger signs (a flow may not
    // end below EMERGENCY before the danger screen: the library's red-flag screens).
    await createNode(
      page,
      "temperature",
      "question",
      {
        text_fr: "Quelle est votre température (°C) ?",
        text_en: "What is your temperature (°C)?",
        unit_symbol: "°C",
        unit_label_fr: "degrés Celsius",
        unit_label_en: "degrees Celsius",
        min: "34",
        max: "43",
      },
      { type: "number", then: (form) => goesTo(form, "age_years") },
    );
    await page.goto("/console/admin/flows/headache?node=danger_signs#node-form");
    const dangerForm = page.getByTestId("question-form");
    await expect.poll(() => dangerForm.getAttribute("data-ready")).toBe("true");
    await dangerForm.getByTestId("next-default").selectOption("temperature");
    await submitted(page, dangerForm.getByTestId("save-node"));

    // A decision whose rule is built with pickers: temperature >= 39 -> fever_urgent, otherwise soon.
    const form = await newNodeForm(page, "fever_decision", "decision");
    await form.getByTestId("rule-id-0").fill("very_high_fever");
    await pickCondition(form.getByTestId("rule-when-0"), "temperature", ">=", "39");
    await form.getByTestId("rule-outcome-0").selectOption("fever_urgent");
    await fillFields(form, {
      rule_reason_0_fr: "Température de 39 °C ou plus",
      rule_reason_0_en: "Temperature of 39 °C or more",
      otherwise_reason_fr: "Fièvre",
      otherwise_reason_en: "Fever",
    });
    await form.getByTestId("otherwise-outcome").selectOption("soon");
    expect(JSON.parse((await form.getByTestId("rule-when-0").getAttribute("data-json"))!)).toEqual({ ">=": [{ var: "temperature" }, 39] });
    await submitted(page, form.getByTestId("create-node"));
    await page.waitForURL(/node=fever_decision/);
    // Nothing leads to the decision yet: the validator's problem is pinned in the node's form.
    expect(await page.locator('[data-testid="node-problems"] li[data-code="unreachable-node"]').count()).toBe(1);

    // The question sends a fever of 38 or more to the decision: a branch built with pickers too.
    await page.goto("/console/admin/flows/headache?node=temperature");
    const question = page.getByTestId("question-form");
    await expect.poll(() => question.getAttribute("data-ready")).toBe("true");
    await question.getByTestId("add-branch").click();
    await pickCondition(question.getByTestId("branch-when-0"), "temperature", ">=", "38");
    await question.getByTestId("branch-to-0").selectOption("fever_decision");
    await submitted(page, question.getByTestId("save-node"));

    // One draft behind the three views: the JSON and the graph show what the form saved.
    await page.goto("/console/admin/flows/headache?section=json");
    expect(await page.locator('textarea[name="json"]').inputValue()).toContain('"fever_decision"');
    const draft = (await app.store.flowDraft("headache"))!.definition;
    expect(draft.start).toBe("danger_signs");
    expect(draft.nodes.find((n) => n.id === "temperature")).toMatchObject({
      type: "number",
      min: 34,
      max: 43,
      unit: { symbol: "°C" },
      next: { default: "age_years", branches: [{ when: { ">=": [{ var: "temperature" }, 38] }, to: "fever_decision" }] },
    });
    expect(draft.nodes.find((n) => n.id === "fever_decision")).toMatchObject({
      rules: [{ id: "very_high_fever", when: { ">=": [{ var: "temperature" }, 39] }, outcome: "fever_urgent" }],
      otherwise: { outcome: "soon" },
    });

    await page.goto("/console/admin/flows/headache");
    await submitted(page, page.getByTestId("validate"));
    await expect.poll(() => page.getByTestId("valid").isVisible()).toBe(true);

    await page.goto("/console/admin/flows/headache/graph");
    await page.locator('.svelte-flow__node[data-id="fever_decision"]').waitFor();

    // Simulate in French: 39.5 °C reaches the new URGENT outcome through the picked rule.
    await page.goto("/console/admin/flows/headache/simulate?lang=fr");
    await simulateNoDangerSign(page);
    await expect.poll(() => page.getByTestId("sim-transcript").textContent()).toContain("Quelle est votre température (°C) ?");
    // The patient page's number field (a text field with role spinbutton) and its send button.
    await page.getByTestId("sim-answer").getByRole("spinbutton").fill("39,5");
    await page.getByTestId("sim-answer").getByRole("button", { name: "Envoyer" }).click();
    await expectSimulatedResult(page, { urgency: "URGENT", routing: "on_call_clinician", node: "fever_urgent" });
    expect(await page.getByTestId("sim-reasons").textContent()).toContain("very_high_fever");
  }, 240_000);

  it("edits the red flags with pickers: a new one on the temperature is saved as JSON Logic", async () => {
    const page = await admin("lead@clinic.example");
    await page.goto("/console/admin/flows/headache?section=red-flags");
    const form = page.getByTestId("red-flags-form");
    await expect.poll(() => form.getAttribute("data-ready")).toBe("true");
    const before = (await app.store.flowDraft("headache"))!.definition.redFlags.length;
    await page.getByTestId("add-red-flag").click();
    const added = form.getByTestId(`red-flag-${before}`);
    await added.locator("input").first().fill("hyperthermia");
    await pickCondition(added.getByTestId(`red-flag-when-${before}`), "temperature", ">=", "42");
    await added.locator("select").first().selectOption("emergency");
    await added.locator(`[name="red_flag_reason_${before}_fr"]`).fill("Température de 42 °C ou plus");
    await added.locator(`[name="red_flag_reason_${before}_en"]`).fill("Temperature of 42 °C or more");
    await submitted(page, page.getByTestId("save-red-flags"));
    const flags = (await app.store.flowDraft("headache"))!.definition.redFlags;
    expect(flags).toHaveLength(before + 1);
    expect(flags.at(-1)).toEqual({
      id: "hyperthermia",
      when: { ">=": [{ var: "temperature" }, 42] },
      outcome: "emergency",
      reason: { fr: "Température de 42 °C ou plus", en: "Temperature of 42 °C or more" },
    });
  }, 120_000);

  it("refuses to delete a node still in use, naming what uses it, and deletes one nothing names", async () => {
    const page = await admin("lead@clinic.example");
    await page.goto("/console/admin/flows/headache?node=fever_urgent");
    await submitted(page, page.getByTestId("delete-node").getByRole("button"));
    await expect.poll(() => page.getByTestId("action-error").textContent()).toContain("fever_decision (rule very_high_fever)");
    expect((await app.store.flowDraft("headache"))!.definition.nodes.some((n) => n.id === "fever_urgent")).toBe(true);

    await createNode(page, "spare_note", "info", { text_fr: "Note", text_en: "Note" }, { then: (form) => goesTo(form, "danger_signs") });
    await submitted(page, page.getByTestId("delete-node").getByRole("button"));
    expect((await app.store.flowDraft("headache"))!.definition.nodes.some((n) => n.id === "spare_note")).toBe(false);
  }, 120_000);

  it("adds a choice question (options added, reordered, removed), a score and a hand-over through the form, then deletes them", async () => {
    const page = await admin("lead@clinic.example");
    let form = await newNodeForm(page, "pain_site", "question", "single_choice");
    await fillFields(form, { text_fr: "Où avez-vous mal ?", text_en: "Where does it hurt?", help_fr: "Une seule réponse", help_en: "One answer" });
    await form.getByTestId("add-option").click();
    for (const [i, value] of ["forehead", "temples", "neck"].entries()) {
      await form.getByTestId(`option-value-${i}`).fill(value);
      await form.getByTestId(`option-fr-${i}`).fill(`fr ${value}`);
      await form.getByTestId(`option-en-${i}`).fill(`en ${value}`);
    }
    await form.getByRole("button", { name: "Move up neck" }).click();
    await form.getByTestId("remove-option-0").click();
    await form.getByTestId("new-node-goes-to-neck").selectOption("danger_signs");
    await form.getByTestId("next-default").selectOption("danger_signs");
    await submitted(page, form.getByTestId("create-node"));
    await page.waitForURL(/node=pain_site/);
    const question = (await app.store.flowDraft("headache"))!.definition.nodes.find((n) => n.id === "pain_site");
    expect(question).toMatchObject({
      type: "single_choice",
      help: { fr: "Une seule réponse" },
      options: [{ value: "neck", label: { fr: "fr neck", en: "en neck" } }, { value: "temples" }],
    });

    form = await newNodeForm(page, "fever_points", "score");
    await fillFields(form, { label_fr: "Points de fièvre", label_en: "Fever points", term_label_0_fr: "Fièvre", term_label_0_en: "Fever" });
    await form.getByTestId("term-points-0").fill("2");
    await pickCondition(form.getByTestId("term-when-0"), "temperature", ">=", "38");
    await form.getByTestId("next-default").selectOption("danger_signs");
    await submitted(page, form.getByTestId("create-node"));
    await page.waitForURL(/node=fever_points/);
    expect((await app.store.flowDraft("headache"))!.definition.nodes.find((n) => n.id === "fever_points")).toMatchObject({
      terms: [{ points: 2, when: { ">=": [{ var: "temperature" }, 38] }, label: { fr: "Fièvre" } }],
    });

    form = await newNodeForm(page, "to_general", "handover");
    await form.getByTestId("handover-flow").selectOption("general");
    await form.getByLabel("temperature", { exact: true }).check();
    await fillFields(form, { reason_fr: "Autre motif", reason_en: "Another reason" });
    await submitted(page, form.getByTestId("create-node"));
    await page.waitForURL(/node=to_general/);
    expect((await app.store.flowDraft("headache"))!.definition.nodes.find((n) => n.id === "to_general")).toMatchObject({
      flow: "general",
      carry: ["temperature"],
      reason: { en: "Another reason" },
    });

    // Nothing leads to them: each can be deleted again.
    for (const id of ["pain_site", "fever_points", "to_general"]) {
      await page.goto(`/console/admin/flows/headache?node=${id}`);
      await submitted(page, page.getByTestId("delete-node").getByRole("button"));
    }
    expect((await app.store.flowDraft("headache"))!.definition.nodes.filter((n) => ["pain_site", "fever_points", "to_general"].includes(n.id))).toEqual([]);
  }, 120_000);

  it("left no Svelte warning (such as ownership_invalid_mutation) in the browser console while the form was used", () => {
    // Vite's own "[vite] connected" lines show the console was being listened to.
    expect(consoleMessages.some((m) => m.includes("[vite]"))).toBe(true);
    expect(svelteWarnings()).toEqual([]);
  });
});

describe("two administrators editing the same draft", () => {
  it("refuses the later save with the conflict message in the console language, keeping the unsaved JSON and the first save", async () => {
    const first = await admin("lead@clinic.example");
    const second = await admin("second@clinic.example", "fr");
    await first.goto("/console/admin/flows/headache?node=fever_urgent");
    await second.goto("/console/admin/flows/headache?node=fever_urgent");

    // The first saves a new title; the second, who opened the draft before, then saves another.
    const mine = first.getByTestId("outcome-form");
    await expect.poll(() => mine.getAttribute("data-ready")).toBe("true");
    await mine.locator('[name="title_en"]').fill("High fever: call back within minutes");
    await submitted(first, mine.getByTestId("save-node"));
    const theirs = second.getByTestId("outcome-form");
    await expect.poll(() => theirs.getAttribute("data-ready")).toBe("true");
    await theirs.locator('[name="title_en"]').fill("Overwritten by the second");
    await submitted(second, theirs.getByTestId("save-node"));

    const conflict = second.getByTestId("edit-conflict");
    await expect.poll(() => conflict.textContent()).toContain("Ce brouillon a été modifié par quelqu'un d'autre depuis que vous l'avez ouvert");
    expect(await second.getByTestId("unsaved-json").inputValue()).toContain("Overwritten by the second");
    expect(await second.getByTestId("reload-draft").getAttribute("href")).toContain("node=fever_urgent");
    const stored = (await app.store.flowDraft("headache"))!.definition.nodes.find((n) => n.id === "fever_urgent");
    expect(stored).toMatchObject({ title: { en: "High fever: call back within minutes" } });

    // The JSON editor is guarded the same way: the second opens it, the first saves meanwhile.
    await second.goto("/console/admin/flows/headache?section=json");
    const json = await second.locator('textarea[name="json"]').inputValue();
    await first.goto("/console/admin/flows/headache?node=fever_urgent");
    await expect.poll(() => first.getByTestId("outcome-form").getAttribute("data-ready")).toBe("true");
    await first.getByTestId("outcome-form").locator('[name="title_fr"]').fill("Fièvre élevée");
    await submitted(first, first.getByTestId("outcome-form").getByTestId("save-node"));
    await second
      .locator('textarea[name="json"]')
      .evaluate((area, text) => ((area as HTMLTextAreaElement).value = text), json.replace("High fever: call back within minutes", "Edited as JSON"));
    await submitted(second, second.getByTestId("save-json"));
    await expect.poll(() => second.getByTestId("edit-conflict").isVisible()).toBe(true);
    expect(await second.getByTestId("unsaved-json").inputValue()).toContain("Edited as JSON");
    expect((await app.store.flowDraft("headache"))!.definition.nodes.find((n) => n.id === "fever_urgent")).toMatchObject({ title: { fr: "Fièvre élevée" } });

    // Reloading shows the other's changes, and a save from there goes through.
    await second.getByTestId("reload-draft").click();
    await second.waitForLoadState("load");
    expect(await second.getByTestId("edit-conflict").count()).toBe(0);
    expect(await second.locator('textarea[name="json"]').inputValue()).toContain("Fièvre élevée");
    await second.goto("/console/admin/flows/headache?node=fever_urgent");
    const reloaded = second.getByTestId("outcome-form");
    await expect.poll(() => reloaded.getAttribute("data-ready")).toBe("true");
    expect(await reloaded.locator('[name="title_fr"]').inputValue()).toBe("Fièvre élevée");
    await reloaded.locator('[name="advice_en"]').fill("A doctor calls you back within minutes.");
    await submitted(second, reloaded.getByTestId("save-node"));
    expect(await second.getByTestId("edit-conflict").count()).toBe(0);
    expect((await app.store.flowDraft("headache"))!.definition.nodes.find((n) => n.id === "fever_urgent")).toMatchObject({
      title: { fr: "Fièvre élevée" },
      advice: { en: "A doctor calls you back within minutes." },
    });

    // The API: a save without the revision is refused; one with a stale revision gets 409.
    const api = first.context().request;
    const current = (await (await api.get("/api/console/admin/flows/headache/draft")).json()) as {
      draft: { definition: Record<string, unknown>; revision: string };
    };
    const described = (en: string) => ({ ...current.draft.definition, description: { fr: en, en } });
    expect((await api.put("/api/console/admin/flows/headache/draft", { data: { definition: described("no revision") } })).status()).toBe(428);
    expect(
      (
        await api.put("/api/console/admin/flows/headache/draft", { data: { definition: described("first API save"), revision: current.draft.revision } })
      ).status(),
    ).toBe(200);
    const stale = await api.put("/api/console/admin/flows/headache/draft", {
      data: { definition: described("stale API save") },
      headers: { "if-match": `"${current.draft.revision}"` },
    });
    expect(stale.status()).toBe(409);
    expect(await stale.json()).toMatchObject({ code: "ADMIN_DRAFT_CONFLICT" });
    expect((await app.store.flowDraft("headache"))!.definition.description).toEqual({ fr: "first API save", en: "first API save" });

    // Publishing is guarded too: the second reviews the diff, the first saves meanwhile; nothing is published.
    await second.goto("/console/admin/flows/headache");
    await second.getByTestId("change-note").fill("Publier ce que j'ai relu");
    const fresh = (await (await api.get("/api/console/admin/flows/headache/draft")).json()) as {
      draft: { definition: Record<string, unknown>; revision: string };
    };
    expect(
      (
        await api.put("/api/console/admin/flows/headache/draft", {
          data: { definition: { ...fresh.draft.definition, description: { fr: "après relecture", en: "after review" } }, revision: fresh.draft.revision },
        })
      ).status(),
    ).toBe(200);
    await submitted(second, second.getByTestId("publish"));
    const refused = second.getByTestId("edit-conflict");
    await expect.poll(() => refused.getAttribute("data-action")).toBe("publish");
    expect(await refused.textContent()).toContain("rien n'a été publié");
    expect((await app.store.listFlowVersions("headache")).filter((v) => v.status === "published")).toHaveLength(1);
    expect((await app.store.flowDraft("headache"))!.definition.description).toEqual({ fr: "après relecture", en: "after review" });
  }, 180_000);
});

describe("an administrator changing the flow settings", () => {
  it("marks a bad source address next to its field, keeping what was typed, then saves a new French title the flow list shows once published", async () => {
    const page = await admin("lead@clinic.example");
    await page.goto("/console/admin/flows/headache?section=settings");
    let settings = page.getByTestId("flow-settings");
    await expect.poll(() => settings.getAttribute("data-ready")).toBe("true");
    await settings.locator('[name="flow_title_fr"]').fill("Céphalées de l'adulte");
    await settings.getByTestId("add-source").click();
    const added = (await settings.locator('[data-testid^="source-"]').count()) - 1;
    await settings.locator(`[name="source_title_${added}"]`).fill("Protocole local");
    await settings.locator(`[name="source_url_${added}"]`).fill("pas une adresse");
    await submitted(page, settings.getByTestId("save-settings"));

    // Refused by the schema: the problem sits next to the field, and nothing typed is lost.
    await expect.poll(() => page.getByTestId(`settings-error-sources.${added}`).textContent()).toContain("Not a valid address");
    settings = page.getByTestId("flow-settings");
    expect(await settings.locator('[name="flow_title_fr"]').inputValue()).toBe("Céphalées de l'adulte");
    expect((await app.store.flowDraft("headache"))!.definition.title.fr).not.toBe("Céphalées de l'adulte");

    await expect.poll(() => settings.getAttribute("data-ready")).toBe("true");
    await settings.locator(`[name="source_url_${added}"]`).fill("https://example.org/protocole");
    await submitted(page, settings.getByTestId("save-settings"));
    const draft = (await app.store.flowDraft("headache"))!.definition;
    expect(draft.title.fr).toBe("Céphalées de l'adulte");
    expect(draft.sources.at(-1)).toEqual({ title: "Protocole local", url: "https://example.org/protocole" });

    await page.goto("/console/admin/flows/headache");
    await page.getByTestId("change-note").fill("Titre des céphalées");
    await submitted(page, page.getByTestId("publish"));
    await expect.poll(() => page.getByTestId("published").textContent()).toContain("2");
    await page.goto("/console/admin/flows");
    expect(await page.getByTestId("flow-headache").textContent()).toContain("Céphalées de l'adulte");
    expect(svelteWarnings()).toEqual([]);
  }, 120_000);
});
