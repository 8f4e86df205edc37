import { collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

/*
 * Operational metrics in the Prometheus text format (prom-client): how long turns take as the
 * server sees them, and how many patients are connected. Counts and durations only: no session
 * id, answer or text is ever a label (labels are the channel and the kind of turn).
 */

/** What a turn was: a session's first turn, an answer (any turn after it), or a reconnection. */
export type TurnKind = "start" | "turn" | "resume";

/** What channels report to. */
export interface TurnMetrics {
  /** A turn of `kind` took `seconds`, from its frame's arrival to its reply handed to the socket. */
  observeTurn(channel: string, kind: TurnKind, seconds: number): void;
}

export interface Metrics extends TurnMetrics {
  readonly registry: Registry;
  /** Reports open patient connections of a channel at each scrape. */
  trackConnections(channel: string, count: () => number): void;
  /** Adds the process's own metrics (CPU, memory, event-loop delay, GC): once per process, by its entry. */
  collectProcessMetrics(): void;
}

/** Bucket bounds in seconds: fine where the turn-time goal (25 ms) sits, coarse beyond. */
export const TURN_BUCKETS = [0.001, 0.002, 0.003, 0.005, 0.0075, 0.01, 0.0125, 0.015, 0.0175, 0.02, 0.025, 0.03, 0.04, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5];

export function createMetrics(): Metrics {
  const registry = new Registry();
  const turns = new Histogram({
    name: "triage_turn_duration_seconds",
    help: "Time from a patient's frame arriving to its reply handed to the socket, by channel and kind of turn.",
    labelNames: ["channel", "kind"] as const,
    buckets: TURN_BUCKETS,
    registers: [registry],
  });
  const counts = new Map<string, () => number>();
  // Registered, then read at each scrape through collect().
  new Gauge({
    name: "triage_open_patient_connections",
    help: "Patient connections open on this instance, by channel.",
    labelNames: ["channel"] as const,
    registers: [registry],
    collect() {
      for (const [channel, count] of counts) this.set({ channel }, count());
    },
  });
  let processMetrics = false;
  return {
    registry,
    observeTurn: (channel, kind, seconds) => turns.observe({ channel, kind }, seconds),
    trackConnections: (channel, count) => void counts.set(channel, count),
    collectProcessMetrics() {
      if (processMetrics) return;
      processMetrics = true;
      collectDefaultMetrics({ register: registry });
    },
  };
}
