import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketQuantileMs, bucketsBetween, scrapeTurnBuckets, turnBuckets } from "../../bench/serverLatency.js";
import { PROTOCOL_VERSION } from "../../bot/channels/web/protocol.js";
import { loadConfig } from "../../bot/config/config.js";
import { logger } from "../../bot/logger.js";
import { metricsEndpoint } from "../../bot/metrics/metricsEndpoint.js";
import { createRuntime, openRuntimeParts, type Runtime } from "../../bot/runtime.js";
import { createServer, type TriageServer } from "../../bot/server.js";
import { migrate } from "../../bot/store/migrate.js";
import { tinyFlow } from "../fixtures/tinyFlow.js";
import { WsClient } from "./wsClient.js";

/*
 * GET /metrics as an operator's Prometheus sees it: the real runtime and HTTP server on a SQLite
 * file, a patient over a real WebSocket, the exposition fetched over HTTP.
 */

const TOKEN = "metrics-token-for-tests-0123456789";
let dir: string;
let runtime: Runtime;
let server: TriageServer;
let base: string;
let closeParts: () => Promise<void>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "triage-metrics-"));
  const config = loadConfig({ DATABASE_URL: `file:${join(dir, "triage.db")}`, LOG_LEVEL: "silent", METRICS_TOKEN: TOKEN });
  await migrate(config.env.DATABASE_URL, { logger: logger.child({}, { level: "silent" }) });
  const parts = await openRuntimeParts(config);
  await parts.store.publishFlowVersion({ definition: tinyFlow(), author: "test", changeNote: "metrics tests" });
  closeParts = () => parts.store.close();
  runtime = createRuntime(config, { ...parts, closeStore: async () => undefined });
  server = createServer({ channels: runtime.channels, doors: [metricsEndpoint(runtime.metrics.registry, TOKEN)] });
  base = `http://127.0.0.1:${await server.listen(0, "127.0.0.1")}`;
});

afterAll(async () => {
  await server.close();
  await runtime.close();
  await closeParts();
  rmSync(dir, { recursive: true, force: true });
});

const scrape = (authorization?: string) => fetch(`${base}/metrics`, authorization ? { headers: { authorization } } : {});

describe("GET /metrics", () => {
  it("is refused without the bearer token or with a wrong one, and asks for one", async () => {
    for (const response of [await scrape(), await scrape(`Bearer ${TOKEN}x`), await scrape(TOKEN)]) {
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await response.text()).not.toContain("triage_");
    }
  });

  it("counts a patient's start and answer, their durations and the open connection, and names no patient", async () => {
    const before = turnBuckets(await (await scrape(`Bearer ${TOKEN}`)).text());
    const patient = await WsClient.connect(`${base.replace("http", "ws")}/ws`);
    try {
      patient.send({ v: PROTOCOL_VERSION, id: "c1", type: "start", flow: "tiny", locale: "en" });
      const session = await patient.next("session");
      await patient.next("ack", (m) => m.replyTo === "c1");
      patient.send({ v: PROTOCOL_VERSION, id: "c2", type: "answer", value: 40 });
      await patient.next("ack", (m) => m.replyTo === "c2");

      const response = await scrape(`Bearer ${TOKEN}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("text/plain");
      const text = await response.text();
      expect(text).toMatch(/^triage_turn_duration_seconds_count\{channel="web",kind="start"\} 1$/m);
      expect(text).toMatch(/^triage_turn_duration_seconds_count\{channel="web",kind="turn"\} 1$/m);
      expect(text).toMatch(/^triage_open_patient_connections\{channel="web"\} 1$/m);
      expect(text).not.toContain(session.sessionId);
      expect(text).not.toContain(session.resumeToken);

      // What the benchmark reads: both turns, each under the largest finite bound, a p99 inside the buckets.
      const turns = bucketsBetween(before, await scrapeTurnBuckets(base, TOKEN));
      expect(turns.get(Infinity)).toBe(2);
      expect(turns.get(5)).toBe(2);
      const p99 = bucketQuantileMs(turns, 0.99)!;
      expect(p99).toBeGreaterThan(0);
      expect(p99).toBeLessThanOrEqual(5000);
    } finally {
      patient.socket.close();
    }
  });

  it("leaves every other path to the channels and the app", async () => {
    expect((await fetch(`${base}/metricsx`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
  });
});

describe("METRICS_TOKEN", () => {
  it("is refused when too short to be a secret", () => {
    expect(() => loadConfig({ METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN must be at least 16 characters/);
  });
});

describe("bucketQuantileMs", () => {
  it("interpolates inside the bucket the rank falls in, as histogram_quantile does", () => {
    // 100 turns: 50 under 1 ms, 40 more under 2 ms, 10 more under 10 ms.
    const buckets = new Map([
      [0.001, 50],
      [0.002, 90],
      [0.01, 100],
      [Infinity, 100],
    ]);
    expect(bucketQuantileMs(buckets, 0.5)).toBeCloseTo(1, 6);
    expect(bucketQuantileMs(buckets, 0.7)).toBeCloseTo(1.5, 6);
    expect(bucketQuantileMs(buckets, 0.99)).toBeCloseTo(9.2, 6);
    expect(bucketQuantileMs(new Map([[Infinity, 0]]), 0.99)).toBeUndefined();
  });
});
