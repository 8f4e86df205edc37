import type { DatabaseKind } from "../store/databaseUrl.js";
import type { TriageDb } from "../store/auditLog.js";
import { sqliteTime } from "../store/sqliteTurnWriter.js";

/*
 * Analytics of one flow version (issue 7): sessions started, finished, abandoned, the urgency
 * mix, and where abandoned sessions stopped. Everything is counted by the database (COUNT/SUM
 * with GROUP BY): no session is loaded into memory, however many there are.
 *
 * Where a session stopped comes from its stored state, not from the transcript: the last frame's
 * snapshot `value` is the node the engine waits on (sessionQuestion in flows/run), committed in
 * the same transaction as the turn, and it already accounts for "change my last answer" and for
 * handovers to another flow. The last bot question in `messages` would need a per-session "latest
 * row" subquery and can be a re-ask or a question a clinician's hand-off made moot.
 */

/** A session with no outcome, still with the bot, not touched for this long, counts as abandoned. */
export const ABANDONED_AFTER_MINUTES = 30;

export interface DropOffPoint {
  /** The flow and version of the node (another flow's when the session was handed over to it). */
  slug: string;
  version: number;
  /** The node the session was waiting on: the question last asked. */
  node: string;
  sessions: number;
}

export interface VersionAnalytics {
  started: number;
  /** Reached an outcome (the running flow's snapshot is done). */
  finished: number;
  /** No outcome, status still "active" (no hand-off to a human, not closed), idle > ABANDONED_AFTER_MINUTES. */
  abandoned: number;
  /** The rest: still answering, or with a clinician before any outcome. */
  other: number;
  /** Sessions by urgency reached (an outcome or a hand-off); "none": no urgency yet. */
  urgencies: Record<string, number>;
  /** Abandoned sessions by the question they stopped at, most first. */
  dropOff: DropOffPoint[];
}

export interface AnalyticsDb {
  kind: DatabaseKind;
  prisma: TriageDb;
}

/** The same JSON paths in each dialect: the last frame of `state`, then fields of that frame. */
const DIALECT = {
  sqlite: {
    /*
     * Pinned to the version index: without statistics (nothing runs ANALYZE), SQLite's planner may
     * pick another index for the drop-off query (it picked the former (status, updated_at) one, i.e.
     * every abandoned session of every flow); a version's own sessions are the smaller set. A
     * dropped index becomes an error here, not a silent scan of the whole table.
     */
    sessions: "sessions INDEXED BY sessions_flow_slug_flow_version_idx",
    lastFrame: "json_extract(state, '$.frames[#-1]')",
    field: (path: string) => `json_extract(last, '$.${path}')`,
    params: ["?", "?", "?"],
    time: (date: Date) => sqliteTime(date.toISOString()),
  },
  postgres: {
    sessions: "sessions",
    lastFrame: "(state::jsonb -> 'frames' -> -1)",
    field: (path: string) => `(last #>> '{${path.split(".").join(",")}}')`,
    params: ["$1::timestamptz", "$2", "$3"],
    time: (date: Date) => date.toISOString(),
  },
} as const;

/** The version's sessions with their last frame and whether they are idle; its parameters are (cutoff, slug, version), in that order. */
function sessionsOf(db: AnalyticsDb): { from: string; done: string; abandoned: string } {
  const d = DIALECT[db.kind];
  const [cutoff, slug, version] = d.params;
  const from = `(SELECT status, updated_at < ${cutoff} AS idle, ${d.lastFrame} AS last FROM ${d.sessions} WHERE flow_slug = ${slug} AND flow_version = ${version}) s`;
  const done = `COALESCE(${d.field("snapshot.status")}, '') = 'done'`;
  const abandoned = `NOT ${done} AND status = 'active' AND idle`;
  return { from, done, abandoned };
}

/** Given the store, a flow version and the time now, returns its counts and drop-off points. */
export async function flowVersionAnalytics(db: AnalyticsDb, slug: string, version: number, now: Date): Promise<VersionAnalytics> {
  const d = DIALECT[db.kind];
  const { from, done, abandoned } = sessionsOf(db);
  const params = [d.time(new Date(now.getTime() - ABANDONED_AFTER_MINUTES * 60_000)), slug, version];
  const [totals] = (await db.prisma.$queryRawUnsafe(
    `SELECT COUNT(*) AS started, SUM(CASE WHEN ${done} THEN 1 ELSE 0 END) AS finished, SUM(CASE WHEN ${abandoned} THEN 1 ELSE 0 END) AS abandoned FROM ${from}`,
    ...params,
  )) as { started: unknown; finished: unknown; abandoned: unknown }[];
  const points = (await db.prisma.$queryRawUnsafe(
    `SELECT ${d.field("slug")} AS slug, ${d.field("version")} AS version, ${d.field("snapshot.value")} AS node, COUNT(*) AS sessions
     FROM ${from} WHERE ${abandoned} GROUP BY 1, 2, 3 ORDER BY 4 DESC, 3`,
    ...params,
  )) as { slug: string | null; version: unknown; node: string | null; sessions: unknown }[];
  const byUrgency = await db.prisma.session.groupBy({ by: ["urgency"], where: { flowSlug: slug, flowVersion: version }, _count: { _all: true } });

  const started = Number(totals?.started ?? 0);
  const finished = Number(totals?.finished ?? 0);
  const abandonedCount = Number(totals?.abandoned ?? 0);
  return {
    started,
    finished,
    abandoned: abandonedCount,
    other: started - finished - abandonedCount,
    urgencies: Object.fromEntries(byUrgency.map((row) => [row.urgency ?? "none", row._count._all])),
    dropOff: points.map((p) => ({ slug: p.slug ?? slug, version: Number(p.version ?? version), node: p.node ?? "", sessions: Number(p.sessions) })),
  };
}
