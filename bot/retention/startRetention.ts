import type { Env } from "../config/config.js";
import type { Logger } from "../logger.js";
import type { PrismaStore } from "../store/prismaStore.js";
import { applyRetention } from "./applyRetention.js";
import { hasRetention, retentionPolicy } from "./retentionPolicy.js";

export interface RetentionJob {
  /** Runs the job now (also what the timer calls); resolves when it is done. */
  runNow(): Promise<void>;
  /** Stops the timer and waits for a run in progress (before the store closes). */
  stop(): Promise<void>;
}

/**
 * Given the configuration and the store, applies the retention periods a minute after start and
 * then every RETENTION_RUN_MINUTES; undefined when no period is set. Several instances may run it:
 * each batch removes what is still there. Logs counts only.
 */
export function startRetention(
  env: Env,
  store: Pick<PrismaStore, "writeTransaction" | "prisma">,
  logger: Logger,
  firstRunMs = 60_000,
): RetentionJob | undefined {
  const policy = retentionPolicy(env);
  if (!hasRetention(policy)) return undefined;
  const log = logger.child({ component: "retention" });
  let running: Promise<void> | undefined;
  let stopped = false;
  const runNow = () => {
    running ??= applyRetention(store, policy, new Date())
      .then((report) => log.info(report, "retention applied"))
      .catch((error: unknown) => log.error({ err: { message: (error as Error).message } }, "retention run failed; the next run tries again"))
      .finally(() => (running = undefined));
    return running;
  };
  const first = setTimeout(() => void runNow(), firstRunMs);
  const every = setInterval(() => void runNow(), env.RETENTION_RUN_MINUTES * 60_000);
  first.unref();
  every.unref();
  return {
    runNow: () => (stopped ? Promise.resolve() : runNow()),
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(every);
      await running;
    },
  };
}
