import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROTOCOL_VERSION } from "../../bot/channels/web/protocol.js";
import { loadConfig } from "../../bot/config/config.js";
import { logger } from "../../bot/logger.js";
import { createRuntime, openRuntimeParts, type Runtime } from "../../bot/runtime.js";
import { createServer, type TriageServer } from "../../bot/server.js";
import { migrate } from "../../bot/store/migrate.js";
import { activeTracer, startTracing, tracesUrl, type Tracing } from "../../bot/telemetry/tracing.js";
import { tinyFlow } from "../fixtures/tinyFlow.js";
import { WsClient } from "../web/wsClient.js";

/*
 * OpenTelemetry traces of patient turns, received by a real OTLP/HTTP endpoint on 127.0.0.1 from
 * the standard exporter: a patient's turns over the WebSocket of a real server (SQLite), each a
 * `triage.turn` span from its frame with its store read and commit as children, and not a word
 * of what the patient answered or typed anywhere in what was sent.
 */

const silent = logger.child({}, { level: "silent" });
const TYPED = "Jeanne Dupont, rue des Lilas";

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes?: { key: string; value: Record<string, unknown> }[];
}

/** An OTLP/HTTP traces receiver (JSON encoding, as the standard HTTP exporter sends): keeps every request body. */
async function otlpReceiver(): Promise<{ server: Server; url: string; bodies: string[]; spans: () => OtlpSpan[] }> {
  const bodies: string[] = [];
  const server = createHttpServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      if (request.method === "POST" && request.url === "/v1/traces") bodies.push(Buffer.concat(chunks).toString("utf8"));
      response.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const spans = () =>
    bodies.flatMap((body) => {
      const parsed = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[] };
      return parsed.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
    });
  return { server, url, bodies, spans };
}

const attribute = (span: OtlpSpan, key: string) => {
  const value = span.attributes?.find((a) => a.key === key)?.value;
  return value ? Object.values(value)[0] : undefined;
};

describe("turn traces", () => {
  let dir: string;
  let runtime: Runtime;
  let server: TriageServer;
  let wsUrl: string;
  let receiver: Awaited<ReturnType<typeof otlpReceiver>>;
  let tracing: Tracing | undefined;

  beforeAll(async () => {
    receiver = await otlpReceiver();
    dir = mkdtempSync(join(tmpdir(), "triage-traces-"));
    const config = loadConfig({ DATABASE_URL: `file:${join(dir, "triage.db")}`, LOG_LEVEL: "silent" });
    await migrate(config.env.DATABASE_URL, { logger: silent });
    const parts = await openRuntimeParts(config);
    await parts.store.publishFlowVersion({ definition: tinyFlow(), author: "test", changeNote: "traces" });
    runtime = createRuntime(config, parts);
    server = createServer({ channels: runtime.channels });
    wsUrl = `ws://127.0.0.1:${await server.listen(0, "127.0.0.1")}/ws`;
  });

  afterAll(async () => {
    await tracing?.shutdown();
    await server?.close();
    await runtime?.close();
    await new Promise<void>((resolve) => receiver.server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  it("is off without an endpoint: nothing is started and turns send nothing", async () => {
    expect(tracesUrl({})).toBeUndefined();
    expect(await startTracing({})).toBeUndefined();
    expect(activeTracer()).toBeUndefined();
    const client = await WsClient.connect(wsUrl);
    const start = await client.turn({ v: PROTOCOL_VERSION, id: "off-start", type: "start", flow: "tiny", locale: "fr" });
    expect(start.end).toMatchObject({ type: "ack" });
    await client.close();
    expect(receiver.bodies).toEqual([]);
  });

  it("traces each turn from its frame to its commit, with no answer or typed text in what is exported", async () => {
    tracing = await startTracing({ OTEL_EXPORTER_OTLP_ENDPOINT: `${receiver.url}/` });
    expect(tracing?.url).toBe(`${receiver.url}/v1/traces`);
    const client = await WsClient.connect(wsUrl);
    const start = await client.turn({ v: PROTOCOL_VERSION, id: "t-start", type: "start", flow: "tiny", locale: "fr" });
    expect(start.end).toMatchObject({ type: "ack" });
    for (const [id, frame] of [
      ["t-typed", { type: "text", text: TYPED }],
      ["t-age", { type: "answer", value: 73 }],
      ["t-symptoms", { type: "answer", value: ["cough"] }],
    ] as const) {
      const reply = await client.turn({ v: PROTOCOL_VERSION, id, ...frame });
      expect(reply.end).toMatchObject({ type: "ack" });
    }
    await client.close();
    await tracing!.forceFlush();

    const spans = receiver.spans();
    const turns = spans.filter((s) => s.name === "triage.turn");
    expect(turns.map((s) => attribute(s, "triage.message.type"))).toEqual(["start", "text", "answer", "answer"]);
    for (const turn of turns) {
      expect(attribute(turn, "triage.channel")).toBe("web");
      const children = spans.filter((s) => s.parentSpanId === turn.spanId);
      expect(children.every((c) => c.traceId === turn.traceId)).toBe(true);
      const commit = children.find((c) => c.name === "triage.commit");
      expect(commit, "each turn commits").toBeDefined();
      expect(attribute(commit!, "db.system.name")).toBe("sqlite");
      expect(Number(attribute(commit!, "triage.commit.audit_events"))).toBeGreaterThan(0);
      // The commit happens within the turn: the reply is sent only after it. The SDK anchors each
      // span's clock on Date.now() (whole milliseconds), so two spans' times can disagree by up to
      // a millisecond: a turn that ends right after its commit may read as ending a little before.
      const clockSlack = 2_000_000n;
      expect(BigInt(commit!.endTimeUnixNano) <= BigInt(turn.endTimeUnixNano) + clockSlack).toBe(true);
      expect(BigInt(commit!.startTimeUnixNano) + clockSlack >= BigInt(turn.startTimeUnixNano)).toBe(true);
    }
    // Each turn after the start gets its session from the store's read or, committed here last, from the process's cache.
    const reads = spans.filter((s) => s.name === "triage.read");
    expect(reads.length).toBeGreaterThanOrEqual(3);
    expect(reads.every((r) => turns.some((t) => t.spanId === r.parentSpanId))).toBe(true);

    const exported = receiver.bodies.join("\n");
    for (const secret of [TYPED, "Jeanne", "cough", "tiny"]) expect(exported).not.toContain(secret);
  });
});
