import { DEFAULT_LIBRARY_DIR } from "../cli/readJsonFile.js";
import { readRedFlagScreens } from "../cli/readRedFlagScreens.js";
import type { RedFlagScreens } from "../../flows/validate/checkRedFlagScreens.js";
import type { Vignette } from "../../flows/vignettes/vignetteSchema.js";
import { readVignetteSuite } from "./readVignetteSuite.js";

/** The shipped red-flag screens and vignette suite, which the publish gate holds every draft to. */
export function loadLibrarySafety(): { screens?: RedFlagScreens; vignettes: Vignette[] } {
  const screens = readRedFlagScreens(DEFAULT_LIBRARY_DIR);
  const vignettes = readVignetteSuite();
  return screens ? { screens, vignettes } : { vignettes };
}
