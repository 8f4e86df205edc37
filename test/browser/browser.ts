import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { chromium, type Browser } from "playwright-core";
import { processesWithEnv } from "../services/leftovers.js";

/** Each launched browser's own temporary folder: its processes carry it as TMPDIR. */
const ownFolders = new WeakMap<Browser, string>();

/**
 * Debian's Chromium, never a downloaded browser; no network beyond this machine. It gets a
 * temporary folder of its own (its audio client leaves a pulse-* folder there), removed when the
 * browser closes, so a test run leaves nothing behind.
 */
export async function launchBrowser(): Promise<Browser> {
  const own = mkdtempSync(join(tmpdir(), "triage-chromium-"));
  const browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    env: { ...process.env, TMPDIR: own, XDG_RUNTIME_DIR: own },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--mute-audio",
    ],
  });
  ownFolders.set(browser, own);
  browser.on("disconnected", () => rmSync(own, { recursive: true, force: true }));
  return browser;
}

/**
 * Closes the browser, or kills its processes when it has not closed within `withinMs`: under heavy
 * load a Chromium once never answered its close, the test file's hook timed out and the run left
 * the browser and the server under test behind.
 */
export async function closeBrowser(browser: Browser | undefined, withinMs = 20_000): Promise<void> {
  if (!browser) return;
  const closed = await Promise.race([
    browser.close().then(
      () => true,
      () => false,
    ),
    delay(withinMs, false),
  ]);
  if (closed) return;
  const own = ownFolders.get(browser);
  if (own === undefined) return;
  for (const { pid } of processesWithEnv(`TMPDIR=${own}`)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
    }
  }
  rmSync(own, { recursive: true, force: true });
}
