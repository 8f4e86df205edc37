import type { TriageDb } from "../store/auditLog.js";
import type { FlowUsage, VersionUsage } from "./adminFlows.js";

/** Counts per key and urgency reached ("none": not finished), from grouped session rows. */
function tally<K extends string | number>(
  rows: { key: K; urgency: string | null; count: number }[],
): Map<K, { sessions: number; urgencies: Record<string, number> }> {
  const byKey = new Map<K, { sessions: number; urgencies: Record<string, number> }>();
  for (const row of rows) {
    const usage = byKey.get(row.key) ?? { sessions: 0, urgencies: {} };
    usage.sessions += row.count;
    const level = row.urgency ?? "none";
    usage.urgencies[level] = (usage.urgencies[level] ?? 0) + row.count;
    byKey.set(row.key, usage);
  }
  return byKey;
}

/** Sessions started since `since`, per flow and urgency reached. */
export async function usageSince(db: TriageDb, since: Date): Promise<FlowUsage[]> {
  const rows = await db.session.groupBy({ by: ["flowSlug", "urgency"], where: { createdAt: { gte: since } }, _count: { _all: true } });
  return [...tally(rows.map((row) => ({ key: row.flowSlug, urgency: row.urgency, count: row._count._all })))].map(([slug, usage]) => ({ slug, ...usage }));
}

/** Sessions of one flow per pinned version and urgency reached. */
export async function usageByVersion(db: TriageDb, slug: string): Promise<VersionUsage[]> {
  const rows = await db.session.groupBy({ by: ["flowVersion", "urgency"], where: { flowSlug: slug }, _count: { _all: true } });
  return [...tally(rows.map((row) => ({ key: row.flowVersion, urgency: row.urgency, count: row._count._all })))].map(([version, usage]) => ({
    version,
    ...usage,
  }));
}
