import { RedisBus } from "../bus/redisBus.js";
import type { Bus, Store } from "../engine/ports.js";
import { PrismaStore } from "../store/prismaStore.js";
import { databaseReadiness } from "./databaseReadiness.js";
import { healthEndpoint, type HealthEndpoint, type HealthEndpointOptions } from "./healthEndpoint.js";
import type { ReadinessCheck } from "./readinessCheck.js";
import { redisReadiness } from "./redisReadiness.js";

/** Given a runtime's store and bus, returns the readiness checks that apply: the database always, Redis when the bus is Redis. */
export function runtimeReadinessChecks(parts: { store: Store; bus: Bus }): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [];
  if (parts.store instanceof PrismaStore) checks.push(databaseReadiness(parts.store));
  if (parts.bus instanceof RedisBus) checks.push(redisReadiness(parts.bus));
  return checks;
}

/** Given a runtime's store and bus, returns its /healthz and /readyz door. */
export function runtimeHealth(parts: { store: Store; bus: Bus }, options: Omit<HealthEndpointOptions, "checks"> = {}): HealthEndpoint {
  return healthEndpoint({ ...options, checks: runtimeReadinessChecks(parts) });
}
