import { Option, type Command } from "commander";
import { flowSchema } from "../../flows/schema/flowSchema.js";
import { runVignetteSuite } from "../../flows/vignettes/runSuite.js";
import { formatVignetteReport, missedTargets } from "../../flows/vignettes/vignetteReport.js";
import { readVignetteSuite, VIGNETTE_SUITE_DIR } from "../vignettes/readVignetteSuite.js";
import { EXIT_OK, EXIT_PROBLEMS, type CliIo } from "./cliIo.js";
import { DEFAULT_LIBRARY_DIR, readLibraryDir } from "./readJsonFile.js";

/**
 * `triage vignettes run`: plays the clinical vignette suite from the entry flow and prints the
 * Semigran-style table. Exits 1 when an EMERGENCY vignette is under-triaged or a vignette cannot
 * be played (the gate of every flow change); `--strict` also when any other target is missed.
 */
export function registerVignettesCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command("vignettes")
    .description("the clinical vignette suite")
    .command("run")
    .description("play every vignette from the entry flow and print the table")
    .option("--json", "print the report as JSON", false)
    .option("--strict", "exit 1 when any target is missed, not only EMERGENCY under-triage", false)
    .option("--no-economy", "ask every question on the path, even one that cannot change the outcome")
    .addOption(new Option("--library <dir>", "folder of library flows").default(DEFAULT_LIBRARY_DIR, "flows/library"))
    .addOption(new Option("--suite <dir>", "folder of vignette files").default(VIGNETTE_SUITE_DIR, "flows/vignettes/suite"))
    .action((options: { json: boolean; strict: boolean; economy: boolean; library: string; suite: string }) => {
      const flows = readLibraryDir(options.library).flatMap(({ json }) => {
        const parsed = flowSchema.safeParse(json);
        return parsed.success ? [parsed.data] : [];
      });
      const { report } = runVignetteSuite(readVignetteSuite(options.suite), flows, { economy: options.economy });
      io.out(options.json ? `${JSON.stringify({ ...report, missedTargets: missedTargets(report) }, null, 2)}\n` : formatVignetteReport(report));
      const gateFails = report.emergencyUnderTriaged.length > 0 || report.problems.length > 0;
      setExitCode(gateFails || (options.strict && missedTargets(report).length > 0) ? EXIT_PROBLEMS : EXIT_OK);
    });
}
