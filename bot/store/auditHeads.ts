import type { ChainHead } from "../audit/checkpoint.js";
import type { TriageDb } from "./auditLog.js";

/** Streams counted per query: keeps each statement's parameter list short. */
const CHUNK = 200;

/** Every chain's recorded head (audit_streams), without counts: cheap enough to read at every checkpoint. */
export async function readRecordedHeads(db: TriageDb): Promise<{ stream: string; seq: number; hash: string }[]> {
  const rows = await db.auditStream.findMany({ orderBy: { stream: "asc" } });
  return rows.filter((row) => row.headSeq > 0).map((row) => ({ stream: row.stream, seq: row.headSeq, hash: row.headHash }));
}

/** Given heads, returns them with `count`: the events stored in each stream up to its head's seq. */
export async function countUpToHeads(db: TriageDb, heads: { stream: string; seq: number; hash: string }[]): Promise<ChainHead[]> {
  const counted: ChainHead[] = [];
  for (let i = 0; i < heads.length; i += CHUNK) {
    const chunk = heads.slice(i, i + CHUNK);
    const groups = await db.auditEvent.groupBy({
      by: ["stream"],
      where: { OR: chunk.map((h) => ({ stream: h.stream, seq: { lte: h.seq } })) },
      _count: { _all: true },
    });
    const counts = new Map(groups.map((g) => [g.stream, g._count._all]));
    for (const head of chunk) counted.push({ ...head, count: counts.get(head.stream) ?? 0 });
  }
  return counted;
}

/** The stored hash of each (stream, seq) asked for; absent when no such event is stored. */
export async function hashesAt(db: TriageDb, points: { stream: string; seq: number }[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < points.length; i += CHUNK) {
    const rows = await db.auditEvent.findMany({
      where: { OR: points.slice(i, i + CHUNK).map(({ stream, seq }) => ({ stream, seq })) },
      select: { stream: true, seq: true, hash: true },
    });
    for (const row of rows) found.set(`${row.seq}:${row.stream}`, row.hash);
  }
  return found;
}

/** The checkpointer's view of the database (bot/audit/auditCheckpointer.ts HeadSource). */
export function headSourceOf(db: TriageDb): {
  recordedHeads(): ReturnType<typeof readRecordedHeads>;
  countUpTo(heads: { stream: string; seq: number; hash: string }[]): Promise<ChainHead[]>;
} {
  return { recordedHeads: () => readRecordedHeads(db), countUpTo: (heads) => countUpToHeads(db, heads) };
}

/** The checkpoint verifier's view of the database (bot/audit/verifyCheckpoints.ts AnchorSource). */
export function anchorSourceOf(db: TriageDb): {
  recordedHeads(): ReturnType<typeof readRecordedHeads>;
  hashesAt(points: { stream: string; seq: number }[]): Promise<Map<string, string>>;
} {
  return { recordedHeads: () => readRecordedHeads(db), hashesAt: (points) => hashesAt(db, points) };
}
