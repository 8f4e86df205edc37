import type { Page } from "playwright-core";
import { expect } from "vitest";
import { submitted } from "./adminDriver.js";

/* How the admin browser tests drive the flow simulator (the patient chat inside the editor) and read its result. */

/** In the French simulator, once it shows the danger signs: ticks "none", sends, and waits until the next question can be answered. */
export async function simulateNoDangerSign(page: Page): Promise<void> {
  const simForm = page.getByTestId("sim-answer");
  await expect.poll(() => simForm.locator('input[type=checkbox][value="none"]').count()).toBe(1);
  // The simulator is the patient chat: its inputs answer once the page's script runs.
  await expect.poll(() => simForm.getAttribute("data-ready"), { timeout: 60_000 }).toBe("true");
  await simForm.locator('input[type=checkbox][value="none"]').check();
  await submitted(page, simForm.getByRole("button", { name: "Valider" }));
  await expect.poll(() => page.getByTestId("sim-answer").getAttribute("data-ready"), { timeout: 60_000 }).toBe("true");
}

/** Waits for the simulator's result, then checks its level, its routing and the node it ended at. */
export async function expectSimulatedResult(page: Page, { urgency, routing, node }: { urgency: string; routing: string; node: string }): Promise<void> {
  const result = page.getByTestId("sim-result");
  await expect.poll(() => result.getAttribute("data-urgency")).toBe(urgency);
  expect(await result.getAttribute("data-routing")).toBe(routing);
  expect(await page.getByTestId("sim-node").textContent()).toContain(node);
}
