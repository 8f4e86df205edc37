import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureAppBuilt } from "../../bot/start.js";
import { SERVER_ENTRY, SERVER_NODE_ARGS } from "../../bot/startCommand.js";
import { spawnServer } from "../browser/serverProcess.js";
import { roundRobinProxy, type RoundRobinProxy } from "./roundRobinProxy.js";

/*
 * The scale-out deployment as separate processes (issue 23): N `npm start` servers (its very
 * entry, `node --import tsx bot/start.ts`, one process each, so a SIGKILL of its PID kills the
 * server) on one PostgreSQL database and one Redis, behind a round-robin proxy without sticky
 * sessions. The app is built once before any of them starts.
 */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const NAMES = ["A", "B", "C", "D"];

export interface InstanceProcess {
  name: string;
  port: number;
  pid: number;
  baseUrl: string;
  /** ws://127.0.0.1:<port>/ws, straight to this instance. */
  ws: string;
  /** What it printed while starting (the first one prints the demo accounts' passwords). */
  output: string;
  /** False once killed or stopped. */
  alive(): boolean;
  /** kill -9: no drain, no shutdown, nothing flushed; resolves once the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (graceful), then SIGKILL if it is still there after 15 s; resolves once it is gone. */
  stop(): Promise<void>;
}

export interface Cluster {
  instances: InstanceProcess[];
  proxy: RoundRobinProxy;
  /** The demo accounts' passwords, printed once by the first instance on the empty database. */
  passwords: { admin: string; clinician: string };
  /** Stops every instance still running and the proxy (the database is the caller's). */
  close(): Promise<void>;
}

export interface ClusterOptions {
  count: number;
  databaseUrl: string;
  redisUrl: string;
  /** More environment for every instance (METRICS_TOKEN, ...). */
  env?: Record<string, string>;
}

/** Rate limits raised: hundreds of patients arrive from the one loopback address of the tests. */
const LOAD_ENV = { WS_RATE_IP_POINTS: "100000000", WS_RATE_CONNECTION_POINTS: "100000" };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return !isAlive(pid);
}

async function startInstance(name: string, options: ClusterOptions): Promise<InstanceProcess> {
  const env = {
    PORT: "0",
    HOST: "127.0.0.1",
    DATABASE_URL: options.databaseUrl,
    REDIS_URL: options.redisUrl,
    LOG_LEVEL: "warn",
    TRIAGE_DRAIN_SECONDS: "0",
    ...LOAD_ENV,
    ...options.env,
  };
  const chatUrl = /Patient chat:\s+http:\/\/[^:/]+:(\d+)\//;
  const spawned = await spawnServer(`instance ${name}`, [...SERVER_NODE_ARGS, join(ROOT, SERVER_ENTRY)], env, (output) => chatUrl.test(output));
  const port = Number(chatUrl.exec(spawned.output)![1]);
  const pid = spawned.pid!;
  const baseUrl = `http://127.0.0.1:${port}`;
  let gone = false;
  const instance: InstanceProcess = {
    name,
    port,
    pid,
    baseUrl,
    ws: `ws://127.0.0.1:${port}/ws`,
    output: spawned.output,
    alive: () => !gone && isAlive(pid),
    async kill9() {
      gone = true;
      process.kill(pid, "SIGKILL");
      await waitUntilGone(pid, 10_000);
    },
    async stop() {
      if (!isAlive(pid)) return void (gone = true);
      gone = true;
      void spawned.stop();
      if (!(await waitUntilGone(pid, 15_000))) process.kill(pid, "SIGKILL");
      await waitUntilGone(pid, 5_000);
    },
  };
  // Serving: its database and Redis answer (GET /readyz), as a load balancer's health check asks.
  for (let i = 0; i < 200; i += 1) {
    if (
      (await fetch(`${baseUrl}/readyz`).then(
        (r) => r.status,
        () => 0,
      )) === 200
    )
      return instance;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await instance.stop();
  throw new Error(`instance ${name} never answered /readyz 200`);
}

/**
 * Starts `count` instances on a migrated, empty database: the first alone (it publishes the
 * shipped flows and seeds the demo accounts, which two at once would race for), then the others
 * together; then the proxy in front of them all.
 */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  await ensureAppBuilt();
  const instances: InstanceProcess[] = [];
  try {
    instances.push(await startInstance(NAMES[0]!, options));
    const others = await Promise.allSettled(NAMES.slice(1, options.count).map((name) => startInstance(name, options)));
    for (const result of others) if (result.status === "fulfilled") instances.push(result.value);
    const failed = others.find((r) => r.status === "rejected");
    if (failed) throw (failed as PromiseRejectedResult).reason;
  } catch (error) {
    await Promise.all(instances.map((i) => i.stop()));
    throw error;
  }
  const output = instances[0]!.output;
  const password = (email: string) => new RegExp(`${email.replace(/\./g, "\\.")}\\s+password: (\\S+)`).exec(output)?.[1] ?? "";
  const proxy = await roundRobinProxy(instances.map((i) => i.port));
  return {
    instances,
    proxy,
    passwords: { admin: password("admin@triage.local"), clinician: password("clinician@triage.local") },
    async close() {
      await proxy.close();
      await Promise.all(instances.map((i) => i.stop()));
    },
  };
}
