/*
 * CPU time the hypervisor gave to other guests while a run measured latency (the `steal` column of
 * /proc/stat). On a virtual machine a vCPU taken away for tens of milliseconds stalls whatever was
 * on it, and every turn in flight waits: a latency figure means little without this next to it.
 * Sampled every 100 ms so a short, dense theft shows as its worst window and not only as a total.
 */
import { readFileSync } from "node:fs";

/** /proc/stat counts in USER_HZ, 100 per second on every Linux architecture Node runs on. */
const MS_PER_TICK = 10;
const WINDOW_MS = 100;

export interface CpuSteal {
  /** CPU time taken by the host from all of this machine's vCPUs together. */
  stolenMs: number;
  /** The most taken within one 100 ms window (up to 100 ms per vCPU). */
  worstWindowMs: number;
  /** How much of the machine's CPU time (all vCPUs) was taken, in percent. */
  percent: number;
}

/** The aggregate line of /proc/stat as [total, steal] ticks, or undefined where there is none (not Linux). */
function readTicks(): [number, number] | undefined {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n", 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already inside user and nice)
    const counted = fields.slice(0, 8);
    return [counted.reduce((sum, n) => sum + n, 0), fields[7] ?? 0];
  } catch {
    return undefined;
  }
}

/** Starts watching; `stop()` returns what was stolen since, or undefined where it cannot be read. */
export function watchCpuSteal(): { stop(): CpuSteal | undefined } {
  const first = readTicks();
  if (!first) return { stop: () => undefined };
  let previous = first;
  let worstTicks = 0;
  const sample = () => {
    const now = readTicks();
    if (!now) return;
    worstTicks = Math.max(worstTicks, now[1] - previous[1]);
    previous = now;
  };
  const timer = setInterval(sample, WINDOW_MS);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const stolen = previous[1] - first[1];
      const total = previous[0] - first[0];
      return { stolenMs: stolen * MS_PER_TICK, worstWindowMs: worstTicks * MS_PER_TICK, percent: total > 0 ? (100 * stolen) / total : 0 };
    },
  };
}
