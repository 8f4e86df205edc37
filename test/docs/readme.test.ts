import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
const CI_RUN = readFileSync(new URL("../../.ci/run", import.meta.url), "utf8");
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

  it("lists as its Test commands exactly what CI runs (.ci/run), so a newcomer's run is CI's run", () => {
    const block = /^## Test\n+```sh\n([\s\S]*?)\n```/m.exec(README)?.[1];
    expect(block).toBeDefined();
    // .ci/run's own set-up (shell options, directory, CI=true) is not a command a reader types.
    const ciCommands = CI_RUN.split("\n").filter((line) => line.trim() !== "" && !/^(#|set |cd |export )/.test(line));
    expect(ciCommands).toEqual(block!.split("\n"));
    expect(ciCommands).toContain("npm run lint");
  });
});
