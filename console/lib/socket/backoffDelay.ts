/** How long to wait before reconnecting: the first delay, doubled on every failed attempt, up to a cap. */
export interface Backoff {
  firstMs: number;
  maxMs: number;
}

/**
 * Given the number of attempts already made (0 for the first retry), returns the wait before the
 * next one: exponential, capped, with "equal jitter" (half fixed, half random) so that many pages
 * dropped by the same restart do not all come back in the same instant. `random` is in [0, 1].
 */
export function backoffDelay(attempt: number, backoff: Backoff, random: () => number = Math.random): number {
  const capped = Math.min(backoff.maxMs, backoff.firstMs * 2 ** attempt);
  return capped / 2 + random() * (capped / 2);
}
