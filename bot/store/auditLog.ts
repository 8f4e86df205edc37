import { canonicalJson, GENESIS_HASH } from "../audit/hashEvent.js";
import { openStoredPayload, sealEvent, visiblePayload } from "../audit/sealedPayload.js";
import type { AuditStreamHead, StoredAuditEvent } from "../audit/storedAuditEvent.js";
import type { AuditDraft } from "../engine/ports.js";
import { CodedError } from "../errors.js";
import type { Prisma, PrismaClient } from "./generated/sqlite/client.js";

/*
 * Audit events outside patient turns (console and admin actions, flow publications), written with
 * Prisma inside a transaction, and the reads verification and replay need. Append-only: the one
 * update of audit_events in the code is erasure (bot/retention), which removes a sealed payload
 * and keeps its digest, so the chain still verifies (bot/audit/sealedPayload.ts). Session streams
 * are written by the group commit (sqliteTurnWriter / postgresTurnWriter) with the same chain rules.
 */

export type TriageDb = PrismaClient;
export type TriageTx = Prisma.TransactionClient;
/** The chain's shapes live with the audit layer (bot/audit/storedAuditEvent.ts); re-exported for storage's callers. */
export type { AuditStreamHead, StoredAuditEvent };

/** The chain moved while we appended (another writer): the caller retries. */
export class AuditConflictError extends CodedError<"TRIAGE_AUDIT_CONFLICT"> {
  constructor(message: string) {
    super("TRIAGE_AUDIT_CONFLICT", message);
    this.name = "AuditConflictError";
  }
}

/**
 * Appends events to a stream inside the caller's transaction and moves the stream head with a
 * compare-and-set. The first statement is a write, so SQLite takes its write lock at once instead
 * of failing a read-then-write upgrade.
 */
export async function appendInTransaction(tx: TriageTx, stream: string, drafts: AuditDraft[], at: string): Promise<StoredAuditEvent[]> {
  await tx.$executeRaw`INSERT INTO audit_streams (stream, head_seq, head_hash) VALUES (${stream}, 0, ${GENESIS_HASH}) ON CONFLICT (stream) DO NOTHING`;
  const head = await tx.auditStream.findUniqueOrThrow({ where: { stream } });
  let seq = head.headSeq;
  let prevHash = head.headHash;
  const events = drafts.map((draft): StoredAuditEvent => {
    seq += 1;
    const fields = { stream, seq, at, type: draft.type, prevHash };
    const { stored, hash } = sealEvent(fields, canonicalJson(draft.payload));
    prevHash = hash;
    return { ...fields, payload: draft.payload, payloadText: stored, hash };
  });
  if (events.length === 0) return events;
  await tx.auditEvent.createMany({
    data: events.map((e) => ({ stream: e.stream, seq: e.seq, at: e.at, type: e.type, payload: e.payloadText, prevHash: e.prevHash, hash: e.hash })),
  });
  const moved = await tx.auditStream.updateMany({ where: { stream, headSeq: head.headSeq }, data: { headSeq: seq, headHash: prevHash } });
  if (moved.count !== 1) throw new AuditConflictError(`audit stream ${stream} moved during the append`);
  return events;
}

/** Every stream that has a head or events, sorted by name. */
export async function listAuditStreams(db: TriageDb): Promise<AuditStreamHead[]> {
  const [heads, withEvents] = await Promise.all([
    db.auditStream.findMany({ orderBy: { stream: "asc" } }),
    db.auditEvent.groupBy({ by: ["stream"], orderBy: { stream: "asc" } }),
  ]);
  const streams = new Map<string, AuditStreamHead>();
  for (const { stream } of withEvents) streams.set(stream, { stream });
  for (const h of heads) streams.set(h.stream, { stream: h.stream, head: { seq: h.headSeq, hash: h.headHash } });
  return [...streams.values()].sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0));
}

/** A page of a stream's events in seq order, after `afterSeq`. */
export async function readAuditEvents(db: TriageDb, stream: string, afterSeq: number, limit: number): Promise<StoredAuditEvent[]> {
  const rows = await db.auditEvent.findMany({ where: { stream, seq: { gt: afterSeq } }, orderBy: { seq: "asc" }, take: limit });
  return rows.map((row) => storedEvent(row));
}

/** Given an audit row as read, returns the event with its payload opened (a payload that is not JSON was tampered with: verification reports it). */
export function storedEvent(row: { stream: string; seq: number; at: string; type: string; payload: string; prevHash: string; hash: string }): StoredAuditEvent {
  const opened = openStoredPayload(row.payload);
  const event: StoredAuditEvent = {
    stream: row.stream,
    seq: row.seq,
    at: row.at,
    type: row.type,
    payload: visiblePayload(opened),
    payloadText: row.payload,
    prevHash: row.prevHash,
    hash: row.hash,
  };
  if (opened.kind === "erased" || opened.kind === "erased-inline") event.erased = true;
  return event;
}
