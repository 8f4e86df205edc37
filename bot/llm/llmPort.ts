/*
 * The port of the optional language-model assist (DESIGN.md, "Layers"): services that may ask a
 * model depend on this interface only; bot/llm/openAiLlm.ts implements it with the openai SDK
 * against any OpenAI-compatible endpoint, tests inject the same adapter pointed at a fake server.
 * The pure engine never calls it: what a model said reaches a turn only as recorded, validated data.
 */

/** What a call is for: recorded in every audit event, and what the settings page turns on or off. */
export type LlmPurpose = "case_summary" | "complaint_suggestions" | "red_flags" | "answer_value" | "translation";

export interface LlmRequest {
  purpose: LlmPurpose;
  /** Our instructions (never patient text). */
  system: string;
  /** The data to work on (patient text, transcript lines), framed as data by the caller. */
  user: string;
  maxOutputTokens: number;
  /** The call is abandoned past this; the caller falls back. */
  timeoutMs: number;
}

/** Why a call gave nothing usable (codes only: they are logged and audited, never shown to a patient). */
export type LlmFailure = "timeout" | "rate_limited" | "server_error" | "client_error" | "unreachable" | "refused" | "empty" | "malformed";

export type LlmReply = { ok: true; content: string } | { ok: false; failure: LlmFailure };

/** An OpenAI-compatible chat model; `complete` never throws, it answers with a failure code. */
export interface Llm {
  readonly model: string;
  complete(request: LlmRequest): Promise<LlmReply>;
}
