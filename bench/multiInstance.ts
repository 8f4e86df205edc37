/*
 * The scale-out benchmark (issue 23): 1 then 2 `npm start` processes on one PostgreSQL (fsync on,
 * as deployed) and one Redis, behind the round-robin proxy the tests use, loaded through it by
 * the WebSocket generator with patients who answer at once (saturation: the throughput ceiling).
 * Each run's CPU is divided among the instances, PostgreSQL, Redis, the generator and the proxy
 * (bench/processCpu.ts): per turn, that says where the next core would go and what saturates first.
 */
import pino from "pino";
import { migrate } from "../bot/store/migrate.js";
import { startCluster } from "../test/scale/instanceProcesses.js";
import { createPostgresDatabase } from "../test/services/postgresDatabase.js";
import { startPostgres, startRedis, type LocalServer } from "../test/services/localServers.js";
import { runLoadGenerator } from "./loadGenerator.js";
import { childPids, treeCpuMs } from "./processCpu.js";

export interface InstancesRun {
  instances: number;
  patients: number;
  turns: number;
  failedSessions: number;
  turnsPerSec: number;
  p50Ms: number;
  p99Ms: number;
  /** CPU milliseconds per acknowledged turn, by process tree (undefined where /proc is missing). */
  cpuMsPerTurn: { instances?: number; postgres?: number; redis?: number; generator?: number; proxy: number };
  /** The whole run's CPU over its wall time, in cores (the machine has os.availableParallelism()). */
  coresBusy?: number;
}

export interface InstancesOptions {
  counts: number[];
  patients: number;
  timeoutSeconds: number;
  log: (line: string) => void;
}

const quiet = pino({ level: "silent" });

async function createDatabase(serverUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const database = await createPostgresDatabase(serverUrl, "bench");
  await migrate(database.url, { logger: quiet });
  return database;
}

const perTurn = (ms: number | undefined, turns: number) => (ms === undefined ? undefined : Math.round((ms / Math.max(1, turns)) * 100) / 100);

/** Given instance counts, runs the saturation load through the proxy on each and returns one row per count. */
export async function benchInstances(options: InstancesOptions): Promise<InstancesRun[]> {
  const servers: LocalServer[] = [];
  const runs: InstancesRun[] = [];
  try {
    servers.push(await startPostgres({ durable: true }));
    servers.push(await startRedis());
    const [postgres, redis] = servers as [LocalServer, LocalServer];
    const [postgresPid] = childPids(/postgres.* -D /);
    const [redisPid] = childPids(/redis-server/);
    for (const count of options.counts) {
      const database = await createDatabase(postgres.url);
      const cluster = await startCluster({ count, databaseUrl: database.url, redisUrl: redis.url, env: { LOG_LEVEL: "error" } });
      try {
        // Warm-up: code compiled and flows loaded on every instance, pools open.
        await runLoadGenerator(cluster.proxy.ws, 20 * count, { timeoutSeconds: options.timeoutSeconds });
        const instancePids = cluster.instances.map((i) => i.pid);
        const roots = () => [...instancePids, ...(postgresPid ? [postgresPid] : []), ...(redisPid ? [redisPid] : [])];
        const before = treeCpuMs(roots());
        const proxyBefore = process.cpuUsage();
        const began = performance.now();
        const result = await runLoadGenerator(cluster.proxy.ws, options.patients, { timeoutSeconds: options.timeoutSeconds });
        const wallMs = performance.now() - began;
        const after = treeCpuMs(roots());
        const proxyUsage = process.cpuUsage(proxyBefore);
        const used = (pid: number | undefined) =>
          pid === undefined || before.get(pid) === undefined || after.get(pid) === undefined ? undefined : after.get(pid)! - before.get(pid)!;
        const instancesMs = instancePids.map(used).reduce<number | undefined>((sum, ms) => (sum === undefined || ms === undefined ? undefined : sum + ms), 0);
        // The generator has exited by now: its CPU is what it reported (its own process.cpuUsage).
        const generatorMs = result.generatorCpuMsPerTurn * result.turns;
        const proxyMs = (proxyUsage.user + proxyUsage.system) / 1000;
        const cpuMsPerTurn: InstancesRun["cpuMsPerTurn"] = { proxy: perTurn(proxyMs, result.turns)! };
        const put = (key: "instances" | "postgres" | "redis" | "generator", ms: number | undefined) => {
          const value = perTurn(ms, result.turns);
          if (value !== undefined) cpuMsPerTurn[key] = value;
        };
        put("instances", instancesMs);
        put("postgres", used(postgresPid));
        put("redis", used(redisPid));
        put("generator", generatorMs);
        const all = [instancesMs, used(postgresPid), used(redisPid), generatorMs, proxyMs];
        const run: InstancesRun = {
          instances: count,
          patients: options.patients,
          turns: result.turns,
          failedSessions: result.failedSessions,
          turnsPerSec: result.turnsPerSecond,
          p50Ms: result.latencyMs.p50,
          p99Ms: result.latencyMs.p99,
          cpuMsPerTurn,
        };
        if (all.every((ms) => ms !== undefined)) run.coresBusy = Math.round(((all as number[]).reduce((a, b) => a + b, 0) / wallMs) * 100) / 100;
        runs.push(run);
        options.log(`${count} instance(s): ${result.turnsPerSecond} turns/s, p99 ${result.latencyMs.p99} ms, CPU per turn ${JSON.stringify(cpuMsPerTurn)}`);
      } finally {
        await cluster.close();
        await database.drop();
      }
    }
  } finally {
    for (const server of servers.reverse()) await server.stop();
  }
  return runs;
}
