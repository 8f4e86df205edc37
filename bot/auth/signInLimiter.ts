import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";

/*
 * Back-off after failed console sign-ins that slows guessing without locking real users out
 * (issue 19; OWASP Authentication Cheat Sheet, "account lockout" vs throttling). A hard lock per
 * account let anyone who knew an email keep its owner out: here nothing is ever blocked for long,
 * attempts are made to wait, and the wait doubles with each failure:
 * - per (account, IP): after a few free failures, each further one adds a growing delay;
 * - per account, from all IPs: past a larger allowance, IPs that never signed into that account
 *   wait too (a distributed guess), while an IP that signed in successfully before is not slowed
 *   by others' failures: the clinic keeps working during an attack from elsewhere;
 * - per IP, across accounts (password spraying), except on accounts that IP is known to.
 * Counts live in Redis when configured (shared by instances), in memory otherwise.
 */

export interface SignInLimits {
  /** Failures of one account from one IP before that pair waits. */
  freePerPair: number;
  /** Failures of one account from anywhere before IPs new to it wait. */
  freePerAccount: number;
  /** Failures from one IP, any account, before it waits (accounts it is known to excepted). */
  freePerIp: number;
  /** The first wait; each further failure doubles it, up to maxDelaySeconds. */
  firstDelaySeconds: number;
  maxDelaySeconds: number;
  /** Failures are forgotten this long after the first one counted. */
  windowSeconds: number;
  /** How long an IP that signed into an account is remembered as known to it. */
  knownIpDays: number;
}

export const DEFAULT_SIGN_IN_LIMITS: SignInLimits = {
  freePerPair: 3,
  freePerAccount: 10,
  freePerIp: 50,
  firstDelaySeconds: 5,
  maxDelaySeconds: 15 * 60,
  windowSeconds: 60 * 60,
  knownIpDays: 30,
};

export type LimitVerdict = { locked: false } | { locked: true; retryAfterSeconds: number };

/** The Redis client shape rate-limiter-flexible uses (ioredis). */
export type RedisLike = object;

/** A counter that never refuses: only its count is read. */
const COUNT_ONLY = 1_000_000_000;

export class SignInLimiter {
  readonly #pairFailures: RateLimiterAbstract;
  readonly #accountFailures: RateLimiterAbstract;
  readonly #ipFailures: RateLimiterAbstract;
  readonly #pairWait: RateLimiterAbstract;
  readonly #accountWait: RateLimiterAbstract;
  readonly #ipWait: RateLimiterAbstract;
  readonly #known: RateLimiterAbstract;

  constructor(
    readonly limits: SignInLimits = DEFAULT_SIGN_IN_LIMITS,
    redis?: RedisLike,
  ) {
    const make = (keyPrefix: string, points: number, duration: number): RateLimiterAbstract => {
      const options = { keyPrefix, points, duration };
      // Redis shares the counts between instances; if Redis is down, each instance still limits alone.
      return redis
        ? new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: new RateLimiterMemory(options) })
        : new RateLimiterMemory(options);
    };
    const window = limits.windowSeconds;
    this.#pairFailures = make("console-signin-pair", COUNT_ONLY, window);
    this.#accountFailures = make("console-signin-account", COUNT_ONLY, window);
    this.#ipFailures = make("console-signin-ip", COUNT_ONLY, window);
    // Waits are blocks on one-point limiters: block() sets how long, get() says what is left.
    this.#pairWait = make("console-signin-pair-wait", 1, 1);
    this.#accountWait = make("console-signin-account-wait", 1, 1);
    this.#ipWait = make("console-signin-ip-wait", 1, 1);
    this.#known = make("console-signin-known", COUNT_ONLY, limits.knownIpDays * 86_400);
  }

  /** Given the email and IP of an attempt, says whether it must wait, and how long (consumes nothing). */
  async check(email: string, ip: string): Promise<LimitVerdict> {
    const account = accountKey(email);
    const known = await this.#isKnown(account, ip);
    return verdict(
      await Promise.all([waitLeft(this.#pairWait, pairKey(account, ip)), ...(known ? [] : [waitLeft(this.#accountWait, account), waitLeft(this.#ipWait, ip)])]),
    );
  }

  /** Records a failed attempt; returns the wait it caused for the next attempt of this email from this IP, if any. */
  async fail(email: string, ip: string): Promise<LimitVerdict> {
    const account = accountKey(email);
    const pair = pairKey(account, ip);
    const known = await this.#isKnown(account, ip);
    const [pairCount, accountCount, ipCount] = await Promise.all([
      count(this.#pairFailures, pair),
      count(this.#accountFailures, account),
      known ? 0 : count(this.#ipFailures, ip),
    ]);
    const waits = await Promise.all([
      this.#wait(this.#pairWait, pair, pairCount - this.limits.freePerPair),
      this.#wait(this.#accountWait, account, accountCount - this.limits.freePerAccount),
      known ? 0 : this.#wait(this.#ipWait, ip, ipCount - this.limits.freePerIp),
    ]);
    // The account-wide wait holds only for IPs new to the account.
    return verdict(known ? [waits[0]!] : waits);
  }

  /** After a successful sign-in: the pair's failures are forgotten and the IP is known to the account. */
  async succeed(email: string, ip: string): Promise<void> {
    const account = accountKey(email);
    const pair = pairKey(account, ip);
    await Promise.all([this.#pairFailures.delete(pair), this.#pairWait.delete(pair), this.#known.consume(pair)]);
  }

  async #isKnown(account: string, ip: string): Promise<boolean> {
    return (await this.#known.get(pairKey(account, ip))) !== null;
  }

  /** The `over`-th failure past the allowance makes the key wait firstDelay x 2^(over-1) seconds, capped. */
  async #wait(limiter: RateLimiterAbstract, key: string, over: number): Promise<number> {
    if (over <= 0) return 0;
    const seconds = Math.min(this.limits.maxDelaySeconds, this.limits.firstDelaySeconds * 2 ** Math.min(over - 1, 30));
    await limiter.block(key, seconds);
    return seconds;
  }
}

function accountKey(email: string): string {
  return email.trim().toLowerCase();
}

function pairKey(account: string, ip: string): string {
  return `${account}|${ip}`;
}

async function count(limiter: RateLimiterAbstract, key: string): Promise<number> {
  return (await limiter.consume(key)).consumedPoints;
}

/** Seconds left of a wait set with block() (0 when none). */
async function waitLeft(limiter: RateLimiterAbstract, key: string): Promise<number> {
  const res: RateLimiterRes | null = await limiter.get(key);
  if (!res || res.consumedPoints <= 1) return 0;
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

function verdict(waits: number[]): LimitVerdict {
  const longest = Math.max(0, ...waits);
  return longest > 0 ? { locked: true, retryAfterSeconds: longest } : { locked: false };
}
