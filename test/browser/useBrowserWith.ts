import type { Browser } from "playwright-core";
import { useFixture } from "../fixtures/useFixture.js";
import { closeBrowser, launchBrowser } from "./browser.js";

/** Chromium and the server a browser test drives. */
export interface BrowserWith<S> {
  readonly browser: Browser;
  readonly server: S;
}

/**
 * Chromium and the server `start` starts, for the enclosing file (or describe block): both started
 * side by side before its tests (each takes seconds), the browser closed and the server stopped
 * after them. Read `browser` and `server` inside tests and hooks.
 */
export function useBrowserWith<S extends { stop(): Promise<unknown> }>(start: () => Promise<S>): BrowserWith<S> {
  return useFixture("the browser and its server", () => launchWith(start), closeWith, 300_000);
}

async function launchWith<S extends { stop(): Promise<unknown> }>(start: () => Promise<S>): Promise<BrowserWith<S>> {
  const [browser, server] = await Promise.allSettled([launchBrowser(), start()]);
  if (browser.status === "fulfilled" && server.status === "fulfilled") return { browser: browser.value, server: server.value };
  // One of the two failed to start: the other one is not left running.
  await closeWith({ browser: browser.status === "fulfilled" ? browser.value : undefined, server: server.status === "fulfilled" ? server.value : undefined });
  throw browser.status === "rejected" ? browser.reason : (server as PromiseRejectedResult).reason;
}

async function closeWith(started: { browser?: Browser; server?: { stop(): Promise<unknown> } }): Promise<void> {
  try {
    await closeBrowser(started.browser);
  } finally {
    await started.server?.stop();
  }
}
