import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { WebChannelOptions } from "./webOptions.js";

/** The verdict on one inbound frame: allowed, limited (answer with an error), or abusive (close the socket). */
export type FloodVerdict = "allow" | "limit" | "close";

/** Past this many times the allowance within one window, the connection is closed (1008). */
const ABUSE_FACTOR = 5;

/**
 * Typing signals have their own allowance: a page sends "typing" and "stopped" around every typed
 * answer, and those must never eat the budget of the answers themselves. Over it they are dropped
 * without a reply (they are hints, and an error would only add traffic).
 */
export const TYPING_ALLOWANCE = { points: 12, durationSeconds: 10 };

/**
 * Rate limits inbound frames per connection and per client IP (RateLimiterMemory: one process).
 * A limited frame gets TRIAGE_RATE_LIMITED and the connection stays usable.
 */
export class FloodGuard {
  private readonly perConnection: RateLimiterMemory;
  private readonly perIp: RateLimiterMemory;
  private readonly typing = new RateLimiterMemory({ keyPrefix: "ws-typing", points: TYPING_ALLOWANCE.points, duration: TYPING_ALLOWANCE.durationSeconds });

  constructor(private readonly options: Pick<WebChannelOptions, "perConnection" | "perIp">) {
    this.perConnection = new RateLimiterMemory({ keyPrefix: "ws-conn", points: options.perConnection.points, duration: options.perConnection.durationSeconds });
    this.perIp = new RateLimiterMemory({ keyPrefix: "ws-ip", points: options.perIp.points, duration: options.perIp.durationSeconds });
  }

  /** Given a connection id and its client IP, consumes one point of each and returns the verdict. */
  async check(connectionId: string, ip: string): Promise<FloodVerdict> {
    try {
      await this.perConnection.consume(connectionId);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      return rejection.consumedPoints > this.options.perConnection.points * ABUSE_FACTOR ? "close" : "limit";
    }
    try {
      await this.perIp.consume(ip);
      return "allow";
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      return "limit";
    }
  }

  /** Given a connection id, consumes one typing point: "limit" means drop the signal, "close" that the connection abuses it. */
  async checkTyping(connectionId: string): Promise<FloodVerdict> {
    try {
      await this.typing.consume(connectionId);
      return "allow";
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      return rejection.consumedPoints > TYPING_ALLOWANCE.points * ABUSE_FACTOR ? "close" : "limit";
    }
  }

  /** Forgets a closed connection's counters. */
  async forget(connectionId: string): Promise<void> {
    await Promise.all([this.perConnection.delete(connectionId), this.typing.delete(connectionId)]);
  }
}
