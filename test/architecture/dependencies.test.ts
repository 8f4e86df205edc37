import { cruise, type ICruiseResult, type IViolation } from "dependency-cruiser";
import extractDepcruiseOptions from "dependency-cruiser/config-utl/extract-depcruise-options";
import extractTsConfig from "dependency-cruiser/config-utl/extract-ts-config";
import extractWebpackResolveConfig from "dependency-cruiser/config-utl/extract-webpack-resolve-config";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";

/*
 * The import rules of .dependency-cruiser.cjs (issue 22), run through dependency-cruiser's API
 * on the whole of bot/, console/ and flows/ as the CLI would (`npx depcruise bot console flows`).
 */

const root = new URL("../../", import.meta.url).pathname;
let result: ICruiseResult;

/** "rule: from -> to", or the circle's path, to read in a failure message. */
const describeViolation = (violation: IViolation) =>
  `${violation.rule.name}: ${violation.from} -> ${violation.cycle ? violation.cycle.map((step) => step.name).join(" -> ") : violation.to}`;

beforeAll(async () => {
  process.chdir(root);
  const options = await extractDepcruiseOptions("./.dependency-cruiser.cjs");
  const resolve = options.webpackConfig?.fileName ? await extractWebpackResolveConfig(options.webpackConfig.fileName) : {};
  const ts = options.tsConfig?.fileName ? extractTsConfig(options.tsConfig.fileName) : undefined;
  const reported = await cruise(["bot", "console", "flows"], { ...options, outputType: "json" }, resolve, ts ? { tsConfig: ts } : undefined);
  result = JSON.parse(reported.output as string) as ICruiseResult;
}, 120_000);

describe("the import rules", () => {
  it("finds no circle, no import against bot/'s layer order, no value import of bot/ in console/ and nothing but pure code in flows/, besides the known violations", () => {
    const broken = result.summary.violations.filter((violation) => violation.rule.severity !== "ignore");
    expect(broken.map(describeViolation)).toEqual([]);
  });

  it("lists no known violation that no longer occurs (a fixed one is removed from the list)", async () => {
    const options = await extractDepcruiseOptions("./.dependency-cruiser.cjs");
    const still = new Set(result.summary.violations.map((violation) => `${violation.rule.name}|${violation.from}|${violation.to}`));
    const gone = (options.knownViolations ?? []).filter((known) => !still.has(`${known.rule.name}|${known.from}|${known.to}`));
    expect(gone.map(describeViolation)).toEqual([]);
  });

  it("places every module of bot/ in a layer, so no new folder escapes the layer order", async () => {
    const options = await extractDepcruiseOptions("./.dependency-cruiser.cjs");
    const layerRules = (options.ruleSet?.forbidden ?? []).filter((rule) => rule.name?.startsWith("bot-layer-"));
    // The lowest layer's own files, and everything its rule forbids it (every layer above).
    const bottom = layerRules[0] as { from: { path?: string | string[] }; to: { path?: string | string[] } };
    const placed = [bottom.from.path, bottom.to.path].map((pattern) => new RegExp(String(pattern)));
    const unplaced = result.modules
      .map((module) => module.source)
      .filter((source) => source.startsWith("bot/") && !placed.some((pattern) => pattern.test(source)));
    expect(unplaced).toEqual([]);
  });

  it("has every layer of bot/ described in docs/architecture.md", async () => {
    const options = await extractDepcruiseOptions("./.dependency-cruiser.cjs");
    const page = readFileSync(new URL("docs/architecture.md", `file://${root}`), "utf8");
    const layers = (options.ruleSet?.forbidden ?? []).flatMap((rule) => /\(layer "([^"]+)"\)/.exec(rule.comment ?? "")?.[1] ?? []);
    expect(layers.length).toBeGreaterThan(10);
    expect(layers.filter((layer) => !page.includes(`\n### ${layer}\n`))).toEqual([]);
  });

  it("reads every module it checks: the aliases and the Svelte components resolve", () => {
    const modules = result.modules.map((module) => module.source);
    expect(modules).toContain("console/routes/console/+page.svelte");
    const unresolvedAliases = result.modules.flatMap((module) =>
      module.dependencies
        .filter((dependency) => dependency.couldNotResolve && /^\$(lib|wire)\b/.test(dependency.module))
        .map((dependency) => `${module.source} -> ${dependency.module}`),
    );
    expect(unresolvedAliases).toEqual([]);
  });
});
