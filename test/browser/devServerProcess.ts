import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../services/localServers.js";
import { removeTempDatabase, removingDatabaseOnStop, spawnServer, tempDatabaseUrl, type ServerProcess } from "./serverProcess.js";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Starts `npm run dev` (`vite dev`, the same runtime attached by vite.config.ts) on its own SQLite
 * file. The app is compiled in development mode, so Svelte's dev-only warnings (ownership,
 * bindings) reach the browser's console, which the production build strips.
 */
export async function startDevServerProcess(options: { env?: Record<string, string> } = {}): Promise<ServerProcess> {
  const databaseUrl = tempDatabaseUrl();
  // Vite wants a port number up front to print its URL.
  const port = await freePort();
  const args = [join(ROOT, "node_modules/vite/bin/vite.js"), "dev", "--host", "127.0.0.1", "--port", String(port), "--strictPort"];
  const env = { PORT: String(port), DATABASE_URL: databaseUrl, LOG_LEVEL: "warn", NO_COLOR: "1", ...options.env };
  const server = await spawnServer("vite dev", args, env, (output) => output.includes(`127.0.0.1:${port}`)).catch((error: unknown) => {
    removeTempDatabase(databaseUrl);
    throw error;
  });
  return removingDatabaseOnStop({ baseUrl: `http://127.0.0.1:${port}`, port, databaseUrl, pid: server.pid, stop: () => server.stop() }, databaseUrl);
}
