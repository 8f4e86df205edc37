// Entry point of the `triage` command: `npm run triage -- <command>` or bin/triage.mjs.
import { runCli } from "./runCli.js";

process.exitCode = await runCli(process.argv.slice(2));
