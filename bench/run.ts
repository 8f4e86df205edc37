/*
 * `npm run bench [-- --quick]`: every performance goal of the hot path, measured in one run,
 * printed as a table and written to bench/results.json. The last line printed is one JSON object
 * (ceilingTurnsPerSec, storeRatio, e2eRatio, p99Ms, ...). Goals live here, never in timed tests.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import pino from "pino";
import { seedShippedFlows } from "../bot/start.js";
import { migrate } from "../bot/store/migrate.js";
import { openStore } from "../bot/store/openStore.js";
import { startServerProcess } from "../test/browser/serverProcess.js";
import { watchCpuSteal, type CpuSteal } from "./cpuSteal.js";
import { benchEngine } from "./engine.js";
import { runLoadGenerator, type LoadResult } from "./loadGenerator.js";
import { idleSessionMemory } from "./memory.js";
import { bucketQuantileMs, bucketsBetween, scrapeTurnBuckets } from "./serverLatency.js";
import { benchInstances, type InstancesRun } from "./multiInstance.js";
import { benchCeiling, benchStore } from "./store.js";
import { benchHistoryPostgres, benchHistorySqlite, historySizes, type HistoryTiming } from "./casesHistory.js";
import { benchValidation } from "./validation.js";
import { benchPhoneFirstQuestion, describePhoneResult } from "./phoneFirstQuestion.js";
import { INSTALL_HINT, startPostgres, type LocalServer } from "../test/services/localServers.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const quiet = pino({ level: "silent" });
const { values: args } = parseArgs({ options: { quick: { type: "boolean", default: false }, "skip-postgres": { type: "boolean", default: false } } });
const quick = args.quick!;
/** A PostgreSQL server given from outside; without it the parts that need one start their own (the store part sets the variable to its own, stopped after it). */
const givenPostgresUrl = process.env.BENCH_POSTGRES_URL;

/** Load sizes: full run per issue 4; --quick keeps the whole run under a minute. */
const SIZES: { concurrency: number[]; turnsStore: Record<number, number>; turnsEngine: Record<number, number>; wsConnections: number; idleSessions: number } =
  quick
    ? { concurrency: [1, 100, 500], turnsStore: { 1: 300, 100: 20, 500: 4 }, turnsEngine: { 1: 60, 100: 8, 500: 4 }, wsConnections: 200, idleSessions: 200 }
    : {
        concurrency: [1, 100, 2000],
        turnsStore: { 1: 2000, 100: 100, 2000: 10 },
        turnsEngine: { 1: 200, 100: 20, 2000: 6 },
        wsConnections: 2000,
        idleSessions: 2000,
      };

interface Row {
  measure: string;
  sessions?: number;
  turnsPerSec?: number;
  ratio?: number;
  p50Ms?: number;
  p99Ms?: number;
  value?: string;
}
const rows: Row[] = [];
/** The multi-instance rows: throughput against themselves, not against the SQLite ceiling. */
const instanceRows: Row[] = [];
/** Time a patient takes to read a question and answer it, in the realistic WebSocket run. */
const THINK_MS = 2000;
const log = (line: string) => process.stderr.write(`${line}\n`);

async function withSqliteStore<T>(work: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "triage-bench-e2e-"));
  const url = `file:${join(dir, "bench.db")}`;
  try {
    await migrate(url, { logger: quiet });
    const store = await openStore({ databaseUrl: url, logger: quiet });
    try {
      await seedShippedFlows(store);
      return await work(store);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs bench/wsLoad.ts against one server (bench/loadGenerator.ts). */
function runLoad(wsUrl: string, connections: number, thinkMs = 0): Promise<LoadResult> {
  return runLoadGenerator(wsUrl, connections, { thinkMs, timeoutSeconds: quick ? 40 : 240 });
}

/** What the server processes gave: their rows (WebSocket rows without a ratio to the ceiling yet) and the summary's figures. */
interface ServerResults {
  rows: Row[];
  ws: LoadResult | undefined;
  serverP99Ms: number | undefined;
  thinkingStolen: CpuSteal | undefined;
  memoryKiB: number | undefined;
}

/** Memory per idle session and the WebSocket runs, each on a server process of its own. */
async function measureServers(): Promise<ServerResults> {
  const serverRows: Row[] = [];
  let memoryKiB: number | undefined;
  // Memory on a server of its own, fresh: after a load run the heap has room to spare and hides the growth.
  const memoryServer = await startServerProcess({
    inspect: true,
    env: { WS_RATE_IP_POINTS: "100000000", WS_RATE_CONNECTION_POINTS: "100000", LOG_LEVEL: "error" },
  });
  try {
    const { pid, inspectorUrl, port } = memoryServer;
    if (pid && inspectorUrl) {
      const wsUrl = `ws://127.0.0.1:${port}/ws`;
      await idleSessionMemory(wsUrl, { pid, inspectorUrl }, 20); // warm-up: code paths compiled, flows loaded
      const perSession = await idleSessionMemory(wsUrl, { pid, inspectorUrl }, SIZES.idleSessions);
      serverRows.push({
        measure: `memory per idle live session (RSS growth / ${SIZES.idleSessions}, after full GCs)`,
        value: `${(perSession.rssBytes / 1024).toFixed(1)} KB`,
      });
      serverRows.push({
        measure: `  of which JS heap (heap growth / ${SIZES.idleSessions}, after full GCs)`,
        value: `${(perSession.heapBytes / 1024).toFixed(1)} KB`,
      });
      memoryKiB = perSession.rssBytes / 1024;
    } else serverRows.push({ measure: "memory per idle live session", value: "not measured: no inspector" });
  } finally {
    await memoryServer.stop();
  }

  const metricsToken = randomBytes(24).toString("hex");
  const server = await startServerProcess({
    env: { WS_RATE_IP_POINTS: "100000000", WS_RATE_CONNECTION_POINTS: "100000", LOG_LEVEL: "error", METRICS_TOKEN: metricsToken },
  });
  let ws: LoadResult | undefined;
  let serverP99Ms: number | undefined;
  let thinkingStolen: CpuSteal | undefined;
  try {
    const wsUrl = `ws://127.0.0.1:${server.port}/ws`;
    const httpUrl = `http://127.0.0.1:${server.port}`;
    /** Runs the load and adds the server's own receive-to-reply row for the same turns. */
    const measured = async (thinkMs: number) => {
      const before = await scrapeTurnBuckets(httpUrl, metricsToken);
      const steal = watchCpuSteal();
      const result = await runLoad(wsUrl, SIZES.wsConnections, thinkMs);
      const stolen = steal.stop();
      const turns = bucketsBetween(before, await scrapeTurnBuckets(httpUrl, metricsToken));
      return { result, server: { p50Ms: bucketQuantileMs(turns, 0.5), p99Ms: bucketQuantileMs(turns, 0.99) }, stolen };
    };
    const stealRow = (stolen: CpuSteal | undefined): Row => ({
      measure: "  CPU the hypervisor took meanwhile (steal)",
      value: stolen ? `${stolen.stolenMs} ms (${stolen.percent.toFixed(1)}%), worst 100 ms: ${stolen.worstWindowMs} ms` : "not measured (no /proc/stat)",
    });
    const serverRow = (latency: { p50Ms: number | undefined; p99Ms: number | undefined }): Row => {
      const row: Row = { measure: "  of which in the server (frame in to reply out, histogram)", sessions: SIZES.wsConnections };
      if (latency.p50Ms !== undefined) row.p50Ms = latency.p50Ms;
      if (latency.p99Ms !== undefined) row.p99Ms = latency.p99Ms;
      return row;
    };
    // Saturation: every patient answers the instant the reply arrives (the throughput ceiling of the
    // whole server). Then patients as people are: a couple of seconds to read and tap (the p99 goal).
    const { result: saturated, server: saturatedServer, stolen: saturatedStolen } = await measured(0);
    serverRows.push({
      measure: `WebSocket, no think time (${saturated.completedSessions} done, ${saturated.failedSessions} failed)`,
      sessions: SIZES.wsConnections,
      turnsPerSec: saturated.turnsPerSecond,
      p50Ms: saturated.latencyMs.p50,
      p99Ms: saturated.latencyMs.p99,
    });
    serverRows.push(serverRow(saturatedServer));
    serverRows.push(stealRow(saturatedStolen));
    const thinking = await measured(THINK_MS);
    ws = thinking.result;
    serverP99Ms = thinking.server.p99Ms;
    thinkingStolen = thinking.stolen;
    serverRows.push({
      measure: `WebSocket, ${THINK_MS} ms think time (${ws.completedSessions} done, ${ws.failedSessions} failed)`,
      sessions: SIZES.wsConnections,
      turnsPerSec: ws.turnsPerSecond,
      p50Ms: ws.latencyMs.p50,
      p99Ms: ws.latencyMs.p99,
    });
    serverRows.push(serverRow(thinking.server));
    serverRows.push(stealRow(thinking.stolen));
    // A vCPU taken away for tens of milliseconds stalls every turn in flight: say so next to the p99.
    if (thinking.stolen && thinking.stolen.worstWindowMs >= 20)
      log(
        `note: the hypervisor took ${thinking.stolen.stolenMs} ms of CPU during the think-time run (worst 100 ms window: ${thinking.stolen.worstWindowMs} ms); its p99 includes those stalls`,
      );
  } finally {
    await server.stop();
  }

  return { rows: serverRows, ws, serverP99Ms, thinkingStolen, memoryKiB };
}

/** 1 and 2 instances on PostgreSQL + Redis (bench/multiInstance.ts): their rows, and the turns/s of 2 over 1. */
async function measureInstances(): Promise<{ runs: InstancesRun[]; ratio: number | undefined } | undefined> {
  const patients = quick ? 200 : 400;
  let runs: InstancesRun[];
  try {
    runs = await benchInstances({ counts: [1, 2], patients, timeoutSeconds: quick ? 120 : 300, log });
  } catch (error) {
    instanceRows.push({ measure: "instances on PostgreSQL + Redis", value: `not measured: ${(error as Error).message.split("\n")[0]} (${INSTALL_HINT})` });
    return undefined;
  }
  const cpu = (r: InstancesRun) => {
    const c = r.cpuMsPerTurn;
    const part = (label: string, ms: number | undefined) => (ms === undefined ? [] : [`${label} ${ms.toFixed(2)}`]);
    return [
      ...part("instances", c.instances),
      ...part("PostgreSQL", c.postgres),
      ...part("Redis", c.redis),
      ...part("generator", c.generator),
      ...part("proxy", c.proxy),
    ].join(", ");
  };
  for (const r of runs) {
    instanceRows.push({
      measure: `${r.instances} instance${r.instances > 1 ? "s" : ""}, PostgreSQL + Redis, proxy, no think time (${r.failedSessions} failed)`,
      sessions: r.patients,
      turnsPerSec: r.turnsPerSec,
      p50Ms: r.p50Ms,
      p99Ms: r.p99Ms,
    });
    instanceRows.push({
      measure: "  CPU ms per turn",
      value: `${cpu(r)}${r.coresBusy === undefined ? "" : `; ${r.coresBusy} of ${availableParallelism()} cores busy`}`,
    });
  }
  const [one, two] = [runs.find((r) => r.instances === 1), runs.find((r) => r.instances === 2)];
  const ratio = one && two ? round(two.turnsPerSec / one.turnsPerSec) : undefined;
  if (ratio !== undefined) instanceRows.push({ measure: "2 instances / 1 instance (turns/s)", value: `x${ratio.toFixed(2)}` });
  return { runs, ratio };
}

/** The patient page on a throttled phone (bench/phoneFirstQuestion.ts), on a server of its own; its rows and median. */
async function measurePhone(): Promise<{ rows: Row[]; medianMs: number | undefined }> {
  const server = await startServerProcess({ env: { LOG_LEVEL: "error" } });
  try {
    const result = await benchPhoneFirstQuestion(server.baseUrl, { loads: quick ? 3 : 7 });
    return { rows: describePhoneResult(result), medianMs: Math.round(result.medianFirstQuestionMs) };
  } catch (error) {
    return { rows: [{ measure: "phone first question", value: `not measured: ${(error as Error).message.split("\n")[0]}` }], medianMs: undefined };
  } finally {
    await server.stop();
  }
}

async function main(): Promise<void> {
  log(`Triage benchmarks (${quick ? "quick" : "full"})`);
  // The servers come first, while this process is still small and idle. After the in-process
  // benchmarks below its heap is large, and V8 shrinks it with full collections once the process
  // goes quiet: on the cores the server and the load generator share, in the middle of the run
  // that measures the p99 (full runs on 2026-12-06: p99 15-41 ms with the PostgreSQL store run just before it, 12-16 ms without it).
  const servers = await measureServers();
  const phone = await measurePhone();
  const scaleOut = args["skip-postgres"] ? undefined : await measureInstances();
  const ceiling = await benchCeiling(quick ? { sessions: 64, turns: 100 } : {});
  rows.push({ measure: "ceiling: raw better-sqlite3, WAL, synchronous=FULL, 64 turns/tx", turnsPerSec: ceiling.turnsPerSec, ratio: 1 });
  log(`ceiling ${ceiling.turnsPerSec} turns/s`);

  /** A throughput row with its ratio to this run's ceiling (the machine's speed divides out). */
  const againstCeiling = (measure: string, sessions: number, r: { turnsPerSec: number; p50Ms: number; p99Ms: number }) => ({
    measure,
    sessions,
    turnsPerSec: r.turnsPerSec,
    ratio: r.turnsPerSec / ceiling.turnsPerSec,
    p50Ms: r.p50Ms,
    p99Ms: r.p99Ms,
  });

  for (const sessions of SIZES.concurrency) {
    const turns = SIZES.turnsStore[sessions]!;
    const r = await benchStore({ driver: "sqlite", sessions, turns });
    rows.push(againstCeiling("bot/store on SQLite", sessions, r));
    log(`store sqlite x${sessions}: ${r.turnsPerSec} turns/s`);
  }

  for (const sessions of SIZES.concurrency) {
    const turnsPerSession = SIZES.turnsEngine[sessions]!;
    const r = await withSqliteStore((store) => benchEngine({ store, sessions, turnsPerSession }));
    rows.push(againstCeiling("engine + store on SQLite", sessions, r));
    log(`engine+store x${sessions}: ${r.turnsPerSec} turns/s`);
  }

  if (!args["skip-postgres"]) {
    let ownPostgres: LocalServer | undefined;
    try {
      // A server of the benchmark's own, with fsync on like a real deployment, unless one is given.
      if (!process.env.BENCH_POSTGRES_URL) {
        ownPostgres = await startPostgres({ durable: true });
        process.env.BENCH_POSTGRES_URL = ownPostgres.url;
      }
      const sessions = quick ? 100 : 2000;
      const r = await benchStore({ driver: "postgres", sessions, turns: quick ? 10 : 10 });
      rows.push(againstCeiling("bot/store on PostgreSQL", sessions, r));
      log(`store postgres x${sessions}: ${r.turnsPerSec} turns/s`);
    } catch (error) {
      rows.push({ measure: "bot/store on PostgreSQL", value: `not measured: ${(error as Error).message.split("\n")[0]} (${INSTALL_HINT})` });
    } finally {
      await ownPostgres?.stop();
    }
  }

  // The cases history's first page on 100,000 cases (issue 24, item 8; target < 200 ms); alone: npx tsx bench/casesHistory.ts.
  const history = historySizes(quick);
  const historyRows = (database: string, timings: HistoryTiming[]) =>
    timings.map((t) => ({ measure: `cases history on ${database}, ${history.cases} cases: ${t.name}`, p50Ms: t.p50Ms, p99Ms: t.p99Ms }));
  rows.push(...historyRows("SQLite", await benchHistorySqlite(history.cases, history.runs, log)));
  if (!args["skip-postgres"]) {
    let ownPostgres: LocalServer | undefined;
    try {
      ownPostgres = givenPostgresUrl ? undefined : await startPostgres({ durable: true });
      rows.push(...historyRows("PostgreSQL", await benchHistoryPostgres(givenPostgresUrl ?? ownPostgres!.url, history.cases, history.runs, log)));
    } catch (error) {
      rows.push({ measure: "cases history on PostgreSQL", value: `not measured: ${(error as Error).message.split("\n")[0]} (${INSTALL_HINT})` });
    } finally {
      await ownPostgres?.stop();
    }
  }

  const validation = await benchValidation();
  rows.push({ measure: `flow validation, generated ${validation.nodes}-node flow`, value: `${validation.validateMs.toFixed(1)} ms` });
  rows.push(...servers.rows.map((row) => (row.turnsPerSec === undefined ? row : { ...row, ratio: row.turnsPerSec / ceiling.turnsPerSec })));
  rows.push(...instanceRows);
  rows.push(...phone.rows);
  const { ws, serverP99Ms, thinkingStolen, memoryKiB: memoryKiBPerSession } = servers;

  const e2eRow = [...rows].reverse().find((r) => r.measure === "engine + store on SQLite");
  const storeRow = [...rows].reverse().find((r) => r.measure === "bot/store on SQLite");
  const summary = {
    quick,
    ceilingTurnsPerSec: ceiling.turnsPerSec,
    storeRatio: round(storeRow?.ratio ?? 0),
    e2eRatio: round(e2eRow?.ratio ?? 0),
    /** p99 from send to reply at the WebSocket, patients with think time. */
    p99Ms: ws?.latencyMs.p99 ?? null,
    /** The same turns' p99 as the server measured them (GET /metrics histogram, interpolated in its bucket). */
    serverP99Ms: serverP99Ms === undefined ? null : round(serverP99Ms),
    wsTurnsPerSec: ws?.turnsPerSecond ?? null,
    /** CPU time the hypervisor took during that run, and its worst 100 ms window (null where /proc/stat is missing). */
    stealMs: thinkingStolen?.stolenMs ?? null,
    stealWorstWindowMs: thinkingStolen?.worstWindowMs ?? null,
    validateMs: round(validation.validateMs),
    /** 1 and 2 instances on PostgreSQL + Redis through the proxy, no think time; null with --skip-postgres or when it could not run. */
    instances: scaleOut?.runs ?? null,
    /** Turns/s of 2 instances over 1 (bounded by the machine's cores: see coresBusy and the CPU per turn). */
    scaleRatio: scaleOut?.ratio ?? null,
    memoryKiBPerIdleSession: memoryKiBPerSession === undefined ? null : round(memoryKiBPerSession),
    /** Navigation to the first question usable on a throttled phone, median of cold loads (goal < 1000). */
    phoneFirstQuestionMs: phone.medianMs ?? null,
  };
  writeFileSync(join(ROOT, "bench/results.json"), `${JSON.stringify({ at: new Date().toISOString(), summary, rows }, null, 2)}\n`);
  printTable();
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

function printTable(): void {
  const header = ["measure", "sessions", "turns/s", "ratio", "p50 ms", "p99 ms", "value"];
  const lines = rows.map((r) =>
    [
      r.measure,
      r.sessions ?? "",
      r.turnsPerSec === undefined ? "" : Math.round(r.turnsPerSec),
      r.ratio === undefined ? "" : r.ratio.toFixed(2),
      r.p50Ms === undefined ? "" : r.p50Ms.toFixed(1),
      r.p99Ms === undefined ? "" : r.p99Ms.toFixed(1),
      r.value ?? "",
    ].map(String),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const fmt = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(" | ");
  process.stdout.write(`${fmt(header)}\n${widths.map((w) => "-".repeat(w)).join("-|-")}\n${lines.map(fmt).join("\n")}\n`);
}

await main();
process.exit(0);
