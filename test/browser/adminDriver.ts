import { setTimeout as delay } from "node:timers/promises";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { expect } from "vitest";
import { startConsoleServer, type ConsoleServer } from "../console/consoleServer.js";
import { closeBrowser, launchBrowser } from "./browser.js";

/*
 * How the admin browser tests drive the flow editor's forms, in one place: the "Add a node" form,
 * filling named fields, and submitting a form that answers with a whole new page.
 */

/** The "Add a node" form (its section opened if need be), once the page's script runs (its save button is enabled then). */
export async function newNodeForm(page: Page, id: string, kind: string, type?: string): Promise<Locator> {
  const form = page.getByTestId("add-node");
  // The editor shows one section at a time: open "Add a node" from the section tabs.
  if ((await form.count()) === 0) {
    await page.locator('[data-testid="editor-sections"] a[data-section="add"]').click();
    await page.waitForURL(/section=add/);
  }
  // A page the development server compiles on first visit can take a while under load.
  await expect.poll(() => form.getAttribute("data-ready"), { timeout: 60_000 }).toBe("true");
  await form.getByTestId("new-node-kind").selectOption(kind);
  if (type) await form.getByTestId("new-node-type").selectOption(type);
  await form.getByTestId("new-node-id").fill(id);
  return form;
}

/**
 * Adds node `id` of `kind` (and question `type`) with the "Add a node" form: fills its named fields,
 * lets `then` set the rest (pickers, "goes to"…), submits, and waits for the new node's page.
 */
export async function createNode(
  page: Page,
  id: string,
  kind: string,
  fields: Record<string, string>,
  { type, then }: { type?: string; then?: (form: Locator) => Promise<void> } = {},
): Promise<void> {
  const form = await newNodeForm(page, id, kind, type);
  await fillFields(form, fields);
  await then?.(form);
  await submitted(page, form.getByTestId("create-node"));
  await page.waitForURL(new RegExp(`node=${id}`));
}

/** The safety-net fields of the outcomes the admin tests write. */
export const SAFETY_NET = { safety_fr: "Appelez le 15 si vous allez plus mal.", safety_en: "Call 112 if you get worse." };

/** Chooses where a node's form sends the patient by default. */
export async function goesTo(form: Locator, next: string): Promise<void> {
  await form.getByTestId("next-default").selectOption(next);
}

/** Fills the form's fields by name: selects get the option, other inputs the text. */
export async function fillFields(form: Locator, fields: Record<string, string>): Promise<void> {
  for (const [name, value] of Object.entries(fields)) {
    const input = form.locator(`[name="${name}"]`);
    if ((await input.evaluate((e) => e.tagName)) === "SELECT") await input.selectOption(value);
    else await input.fill(value);
  }
}

/** Submits a form with its button and waits for the page the server answers with. */
export async function submitted(page: Page, button: Locator): Promise<void> {
  const answered = page.waitForResponse((r) => r.request().method() === "POST");
  await button.click();
  await answered;
  await page.waitForLoadState("load");
}

/**
 * Submits a plain form (a full page post, a redirect after it included) with its button and waits
 * for the page that loads next: the next checks read the new page, not the one it replaces.
 */
export async function reloadedBy(page: Page, button: Locator): Promise<void> {
  const loaded = page.waitForEvent("load", { timeout: 90_000 });
  await button.click();
  await loaded;
}

/** Chromium and a console server with the lead admin and a clinician, as the admin browser tests start from. */
export async function openAdminConsole(): Promise<{ browser: Browser; app: ConsoleServer }> {
  const [browser, app] = await Promise.all([launchBrowser(), startConsoleServer()]);
  await app.addUser("lead@clinic.example", "admin", "Dr Lead");
  await app.addUser("nurse@clinic.example", "clinician", "Nurse Clin");
  return { browser, app };
}

/** Closes what openAdminConsole started and the browser contexts a test opened. */
export async function closeAdminConsole(parts: { browser?: Browser; app?: ConsoleServer; contexts: BrowserContext[] }): Promise<void> {
  try {
    // Closing the browser closes its contexts too: a context that does not close in time is left to it.
    await Promise.race([Promise.allSettled(parts.contexts.map((context) => context.close())), delay(10_000)]);
    await closeBrowser(parts.browser);
  } finally {
    await parts.app?.stop();
  }
}
