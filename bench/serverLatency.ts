/*
 * The server's own view of turn latency during a load run: GET /metrics (METRICS_TOKEN) before and
 * after, the difference of the turn histogram's buckets, and its quantiles. Next to the load
 * generator's send-to-reply numbers it shows how much of a slow turn happened outside the server
 * (the generator, the scheduler, the loopback).
 */

/** Cumulative counts by upper bound (seconds, +Inf last), summed over the kinds asked for. */
export type Buckets = Map<number, number>;

const BUCKET_LINE = /^triage_turn_duration_seconds_bucket\{([^}]*)\}\s+(\S+)$/;

/** Given a Prometheus text exposition, returns the web channel's turn buckets for `kinds`. */
export function turnBuckets(exposition: string, kinds: readonly string[] = ["start", "turn"]): Buckets {
  const buckets: Buckets = new Map();
  for (const line of exposition.split("\n")) {
    const match = BUCKET_LINE.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...match[1]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    if (labels.channel !== "web" || !kinds.includes(labels.kind ?? "")) continue;
    const le = labels.le === "+Inf" ? Infinity : Number(labels.le);
    buckets.set(le, (buckets.get(le) ?? 0) + Number(match[2]));
  }
  return buckets;
}

/** The turns counted in `after` and not in `before` (two scrapes of one server). */
export function bucketsBetween(before: Buckets, after: Buckets): Buckets {
  return new Map([...after].map(([le, count]) => [le, count - (before.get(le) ?? 0)]));
}

/**
 * Given cumulative buckets and q in (0, 1), returns the q-quantile in milliseconds, interpolated
 * linearly inside its bucket as Prometheus' histogram_quantile does; undefined without turns or
 * when it lies in the +Inf bucket.
 */
export function bucketQuantileMs(buckets: Buckets, q: number): number | undefined {
  const bounds = [...buckets.keys()].sort((a, b) => a - b);
  const total = buckets.get(Infinity) ?? 0;
  if (total === 0) return undefined;
  const rank = q * total;
  let lower = 0;
  let below = 0;
  for (const le of bounds) {
    const count = buckets.get(le)!;
    if (count >= rank) {
      if (le === Infinity) return undefined;
      const inBucket = count - below;
      return (lower + (le - lower) * (inBucket === 0 ? 1 : (rank - below) / inBucket)) * 1000;
    }
    lower = le;
    below = count;
  }
  return undefined;
}

/** Reads the turn buckets from a running server's /metrics. */
export async function scrapeTurnBuckets(baseUrl: string, token: string): Promise<Buckets> {
  const response = await fetch(`${baseUrl}/metrics`, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}`);
  return turnBuckets(await response.text());
}
