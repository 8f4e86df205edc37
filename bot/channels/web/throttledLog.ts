import type { Logger } from "../../logger.js";

type Level = "info" | "warn";

interface Line {
  level: Level;
  fields: Record<string, unknown>;
  /** When this message was last written. */
  at: number;
  /** How many times it came since, unwritten. */
  suppressed: number;
}

/** How often one connection may write the same line: a flood writes one line per interval, with a count. */
export const DEFAULT_LOG_INTERVAL_MS = 10_000;

/**
 * One connection's per-frame log lines (a bad frame, a refused turn, a flood): each message is
 * written at most once per interval; the repeats in between are counted, and the count goes with
 * the next line of that message, or with `flush` when the connection closes. A flood thus costs
 * the log one line per connection per interval instead of one per frame (issue 19).
 */
export class ThrottledLog {
  readonly #lines = new Map<string, Line>();

  constructor(
    private readonly logger: Pick<Logger, Level>,
    private readonly intervalMs = DEFAULT_LOG_INTERVAL_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  info(fields: Record<string, unknown>, message: string): void {
    this.#write("info", fields, message);
  }

  warn(fields: Record<string, unknown>, message: string): void {
    this.#write("warn", fields, message);
  }

  /** Writes the count of every message repeated since it was last written (the connection is closing). */
  flush(): void {
    for (const [message, line] of this.#lines) {
      if (line.suppressed > 0) this.logger[line.level]({ ...line.fields, repeated: line.suppressed }, message);
      line.suppressed = 0;
    }
  }

  #write(level: Level, fields: Record<string, unknown>, message: string): void {
    const now = this.now();
    const line = this.#lines.get(message);
    if (line && now - line.at < this.intervalMs) {
      line.suppressed += 1;
      line.fields = fields;
      return;
    }
    this.logger[level](line && line.suppressed > 0 ? { ...fields, repeated: line.suppressed } : fields, message);
    this.#lines.set(message, { level, fields, at: now, suppressed: 0 });
  }
}
