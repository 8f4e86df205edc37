import type { Command } from "commander";
import { flowSchema } from "../../flows/schema/flowSchema.js";
import { loadConfig } from "../config/config.js";
import { DEFAULT_COMPLAINT_SET, readComplaintSet } from "../llm/eval/complaintEvalSet.js";
import { askEach } from "../llm/eval/askEach.js";
import { complaintEval, suggestedQuestion } from "../llm/eval/complaintEval.js";
import { formatComplaintReport, scoreComplaints } from "../llm/eval/scoreComplaints.js";
import { formatSignsReport, scoreSigns } from "../llm/eval/scoreSigns.js";
import { DEFAULT_SIGNS_SET, readSignsSet } from "../llm/eval/signsEvalSet.js";
import { signsEval, signsQuestion } from "../llm/eval/signsEval.js";
import { OpenAiLlm } from "../llm/openAiLlm.js";
import { EXIT_OK, UsageError, type CliEnv, type CliIo } from "./cliIo.js";
import { DEFAULT_LIBRARY_DIR, readJsonFile } from "./readJsonFile.js";

/**
 * `triage assist eval`: runs the labelled set against the configured endpoint (LLM_BASE_URL,
 * LLM_MODEL, LLM_API_KEY, LLM_TIMEOUT_MS) exactly as the assist asks it for a patient, and prints
 * precision and recall per complaint, top-1 accuracy and the fallback rate, then the red-flag miss
 * rate on the warning-signs set, so a deployer can qualify a model before turning the assist on.
 * Sends only the sets' texts.
 */
export function registerAssistCommands(program: Command, io: CliIo, setExitCode: (code: number) => void, env: CliEnv = process.env): void {
  program
    .command("assist")
    .description("the optional language-model assist")
    .command("eval")
    .description("run the labelled set against the configured endpoint and print precision, recall and fallback rate")
    .option("--set <file>", "labelled set (JSON)", DEFAULT_COMPLAINT_SET)
    .option("--signs-set <file>", "labelled warning-signs set (JSON), for the red-flag miss rate", DEFAULT_SIGNS_SET)
    .option("--entry <file>", "entry flow whose suggested question is evaluated", `${DEFAULT_LIBRARY_DIR}/general.json`)
    .option("--concurrency <n>", "requests in flight at once", "4")
    .option("--json", "print the report as JSON", false)
    .action(async (options: { set: string; signsSet: string; entry: string; concurrency: string; json: boolean }) => {
      const config = loadConfig(env);
      if (!config.env.LLM_BASE_URL || !config.env.LLM_MODEL)
        throw new UsageError("no endpoint configured: set LLM_BASE_URL and LLM_MODEL (and LLM_API_KEY if it needs one)");
      const concurrency = Number(options.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 32) throw new UsageError("--concurrency: a whole number from 1 to 32");
      let items;
      let signItems;
      try {
        items = readComplaintSet(options.set);
        signItems = readSignsSet(options.signsSet);
      } catch (error) {
        throw new UsageError(`cannot read the labelled set: ${(error as Error).message}`);
      }
      const entry = flowSchema.safeParse(readJsonFile(options.entry));
      if (!entry.success) throw new UsageError(`${options.entry} is not a valid flow`);
      const question = suggestedQuestion(entry.data);
      const llm = new OpenAiLlm({
        baseUrl: config.env.LLM_BASE_URL,
        model: config.env.LLM_MODEL,
        ...(config.env.LLM_API_KEY ? { apiKey: config.env.LLM_API_KEY } : {}),
      });
      const asking = { timeoutMs: config.env.LLM_TIMEOUT_MS, concurrency };
      const results = await askEach(llm, items, asking, complaintEval(question));
      const report = scoreComplaints(
        items,
        results,
        question.options.map((o) => o.value),
      );
      const confirm = signsQuestion(entry.data);
      const unknown = signItems.flatMap((i) => i.signs).find((sign) => sign === confirm.noneOption || !confirm.options.some((o) => o.value === sign));
      if (unknown !== undefined) throw new UsageError(`${options.signsSet}: "${unknown}" is not a sign of ${confirm.id}`);
      const signs = scoreSigns(signItems, await askEach(llm, signItems, asking, signsEval(confirm)));
      io.out(
        options.json
          ? `${JSON.stringify({ model: llm.model, ...report, redFlags: signs }, null, 2)}\n`
          : `${formatComplaintReport(report, llm.model)}\n${formatSignsReport(signs, llm.model)}`,
      );
      setExitCode(EXIT_OK);
    });
}
