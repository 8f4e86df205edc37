// Prettier 3 with the Svelte plugin (issue 22). `npm run format` writes, `npm run lint` checks.
/** @type {import("prettier").Config} */
const config = {
  // 160, not Prettier's 80: the codebase was written to ~160 columns (one-line guards, long
  // imports, sentence-named tests); 80 or 120 would rewrap thousands of lines for no reader's gain.
  printWidth: 160,
  plugins: ["prettier-plugin-svelte"],
  overrides: [{ files: "*.svelte", options: { parser: "svelte" } }],
};

export default config;
