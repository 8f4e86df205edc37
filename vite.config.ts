import { sveltekit } from "@sveltejs/kit/vite";
import type { Plugin } from "vite";
import { createLogger, defineConfig } from "vite";
import { recordBuildInputs } from "./bot/composition/buildInputs.js";

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

/**
 * The browser's chunks cut by audience (issue 24, 4b): each file costs a phone on a slow link a
 * round trip (150 ms on a poor mobile connection, six at a time over HTTP/1.1), and the patient
 * should download nothing of the console. Svelte's and SvelteKit's client runtimes go in one
 * chunk every page loads, the patient chat's modules in another; the rest is split as Rollup
 * sees fit (Rollup's experimentalMinChunkSize merged console texts into the runtime the chat page
 * loads). bench/phoneFirstQuestion.ts measures it. The server build keeps its chunks: SvelteKit
 * reads each route module's exports there.
 */
const BROWSER_CHUNKS: [RegExp, string][] = [
  [/\/node_modules\/(svelte|@sveltejs\/kit|devalue|esm-env|clsx)\/|^\0vite\//, "runtime"],
  [/\/console\/lib\/(chat|socket|typing)\/|\/console\/lib\/bilingual\.ts$|\/node_modules\/fastest-levenshtein\//, "patient"],
];

// Stylesheets stay with the page that imports them: chat.css put in the "patient" chunk would be
// loaded with it by any console page using a chat module, its global rules (.choice) restyling the console.
const STYLESHEET = /\.css($|\?)/;

function browserChunksByAudience(): Plugin {
  return {
    name: "triage-browser-chunks-by-audience",
    apply: "build",
    outputOptions(options) {
      if (this.environment.config.consumer !== "client") return options;
      return { ...options, manualChunks: (id: string) => (STYLESHEET.test(id) ? undefined : BROWSER_CHUNKS.find(([pattern]) => pattern.test(id))?.[1]) };
    },
  };
}

/**
 * Rollup warnings about third-party code that nobody here can act on: an unused import inside a
 * dependency, a `@__PURE__` comment a dependency placed where Rollup ignores it. Filtered in the
 * logger because SvelteKit's own builds do not all go through our rollupOptions; the warnings
 * about our own code still show.
 */
const THIRD_PARTY_NOISE = [
  /imported from external module .* but never used in .*node_modules\//s,
  /node_modules\/.*contains an annotation that Rollup cannot interpret/s,
];
const logger = createLogger();
const warn = logger.warn.bind(logger);
logger.warn = (message, options) => {
  if (!THIRD_PARTY_NOISE.some((pattern) => pattern.test(message))) warn(message, options);
};

export default defineConfig({
  // recordBuildInputs: build/build-inputs.json, what `npm start` checks to know build/ is current (bot/start.ts).
  plugins: [triageRuntime(), sveltekit(), recordBuildInputs({ out: "build" }), browserChunksByAudience()],
  customLogger: logger,
  server: { port: Number(process.env.PORT ?? 5173) },
});
