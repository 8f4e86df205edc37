import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import type { WebChannelOptions } from "./webOptions.js";

/** The verdict on one inbound frame: allowed, limited (answer with an error), or abusive (close the socket). */
export type FloodVerdict = "allow" | "limit" | "close";

/** Past this many times the allowance within one window, the connection is closed (1008). */
const ABUSE_FACTOR = 5;

/**
 * Rate limits inbound frames per connection and per client IP (RateLimiterMemory: one process).
 * A limited frame gets TRIAGE_RATE_LIMITED and the connection stays usable.
 */
export class FloodGuard {
  private readonly perConnection: RateLimiterMemory;
  private readonly perIp: RateLimiterMemory;

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

  /** Forgets a closed connection's counter. */
  async forget(connectionId: string): Promise<void> {
    await this.perConnection.delete(connectionId);
  }
}
