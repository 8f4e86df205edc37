import { createServer } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { removeTempDatabase, removingDatabaseOnStop, spawnServer, tempDatabaseUrl, type ServerProcess } from "./serverProcess.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

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
  const args = [join(ROOT, "node_modules/vite/bin/vite.js"), "dev", "--host", "127.0.0.1", "--port", String(port), "--strictPort"];
  const env = { PORT: String(port), DATABASE_URL: databaseUrl, LOG_LEVEL: "warn", NO_COLOR: "1", ...options.env };
  const server = await spawnServer("vite dev", args, env, (output) => output.includes(`127.0.0.1:${port}`)).catch((error: unknown) => {
    removeTempDatabase(databaseUrl);
    throw error;
  });
  return removingDatabaseOnStop({ baseUrl: `http://127.0.0.1:${port}`, port, databaseUrl, pid: server.pid, stop: () => server.stop() }, databaseUrl);
}
