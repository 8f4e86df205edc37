/* SvelteKit's import aliases (svelte.config.js kit.alias, plus $lib) for dependency-cruiser's resolver. */
const path = require("node:path");

module.exports = {
  resolve: {
    alias: {
      $lib: path.join(__dirname, "console/lib"),
      $wire: path.join(__dirname, "bot/wire"),
    },
  },
};
