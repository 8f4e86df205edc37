/*
 * Runs bench/wsLoad.ts in its own process (the load must not share the server's event loop): one
 * process, tsx as a loader, so its priority is the generator's own.
 */
import { spawn } from "node:child_process";
import { getPriority, setPriority } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
/** How many nice levels the load generator runs below the server. */
export const GENERATOR_NICENESS = 5;

/** What bench/wsLoad.ts reports (its last line). */
export interface LoadResult {
  turnsPerSecond: number;
  turns: number;
  latencyMs: { p50: number; p99: number };
  completedSessions: number;
  failedSessions: number;
  generatorCpuMsPerTurn: number;
}

export interface LoadOptions {
  thinkMs?: number;
  timeoutSeconds: number;
  /** Called with the generator's pid once it runs (to measure its CPU). */
  started?: (pid: number) => void;
}

/** Given a WebSocket URL and a number of patients, runs them all to the end of their flow and returns what the generator measured. */
export function runLoadGenerator(wsUrl: string, connections: number, options: LoadOptions): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const args = [
      "--import",
      "tsx",
      join(ROOT, "bench/wsLoad.ts"),
      "--url",
      wsUrl,
      "--connections",
      String(connections),
      "--think-ms",
      String(options.thinkMs ?? 0),
      "--timeout",
      String(options.timeoutSeconds),
    ];
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] });
    // The patients' devices are not the server's machine: here they share its cores, so the
    // generator yields to the server (a lower priority) instead of taking CPU the server needs
    // at the moment it measures it. Its own delays still count in the latencies it reports.
    if (child.pid !== undefined) {
      lowerPriority(child.pid);
      options.started?.(child.pid);
    }
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.once("exit", (code) => {
      const last = out.trim().split("\n").at(-1);
      if (!last) return reject(new Error(`load generator exited with ${code} and printed nothing`));
      resolve(JSON.parse(last) as LoadResult);
    });
  });
}

function lowerPriority(pid: number): void {
  try {
    setPriority(pid, Math.min(19, getPriority() + GENERATOR_NICENESS));
  } catch {
    process.stderr.write("load generator: could not lower its priority; it competes with the server for the cores\n");
  }
}
