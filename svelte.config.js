import adapter from "@sveltejs/adapter-node";
import { vitePreprocess } from "@sveltejs/vite-plugin-svelte";

/** The SvelteKit app lives in console/ (not src/): patient chat page, widget, console. */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    // The page's scripts announced as <link rel="preload"> tags in the HTML: SvelteKit writes
    // modulepreload only as a Link header outside prerendering, which a phone's browser may read
    // late or not at all; the tags let it fetch every script in parallel with the first bytes.
    output: { preloadStrategy: "preload-js" },
    // A page's styles under this size go inside its HTML: two fewer requests queued ahead of the
    // scripts on a phone's six connections (the chat page's CSS is under 10 KB, 2 KB compressed).
    inlineStyleThreshold: 12_000,
    // bot/server.ts imports build/handler.js and mounts it on the one HTTP server.
    adapter: adapter({ out: "build" }),
    // Page CSP: SvelteKit adds a nonce for its own inline bootstrap script, so no inline script
    // runs without one; styles stay inline-capable (Svelte style attributes, CodeMirror, the
    // flow graph). console/hooks.server.ts appends frame-ancestors (bot/http/securityHeaders.ts).
    csp: {
      mode: "auto",
      directives: {
        "default-src": ["self"],
        "script-src": ["self"],
        "style-src": ["self", "unsafe-inline"],
        "img-src": ["self", "data:"],
        "font-src": ["self"],
        "connect-src": ["self"],
        "object-src": ["none"],
        "base-uri": ["self"],
        "form-action": ["self"],
      },
    },
    // console/ takes nothing of bot/ but types, and these shapes (bot/wire, .dependency-cruiser.cjs).
    alias: { $wire: "bot/wire" },
    files: {
      src: "console",
      routes: "console/routes",
      lib: "console/lib",
      params: "console/params",
      assets: "console/static",
      appTemplate: "console/app.html",
      errorTemplate: "console/error.html",
      hooks: { server: "console/hooks.server", client: "console/hooks.client", universal: "console/hooks" },
      serviceWorker: "console/service-worker",
    },
  },
};

export default config;
