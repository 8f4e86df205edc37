/*
 * How the server process is started: `npm start` (package.json's start script spells the same
 * arguments; test/start/npmStart.test.ts checks that they agree), and every server process the
 * tests and the benchmark start, so that what is measured is what is deployed.
 *
 * No V8 heap flag: a 64 MB young generation (instead of 16) was measured on the think-time run
 * (2,000 patients, three alternating pairs on a quiet machine): four times fewer scavenges and
 * about a quarter less time in them, but each pause three times longer, and the server's p99 did
 * not move beyond the noise (47.6 / 99.9 / 30.8 ms against 66.3 / 52.9 / 34.4 ms), for up to
 * ~100 MB more resident memory. Node's defaults stay.
 */

/** The node arguments before the entry file. */
export const SERVER_NODE_ARGS: readonly string[] = ["--import", "tsx"];

/** The entry file, relative to the repository root. */
export const SERVER_ENTRY = "bot/start.ts";
