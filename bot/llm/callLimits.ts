import { RateLimiterMemory } from "rate-limiter-flexible";

export interface CallLimitOptions {
  /** Most model calls one patient session may cause (its whole life). */
  perSession: number;
  /** Most model calls this process makes in any minute, all sessions together. */
  perMinute: number;
}

export type LimitVerdict = { ok: true } | { ok: false; limit: "session" | "instance" };

/**
 * Caps what the assist may spend: per session (a patient pasting text in a loop cannot run up a
 * bill or flood the endpoint) and per instance (a surge falls back instead of queueing behind a
 * slow model). In memory: one session is driven by one instance at a time.
 */
export class CallLimits {
  readonly #session: RateLimiterMemory;
  readonly #instance: RateLimiterMemory;

  constructor(options: CallLimitOptions) {
    // A day outlives any triage session; the entries then expire on their own.
    this.#session = new RateLimiterMemory({ points: options.perSession, duration: 86_400 });
    this.#instance = new RateLimiterMemory({ points: options.perMinute, duration: 60 });
  }

  /** Takes one call from both budgets, or says which one is spent (then neither is charged). */
  async take(sessionId: string): Promise<LimitVerdict> {
    const session = await this.#session.get(sessionId);
    if (session && session.remainingPoints <= 0) return { ok: false, limit: "session" };
    try {
      await this.#instance.consume("instance");
    } catch {
      return { ok: false, limit: "instance" };
    }
    try {
      await this.#session.consume(sessionId);
    } catch {
      return { ok: false, limit: "session" };
    }
    return { ok: true };
  }
}
