import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { catalogueOf, CATALOGUE_FILE } from "../../bot/cli/catalogueCommand.js";
import { DEFAULT_LIBRARY_DIR } from "../../bot/cli/readJsonFile.js";
import { readLibraryFiles } from "../flows/libraryFlows.js";

describe("docs/flows.md, the generated flow catalogue", () => {
  it("is current: regenerate with `npm run triage -- flows catalogue --write` after changing a flow", () => {
    expect(readFileSync(CATALOGUE_FILE, "utf8")).toBe(catalogueOf(DEFAULT_LIBRARY_DIR));
  });

  it("lists every shipped flow with its sources and red flags", () => {
    const page = readFileSync(CATALOGUE_FILE, "utf8");
    for (const { json } of readLibraryFiles()) {
      const flow = json as { slug: string; redFlags: { id: string }[]; sources: { title: string }[] };
      expect(page).toContain(`## ${flow.slug}`);
      for (const rf of flow.redFlags) expect(page).toContain(`| ${rf.id} |`);
      expect(flow.sources.length).toBeGreaterThan(0);
    }
  });
});
