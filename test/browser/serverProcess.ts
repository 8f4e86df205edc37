import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { SERVER_ENTRY, SERVER_NODE_ARGS } from "../../bot/startCommand.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export interface ServerProcess {
  baseUrl: string;
  port: number;
  databaseUrl: string;
  /** The server's process id (the benchmark reads its memory). */
  pid: number | undefined;
  /** SIGTERM (graceful: WebSockets closed with 1001, store drained), then waits for the exit. */
  stop(): Promise<number | null>;
  /** The V8 inspector's WebSocket URL, when started with `inspect` (the benchmark forces GCs through it). */
  inspectorUrl?: string;
}

/** A fresh temporary SQLite database URL. */
export function tempDatabaseUrl(): string {
  return `file:${join(mkdtempSync(join(tmpdir(), "triage-browser-")), "triage.db")}`;
}

/** Deletes the folder of a database made by tempDatabaseUrl (its file, WAL and shared memory). */
export function removeTempDatabase(databaseUrl: string): void {
  const folder = dirname(databaseUrl.replace(/^file:/, ""));
  if (basename(folder).startsWith("triage-browser-")) rmSync(folder, { recursive: true, force: true });
}

/**
 * Given a server on a database of its own making, returns the same server whose stop() also
 * deletes that database once the process has exited: a benchmark run leaves hundreds of MB there.
 */
export function removingDatabaseOnStop<T extends { stop(): Promise<number | null> }>(server: T, databaseUrl: string): T {
  return {
    ...server,
    async stop() {
      const code = await server.stop();
      removeTempDatabase(databaseUrl);
      return code;
    },
  };
}

/** What a started server process printed and how to stop it. */
interface Spawned {
  /** Everything it printed up to the moment it was ready, colour codes removed. */
  output: string;
  pid: number | undefined;
  stop(): Promise<number | null>;
}

// eslint-disable-next-line no-control-regex -- ESC is exactly what an ANSI colour code starts with.
const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, "");

/** SIGKILL to a detached child's whole process group (the child alone if the group is gone). */
function killGroup(child: ChildProcess): void {
  try {
    process.kill(-child.pid!, "SIGKILL");
  } catch {
    child.kill("SIGKILL");
  }
}

/**
 * Given node arguments and an environment, starts a server child process and resolves once
 * `ready` holds for what it printed (colour codes removed); kills it if that takes over 240 s.
 */
export async function spawnServer(label: string, args: string[], env: Record<string, string>, ready: (output: string) => boolean): Promise<Spawned> {
  // Its own process group, so that giving up kills what it started too (a `vite build` and esbuild).
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Never leave a half-started server (or its build) behind to hold ports and CPU after the test gave up.
      killGroup(child);
      reject(new Error(`${label} did not start within 240 s:\n${output}`));
    }, 240_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready(stripAnsi(output))) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${label} exited with ${code} before starting:\n${output}`));
    });
  });
  return {
    output: stripAnsi(output),
    pid: child.pid,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      return exited;
    },
  };
}

/**
 * Starts `npm start`'s entry (tsx bot/start.ts) as a child process on a random (or given) port
 * with its own SQLite file, and resolves once it printed its URLs.
 */
export async function startServerProcess(
  options: { databaseUrl?: string; port?: number; env?: Record<string, string>; inspect?: boolean } = {},
): Promise<ServerProcess> {
  // A database the caller did not give is this server's own: deleted when it stops (or fails to start).
  const ownDatabase = options.databaseUrl === undefined;
  const databaseUrl = options.databaseUrl ?? tempDatabaseUrl();
  // One node process started as `npm start` starts it, so its PID and inspector are the server's own.
  const args = [...(options.inspect ? ["--inspect=127.0.0.1:0"] : []), ...SERVER_NODE_ARGS, join(ROOT, SERVER_ENTRY)];
  const env = { PORT: String(options.port ?? 0), HOST: "127.0.0.1", DATABASE_URL: databaseUrl, LOG_LEVEL: "warn", ...options.env };
  const chatUrl = /Patient chat:\s+http:\/\/[^:/]+:(\d+)\//;
  const server = await spawnServer("server", args, env, (output) => chatUrl.test(output)).catch((error: unknown) => {
    if (ownDatabase) removeTempDatabase(databaseUrl);
    throw error;
  });
  const port = Number(chatUrl.exec(server.output)![1]);
  const inspectorUrl = /Debugger listening on (ws:\/\/\S+)/.exec(server.output)?.[1];
  const started: ServerProcess = {
    ...(inspectorUrl ? { inspectorUrl } : {}),
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    databaseUrl,
    pid: server.pid,
    stop: () => server.stop(),
  };
  return ownDatabase ? removingDatabaseOnStop(started, databaseUrl) : started;
}
