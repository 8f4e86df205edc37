import type { CheckResult, ReadinessCheck } from "./readinessCheck.js";

/** What the Redis check needs of the bus: RedisBus has it. */
export interface PingableBus {
  ping(): Promise<void>;
}

/** Given the Redis bus, returns the `redis` check: both of its connections up and a PING answered. */
export function redisReadiness(bus: PingableBus): ReadinessCheck {
  return {
    name: "redis",
    async run(): Promise<CheckResult> {
      await bus.ping();
      return { status: "ok" };
    },
  };
}
