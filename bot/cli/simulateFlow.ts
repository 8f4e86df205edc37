import { existsSync } from "node:fs";
import { join } from "node:path";
import { flowSchema, localeSchema, type Flow } from "../../flows/index.js";
import { validateFlow, validateLibrary, type Problem } from "../../flows/validate/index.js";
import { EXIT_OK, EXIT_PROBLEMS, UsageError, type CliIo } from "./cliIo.js";
import { formatProblem } from "./formatProblem.js";
import { simulationJson, simulationText } from "./formatSimulation.js";
import { libraryContext } from "./libraryContext.js";
import { readJsonArgument, readJsonFile } from "./readJsonFile.js";
import { runSimulation, simulationResolver } from "./runSimulation.js";

export interface SimulateOptions {
  answers: string;
  locale: string;
  json: boolean;
  libraryDir: string;
  /** Skip what cannot change the outcome, as patients are (default); false asks every question. */
  economy?: boolean;
}

/** A path to a .json file, or a slug of the library. */
function flowFileOf(flowArgument: string, libraryDir: string): string {
  if (flowArgument.endsWith(".json") || existsSync(flowArgument)) return flowArgument;
  const file = join(libraryDir, `${flowArgument}.json`);
  if (!existsSync(file)) throw new UsageError(`"${flowArgument}" is neither a flow file nor a flow of the library (${libraryDir})`);
  return file;
}

function answersOf(value: string): Record<string, unknown> {
  const answers = readJsonArgument(value, "--answers");
  if (answers === null || typeof answers !== "object" || Array.isArray(answers)) {
    throw new UsageError("--answers must be a JSON object {questionId: answer} (inline or a file path)");
  }
  return answers as Record<string, unknown>;
}

/**
 * `triage flows simulate <slug-or-file> --answers <file|json> [--no-economy]`: runs the flow (and
 * any flow it hands over to, from the library) with scripted answers, skipping the questions
 * question economy skips for patients unless `--no-economy`, and prints the transcript (with the
 * questions not asked and why) and the result, or one JSON object with `--json`. Returns 0 at an outcome, 1 when the flow is invalid or
 * an answer is missing or does not parse; throws UsageError for bad arguments (exit 2).
 */
export function simulateFlow(flowArgument: string, options: SimulateOptions, io: CliIo): number {
  const locale = localeSchema.safeParse(options.locale);
  if (!locale.success) throw new UsageError(`--locale must be one of ${localeSchema.options.join(", ")}`);
  const file = flowFileOf(flowArgument, options.libraryDir);
  const json = readJsonFile(file);
  const answers = answersOf(options.answers);

  const checked = checkFlow(json, options.libraryDir);
  if (!checked.ok) {
    if (options.json) io.out(`${JSON.stringify({ file, error: "the flow is invalid", problems: checked.problems }, null, 2)}\n`);
    else io.err(`FAIL ${file}\n${checked.problems.map((p) => `${formatProblem(p)}\n`).join("")}`);
    return EXIT_PROBLEMS;
  }
  for (const p of checked.warnings) io.err(`warning: ${p.message}\n`);
  const { flow, context } = checked;
  const simulation = runSimulation(simulationResolver(flow, context, { economy: options.economy ?? true }), flow.slug, answers);
  if (options.json) io.out(`${JSON.stringify(simulationJson(simulation, flow, locale.data), null, 2)}\n`);
  else io.out(simulationText(simulation, locale.data));
  if (simulation.stop && !options.json) io.err(`error: simulation stopped (${simulation.stop.code})\n`);
  return simulation.stop ? EXIT_PROBLEMS : EXIT_OK;
}

/**
 * Validates the flow together with the library (its handover targets, answers carried into it).
 * A handover to a flow the library lacks only warns: a simulation whose answers never take that
 * path is still meaningful (the runner stops with a clear error if they do).
 */
function checkFlow(json: unknown, libraryDir: string): { ok: true; flow: Flow; context: Flow[]; warnings: Problem[] } | { ok: false; problems: Problem[] } {
  const parsed = flowSchema.safeParse(json);
  if (!parsed.success) {
    const result = validateFlow(json);
    return { ok: false, problems: result.ok ? [] : result.problems };
  }
  const context = libraryContext(libraryDir, new Set([parsed.data.slug]));
  const all = validateLibrary([parsed.data, ...context]).flows[0]!.problems;
  const problems = all.filter((p) => p.code !== "unknown-flow");
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, flow: parsed.data, context, warnings: all.filter((p) => p.code === "unknown-flow") };
}
