/*
 * Where the phone's first second goes (issue 24, 4b): one throttled cold load of the chat page
 * (the same phone as bench/phoneFirstQuestion.ts), told as a timeline from navigation start: the
 * HTML, each script and style (sent, first byte, done), the WebSocket (created, open, the start
 * frame, the first question frame), the page's own marks (hydrated, question usable), and the
 * renderer's main-thread time by kind (script compile and run, style and layout, HTML parsing),
 * from a Chromium trace.
 *
 * `npx tsx bench/phoneBreakdown.ts [--url http://127.0.0.1:PORT] [--flow general]`
 * (starts its own server unless --url names a running one).
 */
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { closeBrowser, launchBrowser } from "../test/browser/browser.js";
import { startServerProcess } from "../test/browser/serverProcess.js";
import { PHONE, throttledPhonePage } from "./phoneFirstQuestion.js";

interface Row {
  at: number;
  what: string;
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/** Trace event names summed as main-thread work, by what they cost. */
const WORK_KINDS: Record<string, string> = {
  "v8.compile": "script compile",
  "v8.compileModule": "script compile",
  "V8.CompileCode": "script compile",
  "v8.parseOnBackground": "script compile",
  EvaluateScript: "script run",
  "v8.evaluateModule": "script run",
  FunctionCall: "script run",
  TimerFire: "script run",
  EventDispatch: "script run",
  FireAnimationFrame: "script run",
  RunMicrotasks: "script run",
  ParseHTML: "HTML parsing",
  ParseAuthorStyleSheet: "style",
  UpdateLayoutTree: "style",
  Layout: "layout",
  Paint: "paint",
  PrePaint: "paint",
};

/** One load with the network timeline and a trace; returns the rows in time order and the work by kind. */
async function breakdown(url: string): Promise<{ rows: Row[]; work: Map<string, number> }> {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: PHONE.viewport, locale: "fr-FR", isMobile: true, hasTouch: true });
    const { page, cdp } = await throttledPhonePage(context);

    // CDP network timestamps are seconds on the same monotonic clock as the trace (microseconds).
    let origin: number | undefined;
    const rows: { t: number; what: string }[] = [];
    const names = new Map<string, string>();
    const short = (u: string) => u.replace(/^https?:\/\/[^/]+/, "").replace(/^\/_app\/immutable\//, "");
    cdp.on("Network.requestWillBeSent", (e) => {
      origin ??= e.timestamp;
      names.set(e.requestId, `${e.type ?? ""} ${short(e.request.url)}`);
      rows.push({ t: e.timestamp, what: `sent      ${names.get(e.requestId)}` });
    });
    cdp.on("Network.responseReceived", (e) => rows.push({ t: e.timestamp, what: `1st byte  ${names.get(e.requestId)}` }));
    cdp.on("Network.loadingFinished", (e) =>
      rows.push({ t: e.timestamp, what: `done      ${names.get(e.requestId)} (${(e.encodedDataLength / 1024).toFixed(1)} KB)` }),
    );
    cdp.on("Network.webSocketCreated", () => rows.push({ t: -1, what: "ws created" }));
    cdp.on("Network.webSocketWillSendHandshakeRequest", (e) => rows.push({ t: e.timestamp, what: "ws handshake sent" }));
    cdp.on("Network.webSocketHandshakeResponseReceived", (e) => rows.push({ t: e.timestamp, what: "ws open" }));
    cdp.on("Network.webSocketFrameSent", (e) => rows.push({ t: e.timestamp, what: `ws sent   ${e.response.payloadData.slice(0, 60)}` }));
    cdp.on("Network.webSocketFrameReceived", (e) => rows.push({ t: e.timestamp, what: `ws recv   ${e.response.payloadData.slice(0, 60)}` }));

    const events: TraceEvent[] = [];
    cdp.on("Tracing.dataCollected", (e) => events.push(...(e.value as unknown as TraceEvent[])));
    await cdp.send("Tracing.start", { categories: "devtools.timeline,v8,v8.execute,disabled-by-default-devtools.timeline", transferMode: "ReportEvents" });
    await page.goto(url, { waitUntil: "commit" });
    await page.waitForFunction(() => (window as unknown as { __phoneMarks?: { question?: number } }).__phoneMarks?.question !== undefined, undefined, {
      timeout: 60_000,
      polling: 100,
    });
    const marks = await page.evaluate(() => (window as unknown as { __phoneMarks: { accept: number; question: number } }).__phoneMarks);
    const traced = new Promise<void>((resolve) => cdp.once("Tracing.tracingComplete", () => resolve()));
    await cdp.send("Tracing.end");
    await traced;
    await context.close();

    const base = origin ?? 0;
    const out: Row[] = rows.filter((r) => r.t >= 0).map((r) => ({ at: (r.t - base) * 1000, what: r.what }));
    out.push({ at: marks.accept, what: "page     privacy button enabled (hydrated)" }, { at: marks.question, what: "page     first question usable" });
    out.sort((a, b) => a.at - b.at);

    // The renderer's main thread: the thread named CrRendererMain that ran the most work.
    const mains = events.filter((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain").map((e) => `${e.pid}:${e.tid}`);
    const work = new Map<string, number>();
    const end = base * 1e6 + marks.question * 1000;
    let best = new Map<string, number>();
    for (const thread of mains) {
      const own = new Map<string, number>();
      // Only outermost events of each kind count (a FunctionCall inside an EvaluateScript is not counted twice).
      const open: { kind: string; end: number }[] = [];
      for (const e of events.filter((x) => `${x.pid}:${x.tid}` === thread && x.ph === "X" && x.dur !== undefined && x.ts <= end).sort((a, b) => a.ts - b.ts)) {
        const kind = WORK_KINDS[e.name];
        if (!kind) continue;
        while (open.length && open.at(-1)!.end <= e.ts) open.pop();
        if (open.length) continue;
        open.push({ kind, end: e.ts + e.dur! });
        own.set(kind, (own.get(kind) ?? 0) + e.dur! / 1000);
      }
      const total = [...own.values()].reduce((a, b) => a + b, 0);
      if (total > [...best.values()].reduce((a, b) => a + b, 0)) best = own;
    }
    for (const [k, v] of best) work.set(k, v);
    return { rows: out, work };
  } finally {
    await closeBrowser(browser);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { flow: { type: "string", default: "general" }, url: { type: "string" } } });
  const server = values.url ? { baseUrl: values.url, stop: async () => null } : await startServerProcess({ env: { LOG_LEVEL: "error" } });
  try {
    const url = `${server.baseUrl}/chat/${values.flow}?lang=fr`;
    // A first load warms the server (as the benchmark does); the second is told.
    await breakdown(url);
    const { rows, work } = await breakdown(url);
    for (const row of rows) process.stdout.write(`${String(Math.round(row.at)).padStart(6)} ms  ${row.what}\n`);
    process.stdout.write("main-thread work until the first question (ms, CPU x4):\n");
    for (const [kind, ms] of [...work].sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${kind.padEnd(16)} ${Math.round(ms)}\n`);
  } finally {
    await server.stop();
  }
  process.exit(0);
}
