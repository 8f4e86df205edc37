import { flowSchema, type Flow } from "../../flows/schema/flowSchema.js";
import { validateFlow, validateLibrary, type Problem } from "../../flows/validate/index.js";
import { EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, UsageError, type CliIo } from "./cliIo.js";
import { formatProblem } from "./formatProblem.js";
import { libraryContext } from "./libraryContext.js";
import { readJsonFile } from "./readJsonFile.js";
import { readRedFlagScreens } from "./readRedFlagScreens.js";

/**
 * `triage flows validate <file...>`: validates each file, then the files together with the
 * library as one set (handover targets, answers carried in). Prints `OK <file>` or `FAIL <file>`
 * and one line per problem. Returns 0 when all are valid, 1 when one is not, 2 when a file
 * cannot be read or is not JSON.
 */
export function validateFiles(files: readonly string[], options: { libraryDir: string }, io: CliIo): number {
  let unreadable = false;
  const loaded: { file: string; json: unknown }[] = [];
  for (const file of files) {
    try {
      loaded.push({ file, json: readJsonFile(file) });
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      unreadable = true;
      io.err(`ERROR ${error.message}\n`);
    }
  }

  // Schema and single-flow problems first; flows that pass the schema then go through the library check.
  const problemsOf = new Map<string, Problem[]>();
  const parsed: { file: string; flow: Flow }[] = [];
  for (const { file, json } of loaded) {
    const schema = flowSchema.safeParse(json);
    if (schema.success) {
      parsed.push({ file, flow: schema.data });
      continue;
    }
    const result = validateFlow(json);
    problemsOf.set(file, result.ok ? [] : result.problems);
  }
  const given = new Set(parsed.map((p) => p.flow.slug));
  const library = validateLibrary([...parsed.map((p) => p.flow), ...libraryContext(options.libraryDir, given)], {
    screens: readRedFlagScreens(options.libraryDir),
  });
  parsed.forEach(({ file }, i) => problemsOf.set(file, library.flows[i]!.problems));

  let failed = false;
  for (const { file } of loaded) {
    const problems = problemsOf.get(file) ?? [];
    failed ||= problems.length > 0;
    io.out(`${problems.length === 0 ? "OK" : "FAIL"} ${file}\n`);
    for (const p of problems) io.out(`${formatProblem(p)}\n`);
  }
  return unreadable ? EXIT_USAGE : failed ? EXIT_PROBLEMS : EXIT_OK;
}
