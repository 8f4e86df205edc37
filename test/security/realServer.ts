import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { removeTempDatabase, spawnServer, tempDatabaseUrl } from "../browser/serverProcess.js";
import { freePort } from "../services/localServers.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface RealServer {
  baseUrl: string;
  /** The server process itself (one node process: tsx as a loader), whose memory the tests read. */
  pid: number;
  /** What it printed while starting (the demo accounts' passwords among it). */
  output: string;
  /** Its SQLite database (file:...). */
  databaseUrl: string;
  stop(): Promise<void>;
}

/** Starts `npm start`'s entry as one node process on a free port with its own SQLite file. */
export async function startRealServer(env: Record<string, string> = {}): Promise<RealServer> {
  const databaseUrl = tempDatabaseUrl();
  const args = ["--import", "tsx", join(ROOT, "bot/start.ts")];
  // A port chosen here: with PUBLIC_URL set, the printed links do not show the one bound.
  const port = await freePort();
  const base = { PORT: String(port), HOST: "127.0.0.1", DATABASE_URL: databaseUrl, LOG_LEVEL: "warn" };
  const server = await spawnServer("server", args, { ...base, ...env }, (output) => /Patient chat:/.test(output)).catch((error: unknown) => {
    removeTempDatabase(databaseUrl);
    throw error;
  });
  if (!server.pid) throw new Error("the server has no process id");
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    pid: server.pid,
    output: server.output,
    databaseUrl,
    async stop() {
      await server.stop();
      removeTempDatabase(databaseUrl);
    },
  };
}

/** Given a process id, returns its resident memory now and its peak since the last reset, in bytes (Linux /proc). */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? Number.NaN) * 1024;
  return { rss: kb("VmRSS"), peak: kb("VmHWM") };
}

/** Resets a process's peak resident memory (VmHWM) to its current size (Linux clear_refs 5). */
export function resetPeakMemory(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, "5");
}
