import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

/*
 * Back-off after failed console sign-ins (OWASP Authentication Cheat Sheet: account lockout plus
 * per-source throttling). Failures are counted per email and per client IP; past the allowance
 * the key is blocked for a while and every attempt, even with the right password, is refused
 * with the time left. Only failures consume points; a success clears the email's count.
 */

export interface SignInLimits {
  /** Failed attempts per email within `windowSeconds` before it is locked. */
  perEmail: number;
  /** Failed attempts per IP within `windowSeconds` before it is locked (a shared clinic NAT: keep it high). */
  perIp: number;
  windowSeconds: number;
  /** How long a locked email or IP stays locked. */
  lockSeconds: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = { perEmail: 5, perIp: 50, windowSeconds: 15 * 60, lockSeconds: 15 * 60 };

export type LimitVerdict = { locked: false } | { locked: true; retryAfterSeconds: number };

/** The Redis client shape rate-limiter-flexible uses (ioredis). */
export type RedisLike = object;

export class SignInLimiter {
  readonly #email: RateLimiterAbstract;
  readonly #ip: RateLimiterAbstract;

  constructor(
    readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
    redis?: RedisLike,
  ) {
    const make = (keyPrefix: string, points: number): RateLimiterAbstract => {
      const options = { keyPrefix, points, duration: limits.windowSeconds };
      // Redis shares the counts between instances; if Redis is down, each instance still limits alone.
      return redis ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) }) : new RateLimiterMemory(options);
    };
    this.#email = make("console-signin-email", limits.perEmail);
    this.#ip = make("console-signin-ip", limits.perIp);
  }

  /** Given the email and IP of an attempt, says whether either is locked (consumes nothing). */
  async check(email: string, ip: string): Promise<LimitVerdict> {
    const [byEmail, byIp] = await Promise.all([this.#email.get(emailKey(email)), this.#ip.get(ip)]);
    const waits = [blockedFor(byEmail, this.limits.perEmail), blockedFor(byIp, this.limits.perIp)].filter((s) => s > 0);
    return waits.length > 0 ? { locked: true, retryAfterSeconds: Math.max(...waits) } : { locked: false };
  }

  /** Records a failed attempt; returns the lock it caused, if any. */
  async fail(email: string, ip: string): Promise<LimitVerdict> {
    const lock = this.limits.lockSeconds;
    const results = await Promise.all([consume(this.#email, emailKey(email), lock), consume(this.#ip, ip, lock)]);
    const waits = results.filter((r): r is number => r !== undefined);
    return waits.length > 0 ? { locked: true, retryAfterSeconds: Math.max(...waits) } : { locked: false };
  }

  /** Clears the email's failures after a successful sign-in (the IP's stay: they may be someone else's). */
  async succeed(email: string): Promise<void> {
    await this.#email.delete(emailKey(email));
  }
}

function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

function blockedFor(res: RateLimiterRes | null, points: number): number {
  if (!res || res.consumedPoints < points) return 0;
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/** Consumes a point; the last allowed failure locks the key for `lockSeconds`, which it returns. */
async function consume(limiter: RateLimiterAbstract, key: string, lockSeconds: number): Promise<number | undefined> {
  try {
    const res = await limiter.consume(key);
    if (res.remainingPoints > 0) return undefined;
    await limiter.block(key, lockSeconds);
    return lockSeconds;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
    throw rejection;
  }
}
