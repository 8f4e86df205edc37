/*
 * The patient page on a slow phone (issue 24, 4b): Debian's Chromium with the network and CPU of a
 * mid-range phone on a poor mobile connection (CDP: 1.6 Mbps down, 750 kbps up, 150 ms RTT, CPU 4x
 * slower, 390x844), measured from navigation to the first question usable: its answer control on
 * screen and enabled, where a click is kept (the server renders the notice and the first question,
 * and an inline script keeps a click made before the page's script runs: it is replayed then). The
 * privacy notice is accepted the instant its button is enabled and on screen, so the figure is what
 * the page costs, not the patient's reading time. Each load is cold (a new browser context: empty
 * cache, no saved session). Also counted: requests, and the JavaScript transferred and decoded.
 *
 * Alone: `npx tsx bench/phoneFirstQuestion.ts [--loads 7] [--flow general] [--url http://127.0.0.1:PORT]`
 * (starts its own server unless --url names a running one). Given --url more than once (an A/B
 * of two builds), the loads alternate between the servers, so both see the same machine load;
 * each gets its own figures and the medians' ratio is printed;
 * `npm run bench` runs it too (bench/run.ts).
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import type { Browser, BrowserContext, CDPSession, Page } from "playwright-core";
import { launchBrowser } from "../test/browser/browser.js";
import { startServerProcess } from "../test/browser/serverProcess.js";

/** The throttled phone: bytes per second for CDP (which takes bytes/s, not bits/s). */
export const PHONE = { downloadBps: 1.6e6 / 8, uploadBps: 750e3 / 8, latencyMs: 150, cpuSlowdown: 4, viewport: { width: 390, height: 844 } } as const;

export interface PhoneLoad {
  /** Navigation start to the privacy notice's button enabled and on screen. */
  acceptReadyMs: number;
  /** Navigation start to the page's script having run (the chat page marks itself data-hydrated); absent on builds without the mark. */
  hydratedMs?: number;
  /** Navigation start to the first question's answer control enabled. */
  firstQuestionMs: number;
  requests: number;
  jsFiles: number;
  /** JavaScript as sent on the wire (headers included), and once decoded. */
  jsTransferBytes: number;
  jsDecodedBytes: number;
  /** Everything sent on the wire for the page (documents, scripts, styles, fonts, ...). */
  totalTransferBytes: number;
  /** How many responses came compressed (content-encoding gzip or br). */
  compressed: number;
}

export interface PhoneResult {
  loads: PhoneLoad[];
  medianFirstQuestionMs: number;
  medianAcceptReadyMs: number;
  medianHydratedMs?: number;
}

const QUESTION_READY = ".question-input button:not([disabled]), .question-input input:not([disabled])";
const ACCEPT_BUTTON = "section.privacy button.primary";

/**
 * Runs in the page before any of its scripts: watches the DOM, clicks "accept" as soon as it is
 * enabled and records when it was, then when the first answer control is enabled
 * (performance.now() counts from the navigation's start). A string, not a function: tsx would
 * wrap a function's inner names in a helper the page does not have.
 */
export const WATCH_FIRST_QUESTION = `(() => {
  const marks = {};
  window.__phoneMarks = marks;
  const shown = (selector) => [...document.querySelectorAll(selector)].some((e) => e.checkVisibility());
  const check = () => {
    if (marks.accept === undefined) {
      const button = document.querySelector(${JSON.stringify(ACCEPT_BUTTON)});
      if (button && !button.disabled && button.checkVisibility()) {
        marks.accept = performance.now();
        button.click();
      }
    }
    if (marks.accept !== undefined && marks.question === undefined && shown(${JSON.stringify(QUESTION_READY)})) marks.question = performance.now();
    if (marks.hydrated === undefined && document.querySelector(".chat-page[data-hydrated]")) marks.hydrated = performance.now();
    if (marks.question !== undefined && marks.hydrated !== undefined) observer.disconnect();
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true, attributes: true, attributeFilter: ["disabled", "class", "hidden", "data-hydrated"] });
})();`;

/** Counts what the page fetched, from the DevTools protocol's network events. */
function countNetwork(cdp: CDPSession) {
  const types = new Map<string, string>();
  const decoded = new Map<string, number>();
  const encodings = new Map<string, string>();
  const finished: { id: string; bytes: number }[] = [];
  let requests = 0;
  cdp.on("Network.requestWillBeSent", () => void requests++);
  cdp.on("Network.responseReceived", (event) => {
    types.set(event.requestId, event.type);
    const headers = Object.fromEntries(Object.entries(event.response.headers).map(([k, v]) => [k.toLowerCase(), String(v)]));
    encodings.set(event.requestId, headers["content-encoding"] ?? "");
  });
  cdp.on("Network.dataReceived", (event) => decoded.set(event.requestId, (decoded.get(event.requestId) ?? 0) + event.dataLength));
  cdp.on("Network.loadingFinished", (event) => finished.push({ id: event.requestId, bytes: event.encodedDataLength }));
  return () => {
    const scripts = finished.filter((f) => types.get(f.id) === "Script");
    return {
      requests,
      jsFiles: scripts.length,
      jsTransferBytes: scripts.reduce((sum, f) => sum + f.bytes, 0),
      jsDecodedBytes: scripts.reduce((sum, f) => sum + (decoded.get(f.id) ?? 0), 0),
      totalTransferBytes: finished.reduce((sum, f) => sum + f.bytes, 0),
      compressed: finished.filter((f) => /gzip|br/.test(encodings.get(f.id) ?? "")).length,
    };
  };
}

/** A new page of `context` as the slow phone of PHONE loads it (network and CPU throttled, no cache), the first-question watcher installed. */
export async function throttledPhonePage(context: BrowserContext): Promise<{ page: Page; cdp: CDPSession }> {
  const page = await context.newPage();
  await page.addInitScript(WATCH_FIRST_QUESTION);
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: PHONE.latencyMs,
    downloadThroughput: PHONE.downloadBps,
    uploadThroughput: PHONE.uploadBps,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: PHONE.cpuSlowdown });
  return { page, cdp };
}

/** One cold load of `url` on the throttled phone. */
async function loadOnce(browser: Browser, url: string): Promise<PhoneLoad> {
  const context = await browser.newContext({ viewport: PHONE.viewport, locale: "fr-FR", isMobile: true, hasTouch: true });
  try {
    const { page, cdp } = await throttledPhonePage(context);
    const network = countNetwork(cdp);
    await page.goto(url, { waitUntil: "commit" });
    // A function, not a string: the page's CSP forbids eval.
    await page.waitForFunction(() => (window as unknown as { __phoneMarks?: { question?: number } }).__phoneMarks?.question !== undefined, undefined, {
      timeout: 60_000,
      polling: 100,
    });
    // The page's script may still be on its way: the hydration mark is waited for too (a build without it: a few seconds at most).
    await page
      .waitForFunction(() => (window as unknown as { __phoneMarks?: { hydrated?: number } }).__phoneMarks?.hydrated !== undefined, undefined, {
        timeout: 5_000,
        polling: 100,
      })
      .catch(() => undefined);
    const marks = await page.evaluate(() => (window as unknown as { __phoneMarks: { accept: number; question: number; hydrated?: number } }).__phoneMarks);
    return {
      acceptReadyMs: marks.accept,
      firstQuestionMs: marks.question,
      ...(marks.hydrated === undefined ? {} : { hydratedMs: marks.hydrated }),
      ...network(),
    };
  } finally {
    await context.close();
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** `loads` cold loads of the chat page of `flow` on a server at `baseUrl` (one more first, not counted: it warms the server). */
export async function benchPhoneFirstQuestion(baseUrl: string, options: { loads?: number; flow?: string } = {}): Promise<PhoneResult> {
  return (await benchPhoneFirstQuestionAlternating([baseUrl], options))[0]!;
}

/** The same on several servers (builds to compare), their loads alternating so that each sees the same machine. */
export async function benchPhoneFirstQuestionAlternating(baseUrls: string[], options: { loads?: number; flow?: string } = {}): Promise<PhoneResult[]> {
  const { loads: count = 7, flow = "general" } = options;
  const urls = baseUrls.map((baseUrl) => `${baseUrl}/chat/${flow}?lang=fr`);
  const browser = await launchBrowser();
  try {
    for (const url of urls) await loadOnce(browser, url);
    const loads: PhoneLoad[][] = urls.map(() => []);
    for (let i = 0; i < count; i++) for (const [j, url] of urls.entries()) loads[j]!.push(await loadOnce(browser, url));
    return loads.map((l) => {
      const hydrated = l.flatMap((x) => (x.hydratedMs === undefined ? [] : [x.hydratedMs]));
      return {
        loads: l,
        medianFirstQuestionMs: median(l.map((x) => x.firstQuestionMs)),
        medianAcceptReadyMs: median(l.map((x) => x.acceptReadyMs)),
        ...(hydrated.length === l.length ? { medianHydratedMs: median(hydrated) } : {}),
      };
    });
  } finally {
    await browser.close();
  }
}

/** The figures as one line each, for the table of bench/run.ts and the standalone run. */
export function describePhoneResult(result: PhoneResult): { measure: string; value: string }[] {
  const first = result.loads[0]!;
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  return [
    {
      measure: `phone (1.6 Mbps, 150 ms RTT, CPU x4): first question usable, median of ${result.loads.length} cold loads`,
      value: `${Math.round(result.medianFirstQuestionMs)} ms (all: ${result.loads.map((l) => Math.round(l.firstQuestionMs)).join(", ")})`,
    },
    { measure: "  of which the privacy notice's button enabled", value: `${Math.round(result.medianAcceptReadyMs)} ms` },
    {
      measure: "  the page's script ran (hydrated)",
      value: result.medianHydratedMs === undefined ? "not marked by this build" : `${Math.round(result.medianHydratedMs)} ms`,
    },
    {
      measure: "  requests, JavaScript",
      value: `${first.requests} requests (${first.compressed} compressed), JS ${first.jsFiles} files, ${kb(first.jsTransferBytes)} transferred, ${kb(first.jsDecodedBytes)} decoded; all ${kb(first.totalTransferBytes)} transferred`,
    },
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { loads: { type: "string", default: "7" }, flow: { type: "string", default: "general" }, url: { type: "string", multiple: true } },
  });
  const server = values.url?.length ? { baseUrl: "", stop: async () => null } : await startServerProcess({ env: { LOG_LEVEL: "error" } });
  const baseUrls = values.url?.length ? values.url : [server.baseUrl];
  try {
    const results = await benchPhoneFirstQuestionAlternating(baseUrls, { loads: Number(values.loads), flow: values.flow! });
    for (const [i, result] of results.entries()) {
      if (results.length > 1) process.stdout.write(`${baseUrls[i]}\n`);
      for (const row of describePhoneResult(result)) process.stdout.write(`${row.measure}: ${row.value}\n`);
      process.stdout.write(
        `${JSON.stringify({ medianFirstQuestionMs: Math.round(result.medianFirstQuestionMs), medianAcceptReadyMs: Math.round(result.medianAcceptReadyMs), medianHydratedMs: result.medianHydratedMs === undefined ? undefined : Math.round(result.medianHydratedMs), ...result.loads[0], firstQuestionMs: undefined, acceptReadyMs: undefined, hydratedMs: undefined })}\n`,
      );
    }
    if (results.length > 1)
      process.stdout.write(
        `first question, median ratio to the first server: ${results.map((r) => (r.medianFirstQuestionMs / results[0]!.medianFirstQuestionMs).toFixed(2)).join(", ")}\n`,
      );
  } finally {
    await server.stop();
  }
  process.exit(0);
}
