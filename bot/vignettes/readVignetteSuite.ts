import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { CodedError } from "../errors.js";
import { vignetteSchema, type Vignette } from "../../flows/vignettes/vignetteSchema.js";

/** The clinical vignette suite shipped with the library: flows/vignettes/suite/*.json, each an array. */
export const VIGNETTE_SUITE_DIR = fileURLToPath(new URL("../../flows/vignettes/suite", import.meta.url));

/** A vignette file that does not parse, or two vignettes with one id (TRIAGE_VIGNETTE_SUITE_INVALID, bot/errors.ts). */
export class VignetteSuiteError extends CodedError<"TRIAGE_VIGNETTE_SUITE_INVALID"> {
  constructor(message: string) {
    super("TRIAGE_VIGNETTE_SUITE_INVALID", message);
    this.name = "VignetteSuiteError";
  }
}

/** Reads and validates every vignette file of a folder; throws one error naming every bad vignette and every duplicate id. */
export function readVignetteSuite(dir = VIGNETTE_SUITE_DIR): Vignette[] {
  const problems: string[] = [];
  const vignettes: Vignette[] = [];
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()) {
    const parsed = z.array(z.unknown()).safeParse(JSON.parse(readFileSync(join(dir, file), "utf8")));
    if (!parsed.success) {
      problems.push(`${file}: not an array of vignettes`);
      continue;
    }
    parsed.data.forEach((raw, i) => {
      const vignette = vignetteSchema.safeParse(raw);
      if (vignette.success) vignettes.push(vignette.data);
      else problems.push(`${file}[${i}]: ${vignette.error.issues.map((issue) => `${issue.path.join(".")} ${issue.message}`).join("; ")}`);
    });
  }
  const seen = new Set<string>();
  for (const v of vignettes) {
    if (seen.has(v.id)) problems.push(`duplicate vignette id ${v.id}`);
    seen.add(v.id);
  }
  if (problems.length > 0) throw new VignetteSuiteError(`the vignette suite is invalid:\n  ${problems.join("\n  ")}`);
  return vignettes;
}
