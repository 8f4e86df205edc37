import { askModel, type Asked, type Question } from "../askModel.js";
import { CallLimits } from "../callLimits.js";
import type { Llm } from "../llmPort.js";

/** What one eval item asks the model: askModel's request without the fields every eval call shares. */
type EvalRequest<T> = Omit<Question<T>, "sessionId" | "timeoutMs" | "maxOutputTokens">;

/** One eval of the assist: what it asks the model about a labelled item, and the item's result from the answer. */
export interface AssistEval<I, T, R> {
  ask: (item: I) => EvalRequest<T>;
  resultOf: (item: I, asked: Asked<T>) => R;
}

/**
 * Given a model, labelled items and an eval, asks the model about each item as the assist does for
 * a patient (the request the eval builds, with the eval's timeout), `concurrency` at a time, and
 * returns each item's result from what the model answered or why it fell back. Nothing is stored;
 * no limit but the set's size applies.
 */
export async function askEach<I, T, R>(
  llm: Llm,
  items: readonly I[],
  options: { timeoutMs: number; concurrency: number },
  { ask, resultOf }: AssistEval<I, T, R>,
): Promise<R[]> {
  const deps = { llm, limits: new CallLimits({ perSession: items.length + 1, perMinute: 1_000_000 }) };
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      const item = items[index]!;
      const asked = await askModel(deps, { ...ask(item), sessionId: "eval", maxOutputTokens: 100, timeoutMs: options.timeoutMs });
      results[index] = resultOf(item, asked);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, items.length)) }, worker));
  return results;
}
