import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { SERVER_ENTRY, SERVER_NODE_ARGS } from "../../bot/startCommand.js";
import { freePort } from "../services/localServers.js";

/*
 * A process manager signals the PID it started: `npm start` must stop the server whichever of the
 * two PIDs (npm's, or the server's it prints) gets SIGTERM, and leave nothing holding the port.
 */

const ROOT = new URL("../..", import.meta.url).pathname;
const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

async function npmStart(): Promise<{ npm: ChildProcess; serverPid: number; port: number; exited: Promise<number | null> }> {
  const dir = mkdtempSync(join(tmpdir(), "triage-npm-start-"));
  dirs.push(dir);
  const port = await freePort();
  const npm = spawn("npm", ["start"], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DATABASE_URL: `file:${join(dir, "triage.db")}`, LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => npm.once("exit", (code) => resolve(code)));
  let out = "";
  npm.stderr!.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const serverPid = await new Promise<number>((resolve, reject) => {
    npm.stdout!.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /Triage is running \(process (\d+)/.exec(out);
      if (match) resolve(Number(match[1]));
    });
    void exited.then(() => reject(new Error(`npm start exited before serving:\n${out}`)));
  });
  return { npm, serverPid, port, exited };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function serves(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/chat/general`).then(
    (r) => r.ok,
    () => false,
  );
}

describe("npm start under a process manager", () => {
  it("runs the server as the tests and the benchmark start it (same node arguments)", () => {
    const scripts = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toBe(`exec node ${[...SERVER_NODE_ARGS, SERVER_ENTRY].join(" ")}`);
  });

  it("stops the server when npm's own PID gets SIGTERM", { timeout: 180_000 }, async () => {
    const { npm, serverPid, port, exited } = await npmStart();
    expect(await serves(port)).toBe(true);
    npm.kill("SIGTERM");
    await exited;
    await expect.poll(() => alive(serverPid), { timeout: 15_000 }).toBe(false);
    expect(await serves(port)).toBe(false);
  });

  it("stops gracefully when the printed server PID gets SIGTERM, and npm exits with it", { timeout: 180_000 }, async () => {
    const { serverPid, port, exited } = await npmStart();
    process.kill(serverPid, "SIGTERM");
    expect(await exited).toBe(0);
    expect(alive(serverPid)).toBe(false);
    expect(await serves(port)).toBe(false);
  });
});
