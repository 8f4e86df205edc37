import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";

/** Databases on the run's PostgreSQL server other than the ones it was created with. */
export async function listStrayDatabases(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname NOT IN ('postgres', 'test') AND NOT datistemplate ORDER BY datname",
    );
    return rows.map((r) => r.datname);
  } finally {
    await client.end();
  }
}

/** Processes other than this one whose environment carries the run's marker (TRIAGE_TEST_RUN), vitest's own aside. */
export function processesOfRun(marker: string): { pid: number; command: string }[] {
  return processesWithEnv(`TRIAGE_TEST_RUN=${marker}`);
}

/** Processes of this user whose environment holds `entry` (NAME=value), vitest's own workers excepted. */
export function processesWithEnv(entry: string): { pid: number; command: string }[] {
  const needle = `${entry}\0`;
  const found: { pid: number; command: string }[] = [];
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    if (Number(pid) === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${pid}/environ`, "latin1").includes(needle)) continue;
      const command = readFileSync(`/proc/${pid}/cmdline`, "latin1").replace(/\0/g, " ").trim();
      // vitest's own workers are still winding down when global teardown runs.
      if (command.includes("vitest")) continue;
      found.push({ pid: Number(pid), command });
    } catch {
      // The process ended meanwhile, or is not ours to read.
    }
  }
  return found;
}

/** Files left in the run's temporary folder once the servers removed theirs, and processes still running. */
export function findLeftovers(runDir: string): string[] {
  // tsx's compile cache (tsx-<uid>) is a cache kept on purpose, not something a test forgot.
  const files = readdirSync(runDir)
    .filter((name) => !/^tsx-\d+$/.test(name))
    .map((name) => `temporary file ${join(runDir, name)}`);
  return [...files, ...processesOfRun(runDir).map((p) => `process ${p.pid}: ${p.command.slice(0, 160)}`)];
}
