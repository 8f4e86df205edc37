import type { Runtime } from "../../../bot/runtime.js";

/*
 * The one bridge from SvelteKit server code to the process's runtime. SvelteKit's server code is
 * bundled (build/) or loaded by Vite (dev) in its own module graph, so it must not create
 * anything: it reads the instance bot/start.ts or the Vite plugin installed on globalThis
 * (same key as RUNTIME_SLOT in bot/runtime.ts; a type-only import keeps bot/ out of the bundle).
 */
const RUNTIME_SLOT = Symbol.for("triage.runtime");

/** The process's runtime; throws when the app runs without one (e.g. `node build` instead of `npm start`). */
export function runtime(): Runtime {
  const found = (globalThis as { [RUNTIME_SLOT]?: Runtime })[RUNTIME_SLOT];
  if (!found) throw new Error("Triage runtime not started: run `npm start` (or `npm run dev`), not the SvelteKit build alone");
  return found;
}
