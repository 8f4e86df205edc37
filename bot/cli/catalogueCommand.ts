import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { flowCatalogue } from "../../flows/catalogue/flowCatalogue.js";
import { flowSchema } from "../../flows/schema/flowSchema.js";
import { EXIT_OK, EXIT_PROBLEMS, type CliIo } from "./cliIo.js";
import { readLibraryDir } from "./readJsonFile.js";
import { readRedFlagScreens } from "./readRedFlagScreens.js";

export const CATALOGUE_FILE = fileURLToPath(new URL("../../docs/flows.md", import.meta.url));

/** The catalogue of the flows in `libraryDir` (files that do not parse are left out; `flows validate` reports them). */
export function catalogueOf(libraryDir: string): string {
  const flows = readLibraryDir(libraryDir).flatMap(({ json }) => {
    const parsed = flowSchema.safeParse(json);
    return parsed.success ? [parsed.data] : [];
  });
  return flowCatalogue(flows, readRedFlagScreens(libraryDir));
}

/** `triage flows catalogue [--write|--check]`: prints docs/flows.md, writes it, or exits 1 when the committed one is stale. */
export function catalogueCommand(options: { write: boolean; check: boolean; libraryDir: string }, io: CliIo): number {
  const text = catalogueOf(options.libraryDir);
  if (options.write) {
    writeFileSync(CATALOGUE_FILE, text);
    io.out(`wrote ${CATALOGUE_FILE}\n`);
    return EXIT_OK;
  }
  if (options.check) {
    const current = (() => {
      try {
        return readFileSync(CATALOGUE_FILE, "utf8");
      } catch {
        return "";
      }
    })();
    io.out(current === text ? "docs/flows.md is up to date\n" : "docs/flows.md is stale: run `npm run triage -- flows catalogue --write`\n");
    return current === text ? EXIT_OK : EXIT_PROBLEMS;
  }
  io.out(text);
  return EXIT_OK;
}
