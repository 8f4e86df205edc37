import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ENV_VARIABLES } from "../../bot/config/config.js";
import { CODED_ERRORS } from "../../bot/errors.js";

/*
 * One error model (issue 22): every error of bot/ and console/ is a CodedError whose code is in
 * the one list of bot/errors.ts. Read from the sources, so a new class or code outside the list
 * fails here rather than reaching a door no table maps.
 */

const root = new URL("../../", import.meta.url).pathname;
/** Prisma's generated clients are not ours. */
const SKIPPED = /^bot\/store\/generated\//;

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return SKIPPED.test(`${path}/`) ? [] : sources(path);
    return /\.(ts|js|svelte)$/.test(entry.name) ? [path] : [];
  });
}

const files = ["bot", "console"].flatMap(sources).map((path) => ({ path: relative(".", path), text: readFileSync(join(root, path), "utf8") }));
/** A code-looking string literal: a family prefix, then capitals. */
const CODE_LITERAL = /["'`]((?:TRIAGE|ADMIN|CONSOLE|FHIR|HTTP|STORE|ASSIST)_[A-Z0-9_]+)["'`]/g;

describe("the one error model", () => {
  it("reads the sources it checks", () => {
    expect(files.map((file) => file.path)).toContain("bot/errors.ts");
    expect(files.some((file) => file.path.startsWith("console/routes/"))).toBe(true);
  });

  it("has no code-looking string in bot/ or console/ outside the one list (environment variable names aside)", () => {
    const listed = new Set([...Object.keys(CODED_ERRORS), ...ENV_VARIABLES]);
    const strays = files.flatMap(({ path, text }) =>
      [...text.matchAll(CODE_LITERAL)].filter((match) => !listed.has(match[1]!)).map((match) => `${path}: ${match[1]}`),
    );
    expect(strays).toEqual([]);
  });

  it("has no error class in bot/ or console/ but CodedError extending Error itself", () => {
    const classes = files.flatMap(({ path, text }) =>
      [...text.matchAll(/class\s+(\w+)(?:<[^>]*>)?\s+extends\s+Error\b/g)].map((match) => `${path}: ${match[1]}`),
    );
    expect(classes).toEqual(["bot/errors.ts: CodedError"]);
  });

  it("builds no coded error by hand (Object.assign on an Error with one of our codes)", () => {
    const handMade = files
      .filter(({ text }) => /Object\.assign\(\s*new Error\([^)]*\)\s*,\s*\{\s*code:\s*["'`](?:TRIAGE|ADMIN|CONSOLE|FHIR|HTTP|STORE)_/.test(text))
      .map((file) => file.path);
    expect(handMade).toEqual([]);
  });
});
