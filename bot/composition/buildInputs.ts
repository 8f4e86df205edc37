import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";
import type { Plugin } from "vite";

/*
 * Whether build/ still matches the sources (issue 22), from what the build itself read: a Vite
 * plugin (vite.config.ts) records the SHA-256 of every file of the checkout a build loaded, in
 * the client and the server builds, and writes them to build/build-inputs.json once the adapter
 * has written build/. `npm start` compares them with the files as they are now (buildIsStale):
 * no import following of our own, so nothing the bundler reads escapes the check.
 */

export const BUILD_INPUTS_FILE = "build-inputs.json";
/** The app's own folder: a file added there (a new route) changes the build even before anything imports it. */
const APP_FOLDER = "console";
/** Read by the build besides the modules it loads: its configuration and the installed dependencies' versions. */
const ALWAYS = ["svelte.config.js", "vite.config.ts", "package-lock.json"];

export interface BuildInputs {
  /** Path relative to the checkout -> SHA-256 of the file's bytes when the build read it. */
  files: Record<string, string>;
  /** SHA-256 of the sorted list of files under console/. */
  appFiles: string;
}

const sha256 = (bytes: Buffer | string) => createHash("sha256").update(bytes).digest("hex");

function hashFile(path: string): string | undefined {
  try {
    return sha256(readFileSync(path));
  } catch {
    return undefined;
  }
}

function listFiles(root: string, dir: string): string[] {
  const full = join(root, dir);
  if (!existsSync(full)) return [];
  return readdirSync(full, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? listFiles(root, join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** The list of the app folder's files, as one hash (names only: their contents count when the build reads them). */
export function appFilesHash(root: string): string {
  return sha256(
    listFiles(root, APP_FOLDER)
      .map((path) => path.split(sep).join("/"))
      .sort()
      .join("\n"),
  );
}

/** Given a module id of a build, the checkout's file it reads (relative path), or undefined (a dependency, a virtual or generated module). */
function sourceOf(root: string, id: string): string | undefined {
  if (id.includes("?") || id.startsWith("\0") || !isAbsolute(id)) return undefined;
  const path = relative(root, id);
  if (path.startsWith("..") || isAbsolute(path)) return undefined;
  const [top] = path.split(sep);
  if (top === "node_modules" || top === ".svelte-kit" || top === "build") return undefined;
  return path.split(sep).join("/");
}

/** The files recorded across the client and the server builds of one `vite build` (each build loads the config again). */
const RECORDED = Symbol.for("triage.buildInputs");
function recorded(): Map<string, string> {
  const slot = globalThis as { [RECORDED]?: Map<string, string> };
  return (slot[RECORDED] ??= new Map());
}

/**
 * The Vite plugin: hashes each file of the checkout as the build loads it (enforce "pre", so
 * before any plugin transforms it), and writes build/build-inputs.json after the adapter (the
 * server build's closeBundle, ordered after SvelteKit's).
 */
export function recordBuildInputs(options: { out?: string } = {}): Plugin {
  let root = process.cwd();
  let ssr = false;
  return {
    name: "triage-build-inputs",
    apply: "build",
    enforce: "pre",
    configResolved(config) {
      root = config.root;
      ssr = Boolean(config.build.ssr);
    },
    transform: {
      order: "pre",
      handler(_code, id) {
        const path = sourceOf(root, id);
        if (!path || recorded().has(path)) return null;
        const hash = hashFile(join(root, path));
        if (hash) recorded().set(path, hash);
        return null;
      },
    },
    closeBundle: {
      order: "post",
      sequential: true,
      handler() {
        // The client build runs inside the server build; only the server build's end follows the adapter.
        if (!ssr) return;
        const files = Object.fromEntries([...recorded()].sort(([a], [b]) => a.localeCompare(b)));
        for (const path of ALWAYS) files[path] = hashFile(join(root, path)) ?? "";
        const inputs: BuildInputs = { files, appFiles: appFilesHash(root) };
        writeFileSync(join(root, options.out ?? "build", BUILD_INPUTS_FILE), `${JSON.stringify(inputs, null, 1)}\n`);
        recorded().clear();
      },
    },
  };
}

/** Reads a build's recorded inputs, or undefined when it has none (built before this check, or by hand). */
export function readBuildInputs(buildDir: string): BuildInputs | undefined {
  try {
    const parsed = JSON.parse(readFileSync(join(buildDir, BUILD_INPUTS_FILE), "utf8")) as Partial<BuildInputs>;
    return typeof parsed.files === "object" && parsed.files !== null && typeof parsed.appFiles === "string" ? (parsed as BuildInputs) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * True when `buildDir` cannot serve the checkout at `root` as it is now: no handler, no recorded
 * inputs, a file the build read that changed or is gone, or a file added to or removed from console/.
 */
export function buildIsStale(root: string, buildDir = join(root, "build")): boolean {
  if (!existsSync(join(buildDir, "handler.js"))) return true;
  const inputs = readBuildInputs(buildDir);
  if (!inputs || Object.keys(inputs.files).length === 0) return true;
  if (inputs.appFiles !== appFilesHash(root)) return true;
  return Object.entries(inputs.files).some(([path, hash]) => (hashFile(join(root, path)) ?? "") !== hash);
}
