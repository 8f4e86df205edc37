import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { optimizeDeps, resolveConfig, type Logger } from "vite";

/*
 * `npm run dev` (and the browser tests that run on `vite dev`) relies on Vite finding every
 * browser dependency up front by scanning the routes. When that scan fails, Vite discovers the
 * dependencies one page at a time and reloads the page each time: a form filled a moment before
 * is gone, a click lands on a page being replaced. A literal `<script>` in a page's markup failed
 * it once (the chat page's early-input script), and only a fresh checkout, with no cached
 * dependencies, showed it.
 */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const cacheDir = mkdtempSync(join(tmpdir(), "triage-vite-scan-"));

afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));

const quiet: Logger = {
  info() {},
  warn() {},
  warnOnce() {},
  error() {},
  clearScreen() {},
  hasErrorLogged: () => false,
  hasWarned: false,
};

describe("the development server's dependency scan", () => {
  it("finds the browser dependencies of the patient chat and of the consoles from the routes alone, on an empty cache", async () => {
    const config = await resolveConfig({ root: ROOT, cacheDir, customLogger: quiet }, "serve", "development");
    const metadata = await optimizeDeps(config, true);
    const found = Object.keys(metadata.optimized);
    // One dependency of each audience: the chat's answer matching, the flow graph, the statistics charts, the JSON editor.
    expect(found).toEqual(expect.arrayContaining(["fastest-levenshtein", "@xyflow/svelte", "chart.js", "@codemirror/view", "svelte"]));
  }, 120_000);
});
