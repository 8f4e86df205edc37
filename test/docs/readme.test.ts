import { existsSync, readdirSync, readFileSync } from "node:fs";
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

  it("shows only pictures that are in the repository, in it and in docs/*.md", () => {
    const docs = new URL("../../docs/", import.meta.url);
    const pages = [{ base: new URL("../../", import.meta.url), text: README }].concat(
      readdirSync(docs)
        .filter((name) => name.endsWith(".md"))
        .map((name) => ({ base: docs, text: readFileSync(new URL(name, docs), "utf8") })),
    );
    const pictures = pages.flatMap(({ base, text }) =>
      [...text.matchAll(/(?:src="|\]\()([^")\s]+\.(?:png|jpe?g|svg|gif))/g)].filter((m) => !/^https?:/.test(m[1]!)).map((m) => new URL(m[1]!, base).href),
    );
    const files = [...new Set(pictures)].map((href) => new URL(href));
    expect(files.length).toBeGreaterThan(5);
    expect(files.filter((url) => !existsSync(url)).map((url) => url.pathname)).toEqual([]);
  });
});
