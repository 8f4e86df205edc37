import { LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import type { Logger } from "../../logger.js";

/**
 * Bolt's and the WebClient's logs through ours. Their debug output may hold request bodies
 * (patient text): it is dropped; warnings and errors keep only their message strings.
 */
export function boltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.WARN;
  const line = (args: unknown[]) =>
    args
      .map((a) => (a instanceof Error ? a.message : typeof a === "string" ? a : ""))
      .join(" ")
      .slice(0, 300);
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: (...args: unknown[]) => logger.warn({ source: "bolt" }, line(args)),
    error: (...args: unknown[]) => logger.error({ source: "bolt" }, line(args)),
    setLevel: (next: LogLevel) => void (level = next),
    getLevel: () => level,
    setName: () => undefined,
  };
}
