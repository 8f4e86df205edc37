import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkPrerequisites, startPostgres, startRedis, type LocalServer } from "./localServers.js";
import { findLeftovers, listStrayDatabases, processesOfRun } from "./leftovers.js";

/*
 * vitest globalSetup: one PostgreSQL and one Redis of the run's own, and one temporary folder that
 * every temporary file of the run goes into (TMPDIR). At the end the servers stop and the run
 * fails if anything it made is still there: a test database, a file, a process.
 */

export default async function setup(): Promise<() => Promise<void>> {
  checkPrerequisites({ browser: true });
  const runDir = mkdtempSync(join(tmpdir(), "triage-test-run-"));
  // Traversable (not listable) by others: as root, PostgreSQL runs as another user inside it.
  chmodSync(runDir, 0o711);
  const previousTmp = process.env.TMPDIR;
  // Set before anything starts, so the servers, the test workers and their children inherit it.
  process.env.TMPDIR = runDir;
  process.env.TRIAGE_TEST_RUN = runDir;
  const started: LocalServer[] = [];
  let postgres: LocalServer;
  try {
    const [pg, redis] = await Promise.all([startPostgres(), startRedis()]);
    started.push(pg, redis);
    postgres = pg;
    // An explicit TEST_*_URL from the caller wins (e.g. to run against another server on purpose).
    process.env.TEST_POSTGRES_URL ??= pg.url;
    process.env.TEST_REDIS_URL ??= redis.url;
  } catch (error) {
    await Promise.all(started.map((s) => s.stop()));
    rmSync(runDir, { recursive: true, force: true });
    throw error;
  }

  // Ctrl-C or a kill of the run skips teardown: stop the servers, the processes the tests started
  // (servers under test, browsers: they outlive the killed workers) and remove the folder first.
  const interrupted = (signal: NodeJS.Signals) => {
    started.forEach((s) => s.kill());
    for (const { pid } of processesOfRun(runDir)) {
      try {
        process.kill(pid, "SIGKILL");
      } catch {
        // Already gone.
      }
    }
    rmSync(runDir, { recursive: true, force: true });
    process.kill(process.pid, signal);
  };
  process.once("SIGINT", interrupted);
  process.once("SIGTERM", interrupted);

  return async function teardown(): Promise<void> {
    process.off("SIGINT", interrupted);
    process.off("SIGTERM", interrupted);
    const databases = await listStrayDatabases(postgres.url);
    await Promise.all(started.map((s) => s.stop()));
    const leftovers = findLeftovers(runDir);
    rmSync(runDir, { recursive: true, force: true });
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
    const found = [...databases.map((d) => `database ${d}`), ...leftovers];
    if (found.length > 0) {
      // vitest reports an error thrown here but still exits 0: the exit code is set here too.
      process.exitCode = 1;
      throw new Error(`the test run left these behind (now removed; the tests that made them must clean up):\n  ${found.join("\n  ")}`);
    }
  };
}
