import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
import { beforeAll, describe, expect, it } from "vitest";
import { signedIn, startConsoleServer } from "../console/consoleServer.js";
import { useBrowserWith } from "./useBrowserWith.js";

/*
 * The admin graph's fit button on a long flow (issue 24): the general flow (40+ nodes) fitted whole
 * was too small to read; fit now keeps a readable zoom and shows the flow's first screen. On the
 * real server (`npm start`'s entry) in Chromium at 1366x768; the screenshot goes to SCREENSHOT_DIR,
 * else test-results/.
 */

const SHOTS = `${process.env.SCREENSHOT_DIR ?? new URL("../../test-results", import.meta.url).pathname}/`;
const site = useBrowserWith(() => startConsoleServer());
let page: Page;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  await site.server.addUser("lead@clinic.example", "admin", "Dr Lead");
  page = (await signedIn(site.browser, site.server.baseUrl, "lead@clinic.example", { locale: "en", then: "/console/admin/flows" })).page;
  await page.setViewportSize({ width: 1366, height: 768 });
}, 300_000);

/** The graph's zoom, as the library's viewport transform says. */
const zoomOf = (on: Page) => on.locator(".svelte-flow__viewport").evaluate((el) => new DOMMatrixReadOnly(getComputedStyle(el).transform).a);

describe("the graph of a long flow", () => {
  it("fits at a readable zoom, showing the flow's first question", async () => {
    await page.goto("/console/admin/flows/general/graph");
    const graph = page.getByTestId("flow-graph");
    await expect.poll(() => graph.locator("[data-testid=graph-node]").count(), { timeout: 60_000 }).toBeGreaterThan(0);
    expect(Number(await graph.getAttribute("data-nodes"))).toBeGreaterThanOrEqual(40);
    await page.getByRole("toolbar", { name: "Graph controls" }).getByRole("button", { name: "Fit the whole graph" }).click();
    await expect.poll(() => zoomOf(page)).toBeGreaterThanOrEqual(0.55);
    // The first node is on screen and its text is at a readable size.
    const start = graph.locator("[data-testid=graph-node]:has(.start-mark)");
    const box = (await start.boundingBox())!;
    const frame = (await graph.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(frame.y);
    expect(box.y + box.height).toBeLessThanOrEqual(Math.min(frame.y + frame.height, 768));
    await page.screenshot({ path: `${SHOTS}admin-graph-general-fit-en.png` });
  }, 180_000);
});
