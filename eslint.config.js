// ESLint 9 flat config (issue 22): catches obvious bugs; layout is Prettier's job (prettier.config.js).
// `npm run lint` runs it with `prettier --check`; `npm run format` fixes what both can.
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import { defineConfig, globalIgnores } from "eslint/config";
import svelte from "eslint-plugin-svelte";
import globals from "globals";
import tseslint from "typescript-eslint";
import svelteConfig from "./svelte.config.js";

export default defineConfig(
  // Generated or built output, and data that is not code.
  globalIgnores(["build/", ".svelte-kit/", "bot/store/generated/", "test-results/", "data/", "bench/results.json", "docs/screenshots/"]),
  // The recommended sets only: the type-checked ones need a full program per file, too slow here.
  js.configs.recommended,
  tseslint.configs.recommended,
  svelte.configs.recommended,
  // Last among the shared sets: turns off every rule that fights Prettier's layout.
  prettier,
  svelte.configs.prettier,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      eqeqeq: ["error", "always"],
      // `a && b()` and `c ? d() : e()` as statements are deliberate short forms here; a bare value is still caught.
      "@typescript-eslint/no-unused-expressions": ["error", { allowShortCircuit: true, allowTernary: true }],
      // The app is served at `/` (no kit.paths.base), so resolve() on every href and goto() would change nothing.
      "svelte/no-navigation-without-resolve": "off",
      // `{" "}` is a space Svelte must keep at the edge of an {#each}/{#if} block, where it trims bare whitespace.
      "svelte/no-useless-mustaches": "off",
      // Reactive collections here are replaced (`x = new Set(...)`), never mutated; the rule flags every local Map too.
      "svelte/prefer-svelte-reactivity": "off",
      // A leading `_` marks a parameter or binding kept on purpose (an interface's shape, a skipped tuple slot).
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" },
      ],
    },
  },
  {
    // Svelte components and runes modules: TypeScript in <script lang="ts"> and in .svelte.ts files.
    files: ["**/*.svelte", "**/*.svelte.ts"],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: [".svelte"], svelteConfig } },
  },
  {
    // CommonJS configuration files (dependency-cruiser reads .cjs).
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
