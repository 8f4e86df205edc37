/*
 * How the server process is started: `npm start` (package.json's start script spells the same
 * arguments; test/start/npmStart.test.ts checks that they agree), and every server process the
 * tests and the benchmark start, so that what is measured is what is deployed.
 */

/**
 * V8's young generation, in MB per semi-space (default 16). A patient turn allocates about 100 KB
 * of short-lived objects, so a busy server filled the default one several times a second, and
 * every scavenge stops every turn in flight. Four times larger, there are about four times fewer
 * of those pauses for the same work (bench: GC pause per turn of the think-time run).
 */
export const SEMI_SPACE_MB = 64;

/** The node arguments before the entry file. */
export const SERVER_NODE_ARGS: readonly string[] = [`--max-semi-space-size=${SEMI_SPACE_MB}`, "--import", "tsx"];

/** The entry file, relative to the repository root. */
export const SERVER_ENTRY = "bot/start.ts";
