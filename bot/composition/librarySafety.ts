import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { RedFlagScreens } from "../../flows/validate/checkRedFlagScreens.js";
import type { Vignette } from "../../flows/vignettes/vignetteSchema.js";
import { readRedFlagScreens } from "../cli/readRedFlagScreens.js";
import { readVignetteSuite } from "../vignettes/readVignetteSuite.js";

/**
 * The checkout the runtime runs from: the composition root is only ever loaded by tsx from its
 * source (the SvelteKit build reaches it through the installed runtime, never bundles it).
 */
export const CHECKOUT_DIR = fileURLToPath(new URL("../..", import.meta.url));

/** The shipped red-flag screens and vignette suite under `root`, which the publish gate holds every draft to. */
export function loadLibrarySafety(root = CHECKOUT_DIR): { screens?: RedFlagScreens; vignettes: Vignette[] } {
  const screens = readRedFlagScreens(join(root, "flows", "library"));
  const vignettes = readVignetteSuite(join(root, "flows", "vignettes", "suite"));
  return screens ? { screens, vignettes } : { vignettes };
}
