import type { Assist } from "../../bot/llm/assist.js";
import { CallLimits } from "../../bot/llm/callLimits.js";
import { OpenAiLlm } from "../../bot/llm/openAiLlm.js";
import { ASSIST_DEFAULTS, type AssistSwitches } from "../../bot/settings/settingsSchema.js";

/** The assist as the runtime builds it, on the real openai SDK pointed at `baseUrl`; `switches` is what the settings page says. */
export function testAssist(baseUrl: string, switches: AssistSwitches = { ...ASSIST_DEFAULTS }, limits = { perSession: 50, perMinute: 1000 }): Assist & { switches: AssistSwitches; logged: unknown[] } {
  const logged: unknown[] = [];
  return {
    llm: new OpenAiLlm({ baseUrl, model: "fake-model" }),
    limits: new CallLimits(limits),
    logger: { info: (...args: unknown[]) => void logged.push(args) },
    timeoutMs: 2000,
    summaryTimeoutMs: 2000,
    switches,
    logged,
    enabled(use) {
      return this.switches[use];
    },
  };
}
