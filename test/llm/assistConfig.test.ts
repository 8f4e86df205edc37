import { describe, expect, it } from "vitest";
import { loadConfig } from "../../bot/config/config.js";
import { assistFromConfig } from "../../bot/llm/assist.js";
import { ASSIST_DEFAULTS } from "../../bot/settings/settingsSchema.js";

/* The assist is off unless both the endpoint and the model are configured; its timeout never exceeds 3 s for patients. */

const quiet = { info: () => {} };
const switches = () => ({ ...ASSIST_DEFAULTS });

describe("the assist's configuration", () => {
  it("is off when no LLM variable is set", () => {
    expect(assistFromConfig(loadConfig({}), switches, quiet)).toBeUndefined();
  });

  it("is on with LLM_BASE_URL and LLM_MODEL, with a 3 s patient timeout by default", () => {
    const assist = assistFromConfig(loadConfig({ LLM_BASE_URL: "http://127.0.0.1:11434/v1", LLM_MODEL: "mistral" }), switches, quiet);
    expect(assist).toMatchObject({ timeoutMs: 3000, summaryTimeoutMs: 20_000, llm: { model: "mistral" } });
    expect(assist!.enabled("caseSummary")).toBe(true);
  });

  it("refuses one of LLM_BASE_URL and LLM_MODEL without the other", () => {
    expect(() => loadConfig({ LLM_BASE_URL: "http://127.0.0.1:11434/v1" })).toThrow(/LLM_BASE_URL and LLM_MODEL/);
    expect(() => loadConfig({ LLM_MODEL: "mistral" })).toThrow(/LLM_BASE_URL and LLM_MODEL/);
  });

  it("refuses a patient-facing timeout over 3 s", () => {
    expect(() => loadConfig({ LLM_BASE_URL: "http://127.0.0.1:11434/v1", LLM_MODEL: "mistral", LLM_TIMEOUT_MS: "5000" })).toThrow(/LLM_TIMEOUT_MS/);
  });

  it("follows the settings page's switches as they change", () => {
    const live = { ...ASSIST_DEFAULTS, complaintSuggestions: false };
    const assist = assistFromConfig(loadConfig({ LLM_BASE_URL: "http://127.0.0.1:11434/v1", LLM_MODEL: "mistral" }), () => live, quiet)!;
    expect(assist.enabled("complaintSuggestions")).toBe(false);
    live.complaintSuggestions = true;
    expect(assist.enabled("complaintSuggestions")).toBe(true);
  });
});
