import { flowSchema, type Flow } from "../../flows/schema/flowSchema.js";
import { readLibraryDir } from "./readJsonFile.js";

/**
 * The library flows a command needs beside the ones it was given: handover targets to resolve
 * and handovers into the given flows (which carry answers in). Flows whose slug was given are
 * left out (the given file wins); files that do not match the schema are skipped.
 */
export function libraryContext(libraryDir: string, givenSlugs: ReadonlySet<string>): Flow[] {
  return readLibraryDir(libraryDir).flatMap(({ json }) => {
    const parsed = flowSchema.safeParse(json);
    return parsed.success && !givenSlugs.has(parsed.data.slug) ? [parsed.data] : [];
  });
}
