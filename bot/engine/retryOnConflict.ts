import { TriageError } from "../errors.js";

/**
 * How many times a turn is computed when its session keeps moving on under it (another instance
 * writing it at the same moment): each attempt is a read and a pure turn, cheap; past this the
 * patient gets TRIAGE_SESSION_CONFLICT and their page may send again.
 */
export const MAX_ATTEMPTS = 5;

/**
 * The pause before attempt n+1 is drawn uniformly from [0, min(CAP, BASE * 2^(n-1))] ("full
 * jitter"): two instances refused on one session at the same moment would otherwise read and
 * commit again in lockstep and collide again. Bounded: at most 4 + 8 + 16 + 32 = 60 ms in all
 * over the 5 attempts, a fraction of one group commit on a busy database.
 */
export const BACKOFF_BASE_MS = 4;
export const BACKOFF_CAP_MS = 32;

export interface RetryOptions {
  /** Waits this many milliseconds (tests pass one that records the pauses). */
  sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1); Math.random is fine here: the jitter only spreads retries, it guards nothing. */
  random?: () => number;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Given the number of attempts refused so far (1 after the first), returns the longest pause before the next one. */
export function backoffCeilingMs(refused: number): number {
  return Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (refused - 1));
}

/**
 * Runs `attempt` again, after a short jittered pause, while it is refused with
 * TRIAGE_SESSION_CONFLICT, up to MAX_ATTEMPTS times; any other error, or the last conflict, is thrown.
 */
export async function retryOnConflict<T>(attempt: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const sleep = options.sleep ?? wait;
  const random = options.random ?? Math.random;
  for (let n = 1; ; n += 1) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof TriageError && error.code === "TRIAGE_SESSION_CONFLICT") || n >= MAX_ATTEMPTS) throw error;
    }
    await sleep(random() * backoffCeilingMs(n));
  }
}
