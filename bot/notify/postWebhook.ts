import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

export interface WebhookRetry {
  /** Attempts in all, the first included. */
  attempts: number;
  /** Delay before the second attempt; doubles each time, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Per attempt, connection to response. */
  timeoutMs: number;
}

export const DEFAULT_WEBHOOK_RETRY: WebhookRetry = { attempts: 5, baseDelayMs: 1_000, maxDelayMs: 30_000, timeoutMs: 5_000 };

export type WebhookResult = { delivered: true; attempts: number; status: number } | { delivered: false; attempts: number; status?: number; error?: string };

/**
 * POSTs a JSON body to a URL, retrying network failures, timeouts, 429 and 5xx with exponential
 * back-off (other 4xx are the receiver refusing this payload: retrying would not help). Uses
 * node:http rather than fetch so that tests with fake timers drive the back-off alone.
 * `signal` stops the retries (shutdown).
 */
export async function postWebhook(url: string, body: unknown, retry: WebhookRetry = DEFAULT_WEBHOOK_RETRY, signal?: AbortSignal): Promise<WebhookResult> {
  const payload = JSON.stringify(body);
  let last: { status?: number; error?: string } = {};
  for (let attempt = 1; attempt <= retry.attempts; attempt++) {
    if (signal?.aborted) return { delivered: false, attempts: attempt - 1, ...last };
    try {
      const status = await postOnce(url, payload, retry.timeoutMs);
      if (status >= 200 && status < 300) return { delivered: true, attempts: attempt, status };
      last = { status };
      if (status < 500 && status !== 429) return { delivered: false, attempts: attempt, status };
    } catch (error) {
      last = { error: (error as NodeJS.ErrnoException).code ?? (error as Error).message };
    }
    if (attempt < retry.attempts) await sleep(Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1)), signal);
  }
  return { delivered: false, attempts: retry.attempts, ...last };
}

function postOnce(url: string, payload: string, timeoutMs: number): Promise<number> {
  const target = new URL(url);
  const send = target.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      target,
      { method: "POST", headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload), "user-agent": "triage-oncall/1" } },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error("webhook timed out"), { code: "ETIMEDOUT" })));
    req.on("error", reject);
    req.end(payload);
  });
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
