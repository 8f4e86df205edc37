import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BUILD_INPUTS_FILE, buildIsStale, readBuildInputs } from "../../bot/composition/buildInputs.js";
import { ensureAppBuilt } from "../../bot/start.js";

/*
 * `npm start` builds the app again only when build/ no longer matches the files its build read
 * (build/build-inputs.json, written by the Vite plugin of bot/composition/buildInputs.ts). The
 * app is built once, as `npm start` builds it; then its build folder and the files it read are
 * copied to a temporary checkout, where the sources are changed one way after another.
 */

const ROOT = new URL("../../", import.meta.url).pathname;
let checkout: string;
let build: string;

beforeAll(async () => {
  await ensureAppBuilt();
  checkout = mkdtempSync(join(tmpdir(), "triage-build-"));
  build = join(checkout, "build");
  mkdirSync(build);
  for (const file of ["handler.js", BUILD_INPUTS_FILE]) cpSync(join(ROOT, "build", file), join(build, file));
  cpSync(join(ROOT, "console"), join(checkout, "console"), { recursive: true });
  for (const path of Object.keys(readBuildInputs(build)?.files ?? {})) {
    mkdirSync(dirname(join(checkout, path)), { recursive: true });
    cpSync(join(ROOT, path), join(checkout, path));
  }
}, 600_000);

afterAll(() => rmSync(checkout, { recursive: true, force: true }));

/** Runs `change`, checks the build is stale, undoes it, and checks it is fresh again. */
function staleWhile(change: () => () => void): void {
  const undo = change();
  try {
    expect(buildIsStale(checkout, build)).toBe(true);
  } finally {
    undo();
  }
  expect(buildIsStale(checkout, build)).toBe(false);
}

describe("whether build/ is current", () => {
  it("records what the build read: the app's pages, the bot/ modules it bundles through $wire, and the configuration", () => {
    const files = Object.keys(readBuildInputs(build)?.files ?? {});
    expect(files).toEqual(
      expect.arrayContaining([
        "console/routes/chat/[flow]/+page.svelte",
        "bot/wire/errors.ts",
        "bot/errorTexts.ts",
        "vite.config.ts",
        "svelte.config.js",
        "package-lock.json",
      ]),
    );
    expect(files.filter((path) => path.startsWith("node_modules/") || path.startsWith(".svelte-kit/"))).toEqual([]);
  });

  it("is fresh when nothing the build read changed", () => {
    expect(buildIsStale(checkout, build)).toBe(false);
  });

  it("is stale when a page it built changed, and fresh again once it is as it was", () => {
    const page = join(checkout, "console/routes/chat/[flow]/+page.svelte");
    const before = readFileSync(page);
    staleWhile(() => {
      appendFileSync(page, "\n<!-- edited -->\n");
      return () => writeFileSync(page, before);
    });
  });

  it("is stale when a bot/ module the app bundles changed (the table of error texts)", () => {
    const table = join(checkout, "bot/errorTexts.ts");
    const before = readFileSync(table);
    staleWhile(() => {
      writeFileSync(table, before.toString().replace("Access denied.", "Access refused."));
      return () => writeFileSync(table, before);
    });
  });

  it("is stale when a route is added that nothing imports yet", () => {
    const route = join(checkout, "console/routes/new-page/+page.svelte");
    staleWhile(() => {
      mkdirSync(dirname(route), { recursive: true });
      writeFileSync(route, "<h1>New</h1>\n");
      return () => rmSync(dirname(route), { recursive: true });
    });
  });

  it("is stale when a file the build read is gone, or the installed dependencies changed", () => {
    const store = join(checkout, "bot/wire/errors.ts");
    const before = readFileSync(store);
    staleWhile(() => {
      rmSync(store);
      return () => writeFileSync(store, before);
    });
    const lock = join(checkout, "package-lock.json");
    const locked = readFileSync(lock);
    staleWhile(() => {
      writeFileSync(lock, locked.toString().replace(/"version": "[^"]+"/, '"version": "0.0.0-other"'));
      return () => writeFileSync(lock, locked);
    });
  });

  it("is stale without the recorded inputs (a build made before them, or by hand) and without a handler", () => {
    const inputs = readFileSync(join(build, BUILD_INPUTS_FILE));
    staleWhile(() => {
      rmSync(join(build, BUILD_INPUTS_FILE));
      return () => writeFileSync(join(build, BUILD_INPUTS_FILE), inputs);
    });
    const handler = readFileSync(join(build, "handler.js"));
    staleWhile(() => {
      rmSync(join(build, "handler.js"));
      return () => writeFileSync(join(build, "handler.js"), handler);
    });
  });
});
