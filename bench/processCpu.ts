/*
 * CPU time spent by process trees (a server and what it forked: PostgreSQL's backends, say), read
 * from /proc/<pid>/stat, to divide a run's CPU among the instances, PostgreSQL, Redis and the load
 * generator: where the CPU of a turn goes is where the first bottleneck will be.
 */
import { readdirSync, readFileSync } from "node:fs";

/** /proc counts in USER_HZ, 100 per second on every Linux architecture Node runs on. */
const MS_PER_TICK = 10;

interface ProcStat {
  pid: number;
  ppid: number;
  command: string;
  /** utime + stime of the process itself. */
  ownTicks: number;
  /** cutime + cstime: its children that exited and were waited for. */
  reapedTicks: number;
}

function readStat(pid: string): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command is in parentheses and may hold spaces: the fields start after its last ')'.
    const close = text.lastIndexOf(")");
    const fields = text.slice(close + 2).split(" ");
    return {
      pid: Number(pid),
      ppid: Number(fields[1]),
      command: text.slice(text.indexOf("(") + 1, close),
      ownTicks: Number(fields[11]) + Number(fields[12]),
      reapedTicks: Number(fields[13]) + Number(fields[14]),
    };
  } catch {
    return undefined;
  }
}

function allStats(): ProcStat[] {
  try {
    return readdirSync("/proc")
      .filter((name) => /^\d+$/.test(name))
      .flatMap((pid) => readStat(pid) ?? []);
  } catch {
    return [];
  }
}

/**
 * Given root pids, returns the CPU milliseconds each tree used so far: the root's own time, its
 * reaped children's, and every live descendant's own and reaped time. Undefined where /proc is
 * missing (not Linux) or the root is gone.
 */
export function treeCpuMs(roots: number[]): Map<number, number | undefined> {
  const stats = allStats();
  const children = new Map<number, ProcStat[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  const byPid = new Map(stats.map((s) => [s.pid, s]));
  const total = (stat: ProcStat): number => stat.ownTicks + stat.reapedTicks + (children.get(stat.pid) ?? []).reduce((sum, child) => sum + total(child), 0);
  return new Map(
    roots.map((pid) => {
      const root = byPid.get(pid);
      return [pid, root ? total(root) * MS_PER_TICK : undefined];
    }),
  );
}

/** The pids of this process's direct children whose command line matches `pattern` (the servers the benchmark started). */
export function childPids(pattern: RegExp): number[] {
  return allStats()
    .filter((s) => s.ppid === process.pid)
    .filter((s) => {
      try {
        return pattern.test(readFileSync(`/proc/${s.pid}/cmdline`, "latin1").replace(/\0/g, " "));
      } catch {
        return false;
      }
    })
    .map((s) => s.pid);
}
