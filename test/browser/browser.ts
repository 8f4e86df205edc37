import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";

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
  browser.on("disconnected", () => rmSync(own, { recursive: true, force: true }));
  return browser;
}
