import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { tempDatabaseUrl, type ServerProcess } from "./serverProcess.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, "");

/** A port nobody listens on right now (Vite wants a number up front to print its URL). */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts `npm run dev` (`vite dev`, the same runtime attached by vite.config.ts) on its own SQLite
 * file. The app is compiled in development mode, so Svelte's dev-only warnings (ownership,
 * bindings) reach the browser's console, which the production build strips.
 */
export async function startDevServerProcess(options: { env?: Record<string, string> } = {}): Promise<ServerProcess> {
  const databaseUrl = tempDatabaseUrl();
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, "node_modules/vite/bin/vite.js"), "dev", "--host", "127.0.0.1", "--port", String(port), "--strictPort"], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), DATABASE_URL: databaseUrl, LOG_LEVEL: "warn", NO_COLOR: "1", ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      // Never leave a half-started server behind to hold ports and CPU after the test gave up.
      child.kill("SIGKILL");
      reject(new Error(`vite dev did not start within 240 s:\n${output}`));
    }, 240_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      // Vite may colour its banner (the port in bold) when the environment asks for colours.
      if (stripAnsi(output).includes(`127.0.0.1:${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on("data", read);
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`vite dev exited with ${code} before starting:\n${output}`));
    });
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    port,
    databaseUrl,
    pid: child.pid,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      return exited;
    },
  };
}
