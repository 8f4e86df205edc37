/*
 * The import rules of the codebase (issue 22), checked by test/architecture/dependencies.test.ts
 * in `npm test`, and by hand with `npx depcruise bot console flows`. docs/architecture.md draws them.
 *
 * 1. No circle of imports, type-only ones included.
 * 2. Inside bot/, a folder imports only from folders at its own layer or below (BOT_LAYERS, from
 *    the bottom up): the engine knows no adapter, the adapters no door, nothing the composition.
 * 3. console/ (bundled by SvelteKit) imports only types from bot/, and the wire schemas through
 *    the $wire alias (bot/wire): a value import would bundle a second copy of a service.
 * 4. flows/ is pure: it imports nothing of bot/ or console/.
 *
 * Known violations are listed at the bottom with the names; remove each one as it is fixed
 * (the test fails when a listed one no longer occurs, so the list only shrinks).
 */
/** bot/'s layers from the bottom up: folders (or top-level files) of a later layer may import earlier ones. */
const BOT_LAYERS = [
  { name: "kernel", parts: ["errors.ts", "codedError.ts", "errorTexts.ts", "logger.ts"] },
  { name: "http helpers", parts: ["http"] },
  { name: "configuration", parts: ["config"] },
  { name: "observability", parts: ["metrics", "telemetry"] },
  { name: "engine", parts: ["engine"] },
  { name: "bus", parts: ["bus"] },
  { name: "notifications", parts: ["notify"] },
  { name: "audit chain", parts: ["audit"] },
  { name: "accounts", parts: ["auth"] },
  { name: "cases", parts: ["cases"] },
  { name: "doors", parts: ["channels"] },
  { name: "storage", parts: ["store"] },
  { name: "settings", parts: ["settings"] },
  { name: "model assist", parts: ["llm"] },
  { name: "services", parts: ["admin", "fhir", "health", "backup", "retention", "vignettes"] },
  { name: "composition", parts: ["runtime.ts", "server.ts", "start.ts", "startCommand.ts", "composition", "cli"] },
  // Only re-exports, for console/ ($wire): the one part of bot/ it may import values from.
  { name: "wire", parts: ["wire"] },
];

const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const partPattern = (parts) => `^bot/(${parts.map((part) => escapeRegExp(part) + (part.endsWith(".ts") ? "$" : "/")).join("|")})`;

/** One rule per layer: nothing of a layer imports a layer above it. */
const layerRules = BOT_LAYERS.slice(0, -1).map((layer, index) => ({
  name: `bot-layer-${layer.name.replace(/ /g, "-")}`,
  comment: `bot/ ${layer.parts.join(", ")} (layer "${layer.name}") imports nothing from a layer above it`,
  severity: "error",
  from: { path: partPattern(layer.parts) },
  to: { path: partPattern(BOT_LAYERS.slice(index + 1).flatMap((above) => above.parts)) },
}));

/**
 * The violations the rules found when they were introduced, each removed by its fix: the list is
 * empty now, and stays so (a new violation fails the test, it is not added here).
 */
const KNOWN_VIOLATIONS = [];

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "A circle of imports (type-only ones included) ties its modules into one.",
      severity: "error",
      // A recursive component (a condition group shows its parts with itself) is not a circle of modules.
      from: { pathNot: "^console/lib/admin/condition/ConditionPartView\\.svelte$" },
      to: { circular: true },
    },
    ...layerRules,
    {
      name: "console-value-import-from-bot",
      comment:
        "console/ imports only types from bot/ (and the wire schemas through $wire): the runtime's services are reached through the one installed runtime.",
      severity: "error",
      from: { path: "^console/" },
      to: { path: "^bot/", pathNot: "^bot/wire/", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "flows-stay-pure",
      comment: "flows/ is the pure domain: no import of bot/ or console/.",
      severity: "error",
      from: { path: "^flows/" },
      to: { path: "^(bot|console)/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    // Prisma's generated clients are not ours to shape.
    exclude: { path: "^(node_modules|build|\\.svelte-kit)/|^bot/store/generated/" },
    // Type-only imports count: a circle or a layer breach made of types is still one.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    // SvelteKit's aliases ($lib, $wire), in the shape of a bundler's resolve options.
    webpackConfig: { fileName: ".dependency-cruiser.aliases.cjs" },
    knownViolations: KNOWN_VIOLATIONS,
  },
};
