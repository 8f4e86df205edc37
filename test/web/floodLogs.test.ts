import { Writable } from "node:stream";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryBus } from "../../bot/bus/memoryBus.js";
import { createWebChannel } from "../../bot/channels/web/webChannel.js";
import { webOptionsFromEnv } from "../../bot/channels/web/webOptions.js";
import { ThrottledLog } from "../../bot/channels/web/throttledLog.js";
import { ConversationService } from "../../bot/engine/conversationService.js";
import { FixedClock } from "../../bot/engine/systemClock.js";
import { createServer, type TriageServer } from "../../bot/server.js";
import { TEST_CONFIG } from "../engine/engineHarness.js";
import { countingIds, fixtureStore } from "../engine/serviceHarness.js";
import { WsClient } from "./wsClient.js";

/** A pino logger whose lines are kept, parsed, for the test to count. */
function capturingLogger() {
  const lines: { msg: string; connection?: string; repeated?: number; level: number }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString("utf8").split("\n").filter(Boolean)) lines.push(JSON.parse(text) as (typeof lines)[number]);
      done();
    },
  });
  return { logger: pino({ level: "info" }, sink), lines };
}

describe("ThrottledLog", () => {
  it("writes a message once per interval and carries the count of repeats with the next line and at flush", () => {
    const { logger, lines } = capturingLogger();
    let now = 0;
    const log = new ThrottledLog(logger, 10_000, () => now);
    for (let i = 0; i < 5; i++) log.info({ connection: "c1" }, "web: bad frame");
    now = 10_000;
    log.info({ connection: "c1" }, "web: bad frame");
    log.info({ connection: "c1" }, "web: bad frame");
    log.warn({ connection: "c1" }, "web: closing a flooding connection");
    log.flush();
    log.flush();
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        expect(lines.map((l) => [l.msg, l.repeated])).toEqual([
          ["web: bad frame", undefined],
          ["web: bad frame", 4],
          ["web: closing a flooding connection", undefined],
          ["web: bad frame", 1],
        ]);
        resolve();
      }),
    );
  });
});

describe("per-frame log lines of the web channel, on a real server", () => {
  const { logger, lines } = capturingLogger();
  let server: TriageServer;
  let url: string;
  beforeAll(async () => {
    const conversations = new ConversationService({
      store: fixtureStore(),
      bus: new MemoryBus(),
      clock: new FixedClock("2026-03-02T10:00:00.000Z"),
      ids: countingIds(),
      config: TEST_CONFIG,
    });
    const options = {
      ...webOptionsFromEnv({}),
      perConnection: { points: 5, durationSeconds: 60 },
      perIp: { points: 10_000, durationSeconds: 60 },
      defaultLocale: "fr" as const,
      logIntervalMs: 60_000,
    };
    const web = createWebChannel({ conversations, bus: new MemoryBus(), logger }, options);
    server = createServer({ channels: [web] });
    url = `ws://127.0.0.1:${await server.listen(0, "127.0.0.1")}/ws`;
  });
  afterAll(async () => {
    await server?.close();
  });

  const closedBy = (client: WsClient) =>
    new Promise<void>((resolve) => (client.closeCode !== undefined ? resolve() : client.socket.once("close", () => resolve())));

  it("writes one 'closing a flooding connection' line per connection, not one per frame", async () => {
    const clients = await Promise.all([WsClient.connect(url), WsClient.connect(url)]);
    // 45 frames each, sent at once: past five times the 5-frame allowance (closed at the 26th), as in the 90 lines for 2 connections.
    for (const client of clients) for (let i = 0; i < 45; i++) client.send({ v: 1, type: "ping", id: `p-${i}` });
    await Promise.all(clients.map(closedBy));
    expect(clients.map((c) => c.closeCode)).toEqual([1008, 1008]);
    const flooding = lines.filter((l) => l.msg === "web: closing a flooding connection");
    expect(flooding).toHaveLength(2);
    expect(new Set(flooding.map((l) => l.connection)).size).toBe(2);
  });

  it("writes one 'bad frame' line per connection per interval, then the count of the others when it closes", async () => {
    const client = await WsClient.connect(url);
    for (let i = 0; i < 5; i++) client.send("not json");
    for (let i = 0; i < 5; i++) await client.next("error");
    const socketClosed = closedBy(client);
    client.socket.close();
    await socketClosed;
    // The server sees the close a moment after the client: wait for the flush line itself.
    await expect.poll(() => lines.filter((l) => l.msg === "web: bad frame").map((l) => l.repeated ?? 0), { timeout: 5_000 }).toEqual([0, 4]);
  });
});
