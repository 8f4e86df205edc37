import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/*
 * Throwaway PostgreSQL and Redis servers for the tests and the benchmark: the machine's own
 * binaries, started on free loopback ports with data in a temporary folder, stopped and deleted
 * afterwards. Nothing of a system cluster is read or changed.
 */

/** The one command that installs every system package the tests need (README, "Test"). */
export const INSTALL_HINT = "sudo bash scripts/install-system-packages.sh";

export class MissingBinaryError extends Error {
  constructor(what: string) {
    super(`${what} is not installed on this machine. Install the test prerequisites with:\n\n    ${INSTALL_HINT}\n`);
    this.name = "MissingBinaryError";
  }
}

export interface LocalServer {
  url: string;
  stop(): Promise<void>;
  /** Stops it at once, synchronously (the run was interrupted: no time to wait). */
  kill(): void;
}

function onPath(command: string): string | undefined {
  const found = spawnSync("sh", ["-c", `command -v ${command}`], { encoding: "utf8" });
  return found.status === 0 ? found.stdout.trim() : undefined;
}

/** PostgreSQL's server binaries: $PG_BIN, Debian's versioned folder (newest first), or the PATH. */
export function findPostgresBin(): string | undefined {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(debian, v, "bin")));
  }
  const initdb = onPath("initdb");
  if (initdb) candidates.push(initdb.replace(/\/initdb$/, ""));
  return candidates.find((dir) => existsSync(join(dir, "initdb")) && existsSync(join(dir, "postgres")));
}

export function findRedisServer(): string | undefined {
  return onPath("redis-server");
}

/** Fails at once, with the install command, when a server binary or the browser is missing. */
export function checkPrerequisites(options: { browser?: boolean } = {}): void {
  const missing: string[] = [];
  if (!findPostgresBin()) missing.push("PostgreSQL (initdb, postgres)");
  if (!findRedisServer()) missing.push("Redis (redis-server)");
  if (options.browser && !existsSync("/usr/bin/chromium")) missing.push("Chromium (/usr/bin/chromium)");
  if (missing.length > 0) throw new MissingBinaryError(missing.join(", "));
}

/** A port nobody listens on right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** PostgreSQL refuses to run as root: as root, the server runs as `postgres` (Debian) or `nobody`. */
function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (const name of ["postgres", "nobody"]) {
    const ids = spawnSync("id", ["-u", name], { encoding: "utf8" });
    const gids = spawnSync("id", ["-g", name], { encoding: "utf8" });
    if (ids.status === 0 && gids.status === 0) return { uid: Number(ids.stdout), gid: Number(gids.stdout) };
  }
  throw new Error("running as root, and neither a `postgres` nor a `nobody` user exists to run PostgreSQL as");
}

function run(bin: string, args: string[], user: { uid: number; gid: number } | undefined): void {
  const result = spawnSync(bin, args, { encoding: "utf8", ...(user ?? {}) });
  if (result.status !== 0) throw new Error(`${bin} ${args[0] ?? ""} failed: ${result.stderr || result.stdout}`);
}

async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what} did not start within ${ms / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A started server whose files live in `dir`: `stop` sends `signal` and waits for the exit, `kill` does not wait; both remove `dir`. */
function serverIn(dir: string, server: ChildProcess, url: string, signal: NodeJS.Signals): LocalServer {
  const removeFiles = () => rmSync(dir, { recursive: true, force: true });
  return {
    url,
    kill() {
      server.kill("SIGKILL");
      removeFiles();
    },
    async stop() {
      await stopChild(server, signal);
      removeFiles();
    },
  };
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill(signal);
    setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
  });
}

/**
 * A PostgreSQL cluster of its own: initdb into a temporary folder, password authentication with a
 * random password, loopback only. For tests fsync is off (the cluster dies with the run anyway);
 * `durable` keeps PostgreSQL's defaults, for the benchmark to measure what a deployment pays.
 */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<LocalServer> {
  const bin = findPostgresBin();
  if (!bin) throw new MissingBinaryError("PostgreSQL (initdb, postgres)");
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), "triage-pg-"));
  const data = join(dir, "data");
  const password = randomBytes(12).toString("hex");
  const pwfile = join(dir, "pwfile");
  writeFileSync(pwfile, password);
  if (user) {
    chownSync(dir, user.uid, user.gid);
    chownSync(pwfile, user.uid, user.gid);
  }
  chmodSync(dir, 0o700);
  try {
    run(join(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=scram-sha-256", `--pwfile=${pwfile}`, "-E", "UTF8", "--locale=C", "--no-sync"], user);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  rmSync(pwfile);
  const port = await freePort();
  const fast = options.durable ? [] : ["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"];
  const settings = [
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    `port=${port}`,
    "-c",
    `unix_socket_directories=${dir}`,
    "-c",
    "max_connections=400",
    "-c",
    "shared_buffers=128MB",
    ...fast,
  ];
  const server = spawn(join(bin, "postgres"), ["-D", data, ...settings], { stdio: ["ignore", "ignore", "pipe"], ...(user ?? {}) });
  let log = "";
  server.stderr!.on("data", (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
  const url = `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`;
  const pg = (await import("pg")).default;
  try {
    await waitFor(async () => {
      if (server.exitCode !== null) throw new Error(`PostgreSQL exited at start:\n${log}`);
      const client = new pg.Client({ connectionString: url });
      try {
        await client.connect();
        await client.query("CREATE DATABASE test");
        return true;
      } catch {
        return false;
      } finally {
        await client.end().catch(() => undefined);
      }
    }, "PostgreSQL");
  } catch (error) {
    await stopChild(server, "SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  // SIGINT is PostgreSQL's fast shutdown: open sessions are ended, the server exits at once.
  return serverIn(dir, server, url.replace(/\/postgres$/, "/test"), "SIGINT");
}

/** A Redis server of its own on a free loopback port, without persistence. */
export async function startRedis(): Promise<LocalServer> {
  const bin = findRedisServer();
  if (!bin) throw new MissingBinaryError("Redis (redis-server)");
  const dir = mkdtempSync(join(tmpdir(), "triage-redis-"));
  const port = await freePort();
  const server = spawn(bin, ["--bind", "127.0.0.1", "--port", String(port), "--save", "", "--appendonly", "no", "--dir", dir, "--protected-mode", "yes"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000));
  server.stdout!.on("data", keep);
  server.stderr!.on("data", keep);
  try {
    await waitFor(() => {
      if (server.exitCode !== null) throw new Error(`redis-server exited at start:\n${output}`);
      return output.includes("Ready to accept connections");
    }, "Redis");
  } catch (error) {
    await stopChild(server, "SIGKILL");
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return serverIn(dir, server, `redis://127.0.0.1:${port}`, "SIGTERM");
}
