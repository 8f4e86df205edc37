/** Slack's window for a request's X-Slack-Request-Timestamp, both ways (Slack's own verifier checks only the past). */
export const SLACK_TIMESTAMP_WINDOW_SECONDS = 5 * 60;

export type TimestampVerdict = "absent" | "ok" | "stale" | "future" | "malformed";

/**
 * Given the X-Slack-Request-Timestamp header and the time now, says whether the request is inside
 * the 5-minute window. A timestamp in the future would let a captured request be replayed later,
 * so it is refused like a stale one.
 */
export function checkSlackTimestamp(header: string | string[] | undefined, nowMs: number): TimestampVerdict {
  if (header === undefined) return "absent";
  if (typeof header !== "string" || !/^\d{1,12}$/.test(header)) return "malformed";
  const skew = Number(header) - Math.floor(nowMs / 1000);
  if (skew < -SLACK_TIMESTAMP_WINDOW_SECONDS) return "stale";
  if (skew > SLACK_TIMESTAMP_WINDOW_SECONDS) return "future";
  return "ok";
}
