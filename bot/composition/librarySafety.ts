import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readRedFlagScreens } from "../cli/readRedFlagScreens.js";
import type { RedFlagScreens } from "../../flows/validate/checkRedFlagScreens.js";
import type { Vignette } from "../../flows/vignettes/vignetteSchema.js";
import { readVignetteSuite } from "./readVignetteSuite.js";

/**
 * The checkout's folder holding `relative`, found by walking up from this module: run by tsx it is
 * two levels up, bundled into build/server/chunks by the console's build it is further up.
 */
function shippedDir(relative: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, relative))) return join(dir, relative);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`${relative} not found above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
}

/** The shipped red-flag screens and vignette suite, which the publish gate holds every draft to. */
export function loadLibrarySafety(): { screens?: RedFlagScreens; vignettes: Vignette[] } {
  const screens = readRedFlagScreens(shippedDir("flows/library"));
  const vignettes = readVignetteSuite(shippedDir("flows/vignettes/suite"));
  return screens ? { screens, vignettes } : { vignettes };
}
