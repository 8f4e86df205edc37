import OpenAI from "openai";
import type { Llm, LlmFailure, LlmReply, LlmRequest } from "./llmPort.js";

export interface OpenAiLlmOptions {
  baseUrl: string;
  /** Optional: a self-hosted vLLM or Ollama server usually needs none. */
  apiKey?: string;
  model: string;
}

/**
 * The Llm port on the openai SDK (v6): chat completions in JSON mode, temperature 0, no retry
 * (a retry would overrun the patient's timeout; the caller falls back instead). Works with
 * OpenAI, Azure OpenAI's v1 endpoint, Mistral, vLLM and Ollama (`/v1`).
 */
export class OpenAiLlm implements Llm {
  readonly model: string;
  readonly #client: OpenAI;

  constructor(options: OpenAiLlmOptions) {
    this.model = options.model;
    // The SDK insists on a key; servers that need none ignore the header.
    this.#client = new OpenAI({ baseURL: options.baseUrl, apiKey: options.apiKey ?? "unused", maxRetries: 0, timeout: 60_000 });
  }

  async complete(request: LlmRequest): Promise<LlmReply> {
    try {
      const completion = await this.#client.chat.completions.create(
        {
          model: this.model,
          messages: [
            { role: "system", content: request.system },
            { role: "user", content: request.user },
          ],
          temperature: 0,
          max_tokens: request.maxOutputTokens,
          response_format: { type: "json_object" },
        },
        { timeout: request.timeoutMs, maxRetries: 0 },
      );
      const choice = completion.choices?.[0];
      if (!choice) return { ok: false, failure: "empty" };
      if (choice.message.refusal || choice.finish_reason === "content_filter") return { ok: false, failure: "refused" };
      const content = choice.message.content;
      return typeof content === "string" && content.trim() !== "" ? { ok: true, content } : { ok: false, failure: "empty" };
    } catch (error) {
      return { ok: false, failure: failureOf(error) };
    }
  }
}

/** Maps what the SDK throws to a code; a body that is not JSON surfaces as a SyntaxError. */
function failureOf(error: unknown): LlmFailure {
  if (error instanceof OpenAI.APIConnectionTimeoutError) return "timeout";
  if (error instanceof OpenAI.APIUserAbortError) return "timeout";
  if (error instanceof OpenAI.APIConnectionError) return "unreachable";
  if (error instanceof OpenAI.RateLimitError) return "rate_limited";
  if (error instanceof OpenAI.APIError) return typeof error.status === "number" && error.status >= 500 ? "server_error" : "client_error";
  return "malformed";
}
