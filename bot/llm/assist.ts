import type { TriageConfig } from "../config/config.js";
import type { Logger } from "../logger.js";
import type { AssistSwitches } from "../settings/settingsSchema.js";
import type { AskDeps } from "./askModel.js";
import { CallLimits } from "./callLimits.js";
import type { Llm } from "./llmPort.js";
import { OpenAiLlm } from "./openAiLlm.js";

/** What every use of the assist needs: the model, the shared limits, the timeouts and the live switches. */
export interface Assist extends AskDeps {
  /** Patient-facing calls (LLM_TIMEOUT_MS, at most 3 s). */
  timeoutMs: number;
  /** The clinicians' summary, off the patient's path (LLM_SUMMARY_TIMEOUT_MS). */
  summaryTimeoutMs: number;
  /** Whether a use is on in the settings page right now. */
  enabled(use: keyof AssistSwitches): boolean;
}

/** Given the configuration, returns the assist when LLM_BASE_URL and LLM_MODEL are set, else undefined (the product as without it). */
export function assistFromConfig(config: TriageConfig, switches: () => AssistSwitches, logger: Pick<Logger, "info">, llm?: Llm): Assist | undefined {
  const { env } = config;
  if (!env.LLM_BASE_URL || !env.LLM_MODEL) return undefined;
  return {
    llm: llm ?? new OpenAiLlm({ baseUrl: env.LLM_BASE_URL, model: env.LLM_MODEL, ...(env.LLM_API_KEY ? { apiKey: env.LLM_API_KEY } : {}) }),
    limits: new CallLimits({ perSession: env.LLM_MAX_CALLS_PER_SESSION, perMinute: env.LLM_MAX_CALLS_PER_MINUTE }),
    logger,
    timeoutMs: env.LLM_TIMEOUT_MS,
    summaryTimeoutMs: env.LLM_SUMMARY_TIMEOUT_MS,
    enabled: (use) => switches()[use],
  };
}
