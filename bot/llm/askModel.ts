import { createHash } from "node:crypto";
import type { z } from "zod";
import type { AuditDraft } from "../engine/ports.js";
import type { Logger } from "../logger.js";
import type { CallLimits } from "./callLimits.js";
import type { Llm, LlmFailure, LlmPurpose } from "./llmPort.js";

/** Longest model output kept in the audit event; a longer one is refused anyway (schemas bound every field). */
export const MAX_RECORDED_OUTPUT = 8000;

/** Why the assist fell back: the model's failures, our limits, and outputs that did not pass validation. */
export type AssistFailure = LlmFailure | "limited_session" | "limited_instance" | "not_json" | "invalid";

export interface AskDeps {
  llm: Llm;
  limits: CallLimits;
  /** Purpose, result and latency only: never a prompt or an output. */
  logger?: Pick<Logger, "info">;
}

export interface Question<T> {
  purpose: LlmPurpose;
  /** The session the call is made for: its limit is charged and its audit chain records the call. */
  sessionId: string;
  system: string;
  user: string;
  /** The only shape accepted: strict (an extra field, e.g. an urgency, refuses the whole output). */
  schema: z.ZodType<T>;
  maxOutputTokens: number;
  timeoutMs: number;
}

export type Asked<T> = { ok: true; value: T; event: AuditDraft } | { ok: false; failure: AssistFailure; event: AuditDraft };

/** SHA-256 of exactly what was sent, so an audit reader can check a prompt without the chain storing it twice. */
export function promptHash(system: string, user: string): string {
  return createHash("sha256").update(system).update("\u0000").update(user).digest("hex");
}

/**
 * Given a question for the model, asks it within the limits and the timeout and validates the
 * answer against the schema. Never throws: a failure is a code, and either way the `llm.call`
 * audit event (purpose, model, prompt hash, output, latency, result) is returned for the caller
 * to commit in the session's chain.
 */
export async function askModel<T>(deps: AskDeps, question: Question<T>): Promise<Asked<T>> {
  const started = performance.now();
  const event = (result: "ok" | AssistFailure, output: string | null): AuditDraft => ({
    type: "llm.call",
    payload: {
      purpose: question.purpose,
      model: deps.llm.model,
      promptHash: promptHash(question.system, question.user),
      output: output === null ? null : output.slice(0, MAX_RECORDED_OUTPUT),
      latencyMs: Math.round(performance.now() - started),
      result,
    },
  });
  const fail = (failure: AssistFailure, output: string | null = null): Asked<T> => {
    const audited = event(failure, output);
    deps.logger?.info({ purpose: question.purpose, result: failure, latencyMs: (audited.payload as { latencyMs: number }).latencyMs }, "llm assist fell back");
    return { ok: false, failure, event: audited };
  };

  const allowed = await deps.limits.take(question.sessionId);
  if (!allowed.ok) return fail(allowed.limit === "session" ? "limited_session" : "limited_instance");
  const reply = await deps.llm.complete({
    purpose: question.purpose,
    system: question.system,
    user: question.user,
    maxOutputTokens: question.maxOutputTokens,
    timeoutMs: question.timeoutMs,
  });
  if (!reply.ok) return fail(reply.failure);
  if (reply.content.length > MAX_RECORDED_OUTPUT) return fail("invalid", reply.content);
  let json: unknown;
  try {
    json = JSON.parse(stripFence(reply.content));
  } catch {
    return fail("not_json", reply.content);
  }
  const parsed = question.schema.safeParse(json);
  if (!parsed.success) return fail("invalid", reply.content);
  const audited = event("ok", reply.content);
  deps.logger?.info({ purpose: question.purpose, result: "ok", latencyMs: (audited.payload as { latencyMs: number }).latencyMs }, "llm assist answered");
  return { ok: true, value: parsed.data, event: audited };
}

/** Some servers wrap JSON mode output in a Markdown fence anyway. */
function stripFence(text: string): string {
  const fenced = /^\s*```(?:json)?\s*([\s\S]*?)\s*```\s*$/.exec(text);
  return fenced ? fenced[1]! : text;
}
