import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Option, type Command } from "commander";
import { LOCALES } from "../../flows/schema/flowSchema.js";
import { flowJsonSchemaText } from "../../flows/schema/exportJsonSchema.js";
import { EXIT_OK, EXIT_PROBLEMS, type CliIo } from "./cliIo.js";
import { DEFAULT_LIBRARY_DIR } from "./readJsonFile.js";
import { simulateFlow } from "./simulateFlow.js";
import { validateFiles } from "./validateFiles.js";
import { catalogueCommand } from "./catalogueCommand.js";

const SCHEMA_FILE = fileURLToPath(new URL("../../flows/flow.schema.json", import.meta.url));

/** Registers `triage flows validate|simulate|schema`; each action hands its exit code to `setExitCode`. */
export function registerFlowsCommands(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const flows = program.command("flows").description("validate, simulate and export triage flows");
  const libraryOption = () => new Option("--library <dir>", "folder of library flows (handover targets)").default(DEFAULT_LIBRARY_DIR, "flows/library");

  flows
    .command("validate")
    .description("validate flow files (together, as a library, when several are given)")
    .argument("<file...>", "flow JSON files")
    .addOption(libraryOption())
    .action((files: string[], options: { library: string }) => {
      setExitCode(validateFiles(files, { libraryDir: options.library }, io));
    });

  flows
    .command("simulate")
    .description("run a flow with scripted answers and print the transcript and the result")
    .argument("<slug-or-file>", "a flow file, or the slug of a flow in the library")
    .requiredOption("--answers <file|json>", 'answers by question id, inline JSON or a file: {"age": 70, "symptoms": ["cough"]}')
    .addOption(new Option("--locale <locale>", "language of the transcript").choices(LOCALES).default("fr"))
    .option("--json", "print one JSON object instead of the transcript", false)
    .option("--no-economy", "ask every question (patients are not asked what cannot change the outcome)")
    .addOption(libraryOption())
    .action((flow: string, options: { answers: string; locale: string; json: boolean; library: string; economy: boolean }) => {
      setExitCode(
        simulateFlow(flow, { answers: options.answers, locale: options.locale, json: options.json, libraryDir: options.library, economy: options.economy }, io),
      );
    });

  flows
    .command("catalogue")
    .description("print docs/flows.md, the catalogue of the library's flows (--write updates it, --check fails if it is stale)")
    .option("--write", "write docs/flows.md", false)
    .option("--check", "exit 1 when docs/flows.md differs from the library", false)
    .addOption(libraryOption())
    .action((options: { write: boolean; check: boolean; library: string }) => {
      setExitCode(catalogueCommand({ write: options.write, check: options.check, libraryDir: options.library }, io));
    });

  flows
    .command("schema")
    .description(`print the flow JSON Schema (--write updates flows/flow.schema.json, --check fails if it is stale)`)
    .option("--write", "write flows/flow.schema.json", false)
    .option("--check", "exit 1 when flows/flow.schema.json differs from the schema", false)
    .action((options: { write: boolean; check: boolean }) => {
      const text = flowJsonSchemaText();
      if (options.write) {
        writeFileSync(SCHEMA_FILE, text);
        io.out(`wrote ${SCHEMA_FILE}\n`);
      } else if (options.check) {
        const current = (() => {
          try {
            return readFileSync(SCHEMA_FILE, "utf8");
          } catch {
            return "";
          }
        })();
        const fresh = current === text;
        io.out(fresh ? "flows/flow.schema.json is up to date\n" : "flows/flow.schema.json is stale: run `npm run triage -- flows schema --write`\n");
        setExitCode(fresh ? EXIT_OK : EXIT_PROBLEMS);
      } else io.out(text);
    });
}
