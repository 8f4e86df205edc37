import { existsSync } from "node:fs";
import { join } from "node:path";
import { redFlagScreensSchema, type RedFlagScreens } from "../../flows/validate/checkRedFlagScreens.js";
import { UsageError } from "./cliIo.js";
import { readJsonFile } from "./readJsonFile.js";

/** The library's red-flag screens (<library>/shared/redFlagScreens.json), or undefined for a folder without them. */
export function readRedFlagScreens(libraryDir: string): RedFlagScreens | undefined {
  const file = join(libraryDir, "shared", "redFlagScreens.json");
  if (!existsSync(file)) return undefined;
  const parsed = redFlagScreensSchema.safeParse(readJsonFile(file));
  if (!parsed.success)
    throw new UsageError(`${file} is not a valid red-flag screens file: ${parsed.error.issues.map((i) => `${i.path.join(".")} ${i.message}`).join("; ")}`);
  return parsed.data;
}
