import { sveltekit } from "@sveltejs/kit/vite";
import type { Plugin } from "vite";
import { defineConfig } from "vite";

/**
 * `vite dev` serves the same runtime as `npm start`: this plugin opens it once (bot/runtime.ts,
 * loaded by tsx exactly as in production, stored on globalThis) and attaches the channels'
 * WebSocket upgrades (/ws) to the dev server's own HTTP server. SvelteKit's server code reaches
 * the same instance through console/lib/server/runtime.ts.
 */
function triageRuntime(): Plugin {
  return {
    name: "triage-runtime",
    apply: "serve",
    async configureServer(server) {
      const { tsImport } = await import("tsx/esm/api");
      const start = (await tsImport("./bot/start.ts", import.meta.url)) as typeof import("./bot/start.js");
      // Plain HTTP in dev (no server.https here), so the dev server is a node:http Server.
      if (server.httpServer) server.middlewares.use(await start.attachToDevServer(server.httpServer as import("node:http").Server));
    },
  };
}

export default defineConfig({
  plugins: [triageRuntime(), sveltekit()],
  server: { port: Number(process.env.PORT ?? 5173) },
});
