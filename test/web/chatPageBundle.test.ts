import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureAppBuilt } from "../../bot/start.js";

/*
 * What a patient's phone downloads for the chat page (issue 24, 4b): every client chunk the
 * chat route can load, from the build's Vite manifest (SvelteKit's client entry and app, the root
 * layout and error page, the chat page's node and whatever it imports, at once or later).
 */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const CLIENT = join(ROOT, ".svelte-kit", "output", "client");
const NODES = join(ROOT, ".svelte-kit", "generated", "client-optimized", "nodes");

interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
}

/** The manifest key of the route node whose page is `page` (a path under console/routes). */
function nodeKey(page: string): string {
  const node = readdirSync(NODES).find((file) => readFileSync(join(NODES, file), "utf8").includes(`console/routes/${page}`));
  if (!node) throw new Error(`no client node for ${page}`);
  return `.svelte-kit/generated/client-optimized/nodes/${node}`;
}

/** The files of every chunk the chat page loads: statically from the entries and its node, and what its node imports later. */
function chatPageFiles(manifest: Record<string, ManifestChunk>): string[] {
  const files = new Set<string>();
  const visit = (key: string, followDynamic: boolean) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const k of chunk.imports ?? []) visit(k, followDynamic);
    // The app entry names every route's node as a dynamic import: only the chat page's own are followed.
    if (followDynamic) for (const k of chunk.dynamicImports ?? []) visit(k, true);
  };
  // SvelteKit's client entry and app (every route's node is an entry of the build too: not followed).
  for (const key of ["node_modules/@sveltejs/kit/src/runtime/client/entry.js", ".svelte-kit/generated/client-optimized/app.js"]) visit(key, false);
  // Nodes 0 and 1, the root layout and the error page, load on every page.
  for (const node of ["0.js", "1.js"]) visit(`.svelte-kit/generated/client-optimized/nodes/${node}`, true);
  visit(nodeKey("chat/[flow]/+page.svelte"), true);
  return [...files];
}

let files: string[];
beforeAll(async () => {
  await ensureAppBuilt();
  const manifest = JSON.parse(readFileSync(join(CLIENT, ".vite", "manifest.json"), "utf8")) as Record<string, ManifestChunk>;
  files = chatPageFiles(manifest);
}, 300_000);

describe("the chat page's JavaScript", () => {
  it("carries no zod: the page reads the server's frames with its own small reader", () => {
    const withZod = files.filter((file) => /\bZod(Error|Type|Check)\b/.test(readFileSync(join(CLIENT, file), "utf8")));
    expect(files.length).toBeGreaterThan(2);
    expect(withZod).toEqual([]);
  });

  it("carries none of the console's interface (its texts stay in the console's own chunks)", () => {
    // A text of console/lib/console/i18n.ts, the console's top bar: nothing the patient needs.
    const withConsole = files.filter((file) => readFileSync(join(CLIENT, file), "utf8").includes("Skip to main content"));
    expect(withConsole).toEqual([]);
  });

  it("is Svelte's production code, even when a test run (NODE_ENV=test) made the build: no development-only checks", () => {
    // Warnings Svelte's client has only in development (its ownership and snapshot checks): ~17% more JavaScript.
    const withDevChecks = files.filter((file) => /ownership_invalid|state_snapshot_uncloneable/.test(readFileSync(join(CLIENT, file), "utf8")));
    expect(withDevChecks).toEqual([]);
  });
});
