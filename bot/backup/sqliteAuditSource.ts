import type Database from "better-sqlite3";
import type { AuditSource } from "../audit/verifyChains.js";
import { storedEvent, type AuditStreamHead, type StoredAuditEvent } from "../store/auditLog.js";

interface EventRow {
  stream: string;
  seq: number;
  at: string;
  type: string;
  payload: string;
  prev_hash: string;
  hash: string;
}

/**
 * Given an open SQLite database, returns what `audit verify` reads, straight from its tables: a
 * copy being checked before a restore is read without opening a whole store on it.
 */
export function sqliteAuditSource(db: Database.Database): AuditSource {
  const heads = db.prepare<[], { stream: string; head_seq: number | null; head_hash: string | null }>(
    `SELECT s.stream AS stream, h.head_seq AS head_seq, h.head_hash AS head_hash
       FROM (SELECT stream FROM audit_streams UNION SELECT DISTINCT stream FROM audit_events) s
       LEFT JOIN audit_streams h ON h.stream = s.stream ORDER BY s.stream`,
  );
  const page = db.prepare<[string, number, number], EventRow>(
    "SELECT stream, seq, at, type, payload, prev_hash, hash FROM audit_events WHERE stream = ? AND seq > ? ORDER BY seq LIMIT ?",
  );
  return {
    async listAuditStreams(): Promise<AuditStreamHead[]> {
      return heads
        .all()
        .map((row) =>
          row.head_seq === null || row.head_hash === null ? { stream: row.stream } : { stream: row.stream, head: { seq: row.head_seq, hash: row.head_hash } },
        );
    },
    async readAuditEvents(stream: string, afterSeq: number, limit = 1000): Promise<StoredAuditEvent[]> {
      return page.all(stream, afterSeq, limit).map((row) => storedEvent({ ...row, prevHash: row.prev_hash }));
    },
  };
}
