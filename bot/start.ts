import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmdirSync, statSync } from "node:fs";
import type { Server } from "node:http";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { flowSchema } from "../flows/index.js";
import { loadConfig, type TriageConfig } from "./config/config.js";
import { describeSlack, slackSetup } from "./channels/slack/slackOptions.js";
import { formatDemoAccounts, seedDemoAccounts as seedConsoleAccounts } from "./auth/seedDemoAccounts.js";
import { logger } from "./logger.js";
import { createRuntime, installRuntime, installedRuntime, openRuntimeParts, uninstallRuntime, type Runtime } from "./runtime.js";
import { attachUpgrades, channelMiddleware, createServer, type RequestHandler, type TriageServer } from "./server.js";
import { PrismaStore } from "./store/prismaStore.js";
import { startAuditCheckpoints } from "./composition/startAuditCheckpoints.js";
import { buildIsStale } from "./composition/buildInputs.js";
import { startRetention } from "./retention/startRetention.js";
import { startTracing } from "./telemetry/tracing.js";
import { SlackConversationRepository } from "./store/slackConversationRepository.js";
import { SlackDeliveryRepository } from "./store/slackDeliveryRepository.js";
import { migrate } from "./store/migrate.js";
import { METRICS_PATH, metricsEndpoint } from "./metrics/metricsEndpoint.js";
import { securityPolicy } from "./http/securityHeaders.js";
import { proxyMatcher, trustedProxyList } from "./http/clientIp.js";
import { withScheme } from "./http/requestScheme.js";
import { runtimeHealth } from "./health/runtimeHealth.js";
import type { HealthEndpoint } from "./health/healthEndpoint.js";

/*
 * `npm start`: the composition root's entry. Loads the configuration, builds the SvelteKit app
 * when build/ is missing or stale, applies migrations, seeds the shipped flows, opens the one
 * runtime of the process and serves everything on one HTTP server.
 */

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BUILD_HANDLER = join(ROOT, "build", "handler.js");
/** True when build/ is missing or no longer matches the files its build read (bot/composition/buildInputs.ts). */
export function appBuildIsStale(): boolean {
  return buildIsStale(ROOT);
}

/** Runs `vite build` when the app build is stale; concurrent starts (tests) wait for one build. */
export async function ensureAppBuilt(): Promise<void> {
  if (!appBuildIsStale()) return;
  const lock = join(ROOT, ".svelte-kit-build.lock");
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another process is building: wait for it, then check again. A lock older than 5 minutes is stale.
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 300_000) rmdirSync(lock);
      await new Promise((resolve) => setTimeout(resolve, 500));
      if (!appBuildIsStale()) return;
    }
  }
  try {
    if (!appBuildIsStale()) return;
    // Plain lines for the person waiting at the terminal: the first start spends ~30 s here.
    process.stdout.write("Building the web app (first start, or its sources changed)…\n");
    const began = Date.now();
    await new Promise<void>((resolve, reject) => {
      const child = spawn(process.execPath, [join(ROOT, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "warn"], {
        cwd: ROOT,
        // Always the production client: a build a test run started (NODE_ENV=test) had Svelte's
        // development code in it, 17% more JavaScript for the patient's phone, and npm start reused it.
        env: { ...process.env, NODE_ENV: "production" },
        stdio: ["ignore", "ignore", "inherit"],
      });
      child.on("error", reject);
      child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`vite build exited with ${code}`))));
    });
    // The build wrote build/build-inputs.json: each file hashed as the build read it, so a source
    // saved during the build counts as changed and the next start builds again.
    process.stdout.write(`Building the web app… done in ${Math.round((Date.now() - began) / 1000)} s\n`);
  } finally {
    rmdirSync(lock);
  }
}

/** Publishes every shipped flow (flows/library/*.json) as version 1 when the store has none of that slug. */
export async function seedShippedFlows(store: Pick<PrismaStore, "latestFlowVersion" | "publishFlowVersion">): Promise<string[]> {
  const dir = join(ROOT, "flows", "library");
  const seeded: string[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const parsed = flowSchema.safeParse(JSON.parse(readFileSync(join(dir, file), "utf8")));
    if (!parsed.success) {
      logger.warn({ file, issues: parsed.error.issues.length }, "shipped flow does not parse: not seeded");
      continue;
    }
    if (await store.latestFlowVersion(parsed.data.slug)) continue;
    await store.publishFlowVersion({ definition: parsed.data, author: "system", changeNote: `shipped flow ${file}` });
    seeded.push(parsed.data.slug);
  }
  return seeded;
}

/** Hook: demo accounts (clinician, administrator) for the console are seeded here once the console's user store exists. */
async function seedDemoAccounts(runtime: Runtime): Promise<void> {
  const seeded = runtime.console ? await seedConsoleAccounts(runtime.console) : [];
  if (seeded.length > 0) process.stdout.write(formatDemoAccounts(seeded));
}

/** Migrates, opens the store, seeds, and installs the process's one runtime (or returns the one already installed). */
export async function openProcessRuntime(config: TriageConfig): Promise<Runtime> {
  const existing = installedRuntime();
  if (existing) return existing;
  await migrate(config.env.DATABASE_URL, { logger });
  const parts = await openRuntimeParts(config);
  const seeded = await seedShippedFlows(parts.store);
  if (seeded.length > 0) logger.info({ flows: seeded }, "shipped flows published");
  // Slack DMs map to sessions in the database, so a restart finds each patient's session; once-only work is claimed there too.
  const runtime = installRuntime(
    createRuntime(config, {
      ...parts,
      slackConversations: new SlackConversationRepository(parts.store),
      slackDeliveries: new SlackDeliveryRepository(parts.store),
    }),
  );
  await seedDemoAccounts(runtime);
  return runtime;
}

export interface Started {
  runtime: Runtime;
  server: TriageServer;
  port: number;
  baseUrl: string;
  /** /healthz and /readyz (bot/health): draining from the first stop() on. */
  health: HealthEndpoint;
  /**
   * Turns /readyz to 503, waits TRIAGE_DRAIN_SECONDS while still serving, then closes the server
   * (WebSockets with 1001), drains and closes the store. A second call cuts the wait short.
   */
  stop(): Promise<void>;
}

/** Starts the whole process: build if needed, runtime, one HTTP server with the app and the channels. */
export async function startTriage(config: TriageConfig = loadConfig()): Promise<Started> {
  await ensureAppBuilt();
  const runtime = await openProcessRuntime(config);
  // adapter-node takes every request for https unless a header says otherwise; SvelteKit's CSRF
  // origin check (console forms) and Secure cookies need the real scheme: withScheme sets it.
  process.env.PROTOCOL_HEADER ??= "x-forwarded-proto";
  // SvelteKit counts a body sent without a length while it streams and stops at the same limit (413).
  process.env.BODY_SIZE_LIMIT ??= String(config.env.HTTP_MAX_BODY_BYTES);
  const { handler } = (await import(pathToFileURL(BUILD_HANDLER).href)) as { handler: RequestHandler };
  const token = config.env.METRICS_TOKEN;
  if (token) runtime.metrics.collectProcessMetrics();
  const health = runtimeHealth(runtime);
  const doors = [health.door, ...(token ? [metricsEndpoint(runtime.metrics.registry, token)] : [])];
  const server = createServer({
    channels: runtime.channels,
    app: withScheme(handler, proxyMatcher(trustedProxyList(config.env))),
    doors,
    maxBodyBytes: config.env.HTTP_MAX_BODY_BYTES,
    security: securityPolicy(config.env),
  });
  // Traces of patient turns (before the first one can arrive) over OTLP/HTTP, when an endpoint is set (OTEL_EXPORTER_OTLP_ENDPOINT).
  const tracing = await startTracing(config.env);
  const port = await server.listen(config.env.PORT, config.env.HOST);
  // Signed chain heads kept outside the database (AUDIT_CHECKPOINT_FILE / _WEBHOOK_URL).
  const checkpoints = runtime.store instanceof PrismaStore ? startAuditCheckpoints(config.env, runtime.store.prisma, logger) : undefined;
  // Retention periods of health data (RETENTION_*_DAYS), when any is set.
  const retention = runtime.store instanceof PrismaStore ? startRetention(config.env, runtime.store, logger) : undefined;
  const baseUrl = config.env.PUBLIC_URL?.replace(/\/$/, "") ?? `http://localhost:${port}`;
  let stopping: Promise<void> | undefined;
  let cutDrain = () => {};
  return {
    runtime,
    server,
    port,
    baseUrl,
    health,
    stop() {
      if (stopping) {
        cutDrain();
        return stopping;
      }
      health.startDraining();
      stopping = (async () => {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, config.env.TRIAGE_DRAIN_SECONDS * 1000);
          cutDrain = () => (clearTimeout(timer), resolve());
        });
        await server.close();
        await retention?.stop();
        await checkpoints?.stop();
        await runtime.close();
        await tracing?.shutdown();
        uninstallRuntime(runtime);
      })();
      return stopping;
    },
  };
}

/**
 * `vite dev`: opens the same runtime in the Vite process and attaches the channels to the dev
 * server (WebSocket upgrades at /ws; Vite's own HMR upgrades are left alone). Returns the
 * middleware that offers requests to the channels first.
 */
export async function attachToDevServer(http: Server): Promise<RequestHandler> {
  const runtime = await openProcessRuntime(loadConfig());
  attachUpgrades(http, runtime.channels, { refuseOthers: false });
  http.once("close", () => void runtime.close().then(() => uninstallRuntime(runtime)));
  const health = runtimeHealth(runtime);
  const channels = channelMiddleware(runtime.channels);
  return (req, res, next) => {
    if (!health.door(req, res)) channels(req, res, next);
  };
}

async function main(): Promise<void> {
  const started = await startTriage();
  const { baseUrl } = started;
  let stopping = false;
  const shutdown = (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second signal: stop draining and close now.
      logger.info({ signal }, "drain cut short");
      void started.stop();
      return;
    }
    stopping = true;
    const drainSeconds = started.runtime.config.env.TRIAGE_DRAIN_SECONDS;
    logger.info({ signal, drainSeconds }, "shutting down");
    const force = setTimeout(() => process.exit(1), 10_000 + drainSeconds * 1000);
    force.unref();
    started.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  // Handlers first: a process manager may signal the PID as soon as the banner prints it.
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
  process.stdout.write(
    `\nTriage is running (process ${process.pid}; SIGTERM or Ctrl-C stops it gracefully).\n` +
      `  Patient chat:  ${baseUrl}/chat/general\n` +
      `  Widget demo:   ${baseUrl}/widget-demo\n` +
      `  Console:       ${baseUrl}/console\n` +
      `  ${describeSlack(slackSetup(started.runtime.config), baseUrl)}\n` +
      `  Health:        ${baseUrl}/healthz, ${baseUrl}/readyz\n` +
      `  Metrics:       ${started.runtime.config.env.METRICS_TOKEN ? `${baseUrl}${METRICS_PATH} (bearer METRICS_TOKEN)` : "off (METRICS_TOKEN is not set)"}\n\n`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    logger.fatal({ err: error }, "failed to start");
    process.exit(1);
  });
}
