import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";

/*
 * How the admin browser tests drive the flow editor's forms, in one place: the "Add a node" form,
 * filling named fields, and submitting a form that answers with a whole new page.
 */

/** The "Add a node" form, once the page's script runs (its save button is enabled then). */
export async function newNodeForm(page: Page, id: string, kind: string, type?: string): Promise<Locator> {
  const form = page.getByTestId("add-node");
  await expect.poll(() => form.getAttribute("data-ready")).toBe("true");
  await form.getByTestId("new-node-kind").selectOption(kind);
  if (type) await form.getByTestId("new-node-type").selectOption(type);
  await form.getByTestId("new-node-id").fill(id);
  return form;
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
