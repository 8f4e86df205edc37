import { describe, expect, it } from "vitest";
import { installRuntime, installedRuntime, uninstallRuntime, type Runtime } from "../../bot/runtime.js";
import { runtime as bridgedRuntime } from "../../console/lib/server/runtime.js";
import { guessLocale } from "../../console/lib/chat/guessLocale.js";

const fakeRuntime = (name: string) => ({ name }) as unknown as Runtime;

describe("the process's one runtime", () => {
  it("is what SvelteKit's server code reads through the bridge, from another module graph", () => {
    const runtime = installRuntime(fakeRuntime("a"));
    try {
      expect(bridgedRuntime()).toBe(runtime);
      expect(installedRuntime()).toBe(runtime);
    } finally {
      uninstallRuntime(runtime);
    }
  });

  it("refuses a second runtime in the same process", () => {
    const first = installRuntime(fakeRuntime("a"));
    try {
      expect(() => installRuntime(fakeRuntime("b"))).toThrow(/already installed/);
    } finally {
      uninstallRuntime(first);
    }
  });

  it("makes the bridge say how to start when no runtime was installed", () => {
    expect(() => bridgedRuntime()).toThrow(/npm start/);
  });
});

describe("guessLocale", () => {
  it.each([
    ["en", "fr-FR,fr;q=0.9", "en"],
    [null, "fr-FR,fr;q=0.9,en;q=0.8", "fr"],
    [null, "de-DE,en-GB;q=0.8", "en"],
    [null, "de-DE", "fr"],
    ["xx", "", "fr"],
  ] as const)("given ?lang=%s and languages %s, picks %s", (explicit, languages, expected) => {
    expect(guessLocale(explicit, languages, "fr")).toBe(expected);
  });
});
