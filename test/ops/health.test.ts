import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../bot/config/config.js";
import type { HealthEndpoint, ReadyzBody } from "../../bot/health/healthEndpoint.js";
import { runtimeHealth } from "../../bot/health/runtimeHealth.js";
import { logger } from "../../bot/logger.js";
import { createRuntime, openRuntimeParts, type Runtime } from "../../bot/runtime.js";
import { createServer, type TriageServer } from "../../bot/server.js";
import { migrate } from "../../bot/store/migrate.js";
import { createTestDatabase, type TestDatabase } from "../store/storeFixtures.js";
import { startTcpProxy, type TcpProxy } from "./tcpProxy.js";

/*
 * /healthz and /readyz as a load balancer sees them: the real runtime and HTTP server, on a SQLite
 * file, on PostgreSQL and with Redis, each reached through a TCP proxy the test can cut as a
 * network or host failure would.
 */

const REDIS_URL = new URL(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379");
const silent = logger.child({}, { level: "silent" });

interface Served {
  base: string;
  health: HealthEndpoint;
  close(): Promise<void>;
}

/** The runtime for `env` behind the real HTTP server with the health door (no cache between probes). */
async function serve(env: Record<string, string>): Promise<Served> {
  const config = loadConfig({ LOG_LEVEL: "silent", ...env });
  const parts = await openRuntimeParts(config);
  const runtime: Runtime = createRuntime(config, parts);
  const health = runtimeHealth(runtime, { cacheMs: 0, timeoutMs: 2_000 });
  const server: TriageServer = createServer({ channels: runtime.channels, doors: [health.door] });
  const base = `http://127.0.0.1:${await server.listen(0, "127.0.0.1")}`;
  return { base, health, close: async () => (await server.close(), await runtime.close()) };
}

async function readyz(base: string): Promise<{ status: number; body: ReadyzBody }> {
  const response = await fetch(`${base}/readyz`);
  expect(response.headers.get("content-type")).toContain("application/json");
  return { status: response.status, body: (await response.json()) as ReadyzBody };
}

/** Probes /readyz until it answers `status` (a reconnecting driver takes a moment), then returns that answer. */
async function readyzUntil(base: string, status: number): Promise<{ status: number; body: ReadyzBody }> {
  for (let attempt = 0; ; attempt += 1) {
    const answer = await readyz(base);
    if (answer.status === status || attempt >= 200) return answer;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("on SQLite", () => {
  let dir: string;
  let file: string;
  let served: Served;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "triage-health-"));
    file = join(dir, "triage.db");
    await migrate(`file:${file}`, { logger: silent });
    served = await serve({ DATABASE_URL: `file:${file}` });
  });

  afterAll(async () => {
    await served.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("answers /healthz with 200 and a JSON status", async () => {
    const response = await fetch(`${served.base}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok" });
  });

  it("answers /readyz with 200 when the database is reachable with every migration applied, and checks no Redis when none is configured", async () => {
    expect(await readyz(served.base)).toEqual({ status: 200, body: { status: "ready", draining: false, checks: { database: { status: "ok" } } } });
  });

  it("turns /readyz to 503 while a migration this code ships is missing from the database, and back once it is applied", async () => {
    const db = new Database(file);
    try {
      const last = db.prepare<[], { name: string; checksum: string; applied_at: string }>("SELECT * FROM _triage_migrations ORDER BY name DESC LIMIT 1").get()!;
      db.prepare("DELETE FROM _triage_migrations WHERE name = ?").run(last.name);
      expect(await readyz(served.base)).toEqual({
        status: 503,
        body: { status: "not_ready", draining: false, checks: { database: { status: "fail", code: "migrations_pending", pending: 1 } } },
      });
      db.prepare("INSERT INTO _triage_migrations (name, checksum, applied_at) VALUES (?, ?, ?)").run(last.name, last.checksum, last.applied_at);
      expect((await readyz(served.base)).status).toBe(200);
    } finally {
      db.close();
    }
  });

  it("answers only GET and HEAD, and leaves other paths to the channels and the app", async () => {
    const post = await fetch(`${served.base}/readyz`, { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET, HEAD");
    const head = await fetch(`${served.base}/healthz`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
    expect((await fetch(`${served.base}/readyzz`)).status).toBe(404);
  });

  it("turns /readyz to 503 `draining` once the process drains, while /healthz stays 200", async () => {
    served.health.startDraining();
    expect(await readyz(served.base)).toEqual({ status: 503, body: { status: "not_ready", draining: true, checks: {} } });
    expect((await fetch(`${served.base}/healthz`)).status).toBe(200);
  });
});

describe("on PostgreSQL, through a connection that can be cut", () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let served: Served;

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    const url = new URL(database.url);
    proxy = await startTcpProxy(url.hostname, Number(url.port || 5432));
    url.host = `127.0.0.1:${proxy.port}`;
    served = await serve({ DATABASE_URL: url.toString() });
  });

  afterAll(async () => {
    await proxy.restore();
    await served.close();
    await proxy.close();
    await database.drop();
  });

  it("is ready while PostgreSQL answers, 503 `unreachable` while it is down, and ready again when it is back", async () => {
    expect(await readyz(served.base)).toEqual({ status: 200, body: { status: "ready", draining: false, checks: { database: { status: "ok" } } } });
    await proxy.cut();
    const down = await readyz(served.base);
    expect(down.status).toBe(503);
    expect(down.body.checks.database).toEqual({ status: "fail", code: "unreachable" });
    // The process itself is alive: an orchestrator must not restart it for its database.
    expect((await fetch(`${served.base}/healthz`)).status).toBe(200);
    await proxy.restore();
    expect((await readyzUntil(served.base, 200)).body.checks.database).toEqual({ status: "ok" });
  });

  it("says nothing about the server, the database or the error in its answer", async () => {
    await proxy.cut();
    const text = JSON.stringify((await readyz(served.base)).body);
    await proxy.restore();
    expect(text).not.toMatch(/127\.0\.0\.1|postgres|test_|ECONN|connect/i);
  });
});

describe("with Redis configured, through a connection that can be cut", () => {
  let dir: string;
  let proxy: TcpProxy;
  let served: Served;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "triage-health-redis-"));
    const databaseUrl = `file:${join(dir, "triage.db")}`;
    await migrate(databaseUrl, { logger: silent });
    proxy = await startTcpProxy(REDIS_URL.hostname, Number(REDIS_URL.port || 6379));
    served = await serve({ DATABASE_URL: databaseUrl, REDIS_URL: `redis://127.0.0.1:${proxy.port}` });
  });

  afterAll(async () => {
    await proxy.restore();
    await served.close();
    await proxy.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("checks Redis too: 503 `unreachable` while it is down, ready again once the bus has reconnected", async () => {
    expect(await readyz(served.base)).toEqual({
      status: 200,
      body: { status: "ready", draining: false, checks: { database: { status: "ok" }, redis: { status: "ok" } } },
    });
    await proxy.cut();
    const down = await readyz(served.base);
    expect(down.status).toBe(503);
    expect(down.body.checks).toEqual({ database: { status: "ok" }, redis: { status: "fail", code: "unreachable" } });
    await proxy.restore();
    expect((await readyzUntil(served.base, 200)).body.checks.redis).toEqual({ status: "ok" });
  });
});
