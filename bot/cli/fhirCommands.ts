import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { flowSchema, type Locale } from "../../flows/index.js";
import { FhirExportError } from "../fhir/fhirExportError.js";
import { flowToQuestionnaire } from "../fhir/flowQuestionnaire.js";
import { createFhirService } from "../fhir/fhirService.js";
import { EXIT_OK, UsageError, type CliIo } from "./cliIo.js";
import { readJsonFile } from "./readJsonFile.js";
import { withStore } from "./withStore.js";

function parseLocale(value: string | undefined): Locale | undefined {
  if (value === undefined) return undefined;
  if (value !== "fr" && value !== "en") throw new UsageError("--locale must be fr or en");
  return value;
}

function emit(io: CliIo, value: unknown, out: string | undefined): void {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (out) {
    writeFileSync(out, text, { flag: "wx" });
    io.out(`written: ${out}\n`);
  } else io.out(text);
}

/**
 * Registers `triage fhir export <session>` (a finished triage as a FHIR R4 Bundle, audited as
 * `fhir.exported` by "cli") and `triage fhir questionnaire <flow>` (a flow as a FHIR Questionnaire:
 * a published slug, or a flow JSON file).
 */
export function registerFhirCommands(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  const fhir = program.command("fhir").description("FHIR R4 export (sessions as Bundles, flows as Questionnaires)");
  fhir
    .command("export")
    .description("print a finished triage session as a FHIR R4 Bundle (JSON)")
    .argument("<session>", "the session id")
    .option("--out <file>", "write to this new file instead of printing")
    .option("--locale <locale>", "language of the texts (default: the session's)")
    .option("--database-url <url>", "database (default: DATABASE_URL or file:./data/triage.db)")
    .action(async (sessionId: string, options: { out?: string; locale?: string; databaseUrl?: string }) => {
      const locale = parseLocale(options.locale);
      await withStore({ io, setExitCode, databaseUrl: options.databaseUrl, refusal: FhirExportError }, async (store) => {
        const bundle = await createFhirService({ store }).exportSession(sessionId, { actor: "cli", ...(locale ? { locale } : {}) });
        emit(io, bundle, options.out);
      });
    });
  fhir
    .command("questionnaire")
    .description("print a flow as a FHIR R4 Questionnaire: a published flow's slug, or a flow JSON file")
    .argument("<flow>", "a slug (published in the database) or a path ending in .json")
    .option("--version <n>", "the published version (default: the latest)")
    .option("--locale <locale>", "primary language (default: the flow's first)")
    .option("--out <file>", "write to this new file instead of printing")
    .option("--database-url <url>", "database (default: DATABASE_URL or file:./data/triage.db)")
    .action(async (flow: string, options: { version?: string; locale?: string; out?: string; databaseUrl?: string }) => {
      const locale = parseLocale(options.locale);
      if (flow.endsWith(".json")) {
        const parsed = flowSchema.safeParse(readJsonFile(flow));
        if (!parsed.success) throw new UsageError(`${flow} is not a valid flow (run \`triage flows validate ${flow}\`)`);
        emit(io, flowToQuestionnaire(parsed.data, locale), options.out);
        setExitCode(EXIT_OK);
        return;
      }
      const version = options.version === undefined ? undefined : Number(options.version);
      if (version !== undefined && !(Number.isInteger(version) && version > 0)) throw new UsageError("--version must be a positive integer");
      await withStore({ io, setExitCode, databaseUrl: options.databaseUrl, refusal: FhirExportError }, async (store) => {
        emit(io, await createFhirService({ store }).questionnaire(flow, version, locale), options.out);
      });
    });
}
