import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ensureAppBuilt } from "../../bot/start.js";

/*
 * One runtime per process (issue 22): the SvelteKit app reaches the runtime's services through
 * the object the composition root installed, so its build must not carry a copy of them. Built
 * as `npm start` builds it (once for every test that needs it, under its lock).
 */

const SERVER_BUILD = new URL("../../build/server/", import.meta.url).pathname;

/** The runtime's implementation the app must never bundle: the audit-chain writer, the admin services, the turn, the compiler, the store. */
const RUNTIME_DEFINITIONS = [
  "appendInTransaction",
  "hashCanonicalEvent",
  "AdminFlows",
  "takeTurn",
  "compileFlow",
  "ConversationService",
  "PrismaStore",
  "CaseService",
  "ConsoleAuth",
];

function scripts(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? scripts(join(dir, entry.name)) : entry.name.endsWith(".js") ? [join(dir, entry.name)] : [],
  );
}

/** The files of build/server defining `name` (a function, class or constant; Rollup may suffix a clashing name with $n). */
function definitionsOf(name: string, files: Map<string, string>): string[] {
  const definition = new RegExp(`(?:function\\*?|class|const|let|var)\\s+${name}(?:\\$\\d+)?\\b`);
  return [...files].filter(([, text]) => definition.test(text)).map(([file]) => file.slice(SERVER_BUILD.length));
}

let files: Map<string, string>;

beforeAll(async () => {
  await ensureAppBuilt();
  files = new Map(scripts(SERVER_BUILD).map((file) => [file, readFileSync(file, "utf8")]));
}, 600_000);

describe("the SvelteKit build", () => {
  it("holds the app's own server code (the check below reads the right files)", () => {
    expect(definitionsOf("editorOf", files)).not.toEqual([]);
    expect(definitionsOf("consoleApi", files)).not.toEqual([]);
  });

  it.each(RUNTIME_DEFINITIONS)("holds no copy of the runtime's %s: the app reaches it through the installed runtime", (name) => {
    expect(definitionsOf(name, files)).toEqual([]);
  });
});
