import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const SCRIPTS = Object.keys((JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { scripts: Record<string, string> }).scripts);

describe("README.md", () => {
  it("closes every code fence it opens, so the text after a block renders as text", () => {
    const fences = README.split("\n").filter((line) => /^\s*```/.test(line));
    const opened = fences.filter((_, i) => i % 2 === 0);
    const closed = fences.filter((_, i) => i % 2 === 1);
    expect(fences.length % 2).toBe(0);
    // An opening fence may carry a language; a closing one never does.
    expect(closed.filter((line) => line.trim() !== "```")).toEqual([]);
    expect(opened.length).toBe(closed.length);
  });

  it("shows only npm scripts that package.json defines", () => {
    const shown = [...README.matchAll(/npm run(?: --silent)? ([a-z][\w:-]*)/g)].map((m) => m[1]!);
    expect(shown.length).toBeGreaterThan(0);
    expect([...new Set(shown)].filter((name) => !SCRIPTS.includes(name))).toEqual([]);
  });
});
