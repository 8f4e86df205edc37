import type { ChatBody } from "../engine/chatMessage.js";
import { GENESIS_HASH } from "../audit/hashEvent.js";
import { appendInTransaction, type TriageTx } from "../store/auditLog.js";
import type { PrismaStore } from "../store/prismaStore.js";
import { erasedPayloadText, strippedState } from "./eraseSession.js";
import { cutoff, type RetentionPolicy } from "./retentionPolicy.js";

/*
 * The retention job (`triage retention run`, and every RETENTION_RUN_MINUTES in the runtime): each
 * kind with a period loses what is older than it, in small transactions (a batch at a time, so
 * patient turns are never held up for long), each recorded in the admin chain as
 * `retention.applied` with its counts; audit payloads with the cut-off, which `audit verify`
 * reads to accept their removal. Idempotent: a second run finds nothing. Sessions whose case is
 * still open or claimed are left alone.
 */

export interface RetentionReport {
  transcripts: number;
  freeTexts: number;
  cases: number;
  auditPayloads: number;
}

type RetentionStore = Pick<PrismaStore, "writeTransaction" | "prisma">;

/**
 * Runs one batch in a write transaction whose first statement writes: SQLite then takes its write
 * lock at once, instead of failing when another process (the server, for `triage retention run`)
 * commits between the batch's read and its first write.
 */
function batchTransaction(store: RetentionStore, fn: (tx: TriageTx) => Promise<number>): Promise<number> {
  return store.writeTransaction(async (tx) => {
    await tx.$executeRaw`INSERT INTO audit_streams (stream, head_seq, head_hash) VALUES ('admin', 0, ${GENESIS_HASH}) ON CONFLICT (stream) DO NOTHING`;
    return fn(tx);
  });
}

const BATCH = 200;

/** Given the store, the policy and the time, applies every retention period and returns how many items each removed. */
export async function applyRetention(store: RetentionStore, policy: RetentionPolicy, now: Date): Promise<RetentionReport> {
  const report: RetentionReport = { transcripts: 0, freeTexts: 0, cases: 0, auditPayloads: 0 };
  if (policy.transcriptDays !== undefined) report.transcripts = await untilDone(() => expireTranscripts(store, cutoff(now, policy.transcriptDays!), now));
  if (policy.freeTextDays !== undefined) report.freeTexts = await untilDone(() => expireFreeText(store, cutoff(now, policy.freeTextDays!), now));
  if (policy.caseDays !== undefined) report.cases = await untilDone(() => expireCases(store, cutoff(now, policy.caseDays!), now));
  if (policy.auditPayloadDays !== undefined)
    report.auditPayloads = await untilDone(() => expireAuditPayloads(store, cutoff(now, policy.auditPayloadDays!), now));
  return report;
}

/** Runs a batch until one removes nothing; returns the total. */
async function untilDone(batch: () => Promise<number>): Promise<number> {
  let total = 0;
  for (;;) {
    const done = await batch();
    total += done;
    if (done === 0) return total;
  }
}

const notInAnOpenCase = { handoffCases: { none: { state: { in: ["open", "claimed"] } } } };

/** Sessions idle since before the cut-off lose their transcript, stored replies and answers; they are closed (nothing is left to resume). */
async function expireTranscripts(store: RetentionStore, before: Date, now: Date): Promise<number> {
  return batchTransaction(store, async (tx) => {
    const sessions = await tx.session.findMany({
      where: { updatedAt: { lt: before }, erasedAt: null, messages: { some: {} }, ...notInAnOpenCase },
      select: { id: true, state: true },
      take: BATCH,
    });
    for (const session of sessions) {
      await tx.message.deleteMany({ where: { sessionId: session.id } });
      await tx.turn.deleteMany({ where: { sessionId: session.id } });
      await tx.session.update({
        where: { id: session.id },
        data: { state: JSON.stringify(strippedState(session.state)), status: "closed", resumeTokenHash: null },
      });
    }
    if (sessions.length > 0) await record(tx, now, { kind: "transcripts", before: before.toISOString(), sessions: sessions.length });
    return sessions.length;
  });
}

/** Typed messages (the opening message, free-text answers typed, the live chat) of sessions idle since before the cut-off, and their cases' notes, disposition notes and call-back numbers. */
async function expireFreeText(store: RetentionStore, before: Date, now: Date): Promise<number> {
  return batchTransaction(store, async (tx) => {
    // `"kind":"text"` can only be the body's structure: quotes inside a text are escaped.
    const candidates = await tx.message.findMany({
      where: { author: { in: ["patient", "clinician"] }, body: { contains: '"kind":"text"' }, session: { updatedAt: { lt: before }, ...notInAnOpenCase } },
      select: { sessionId: true, seq: true, body: true },
      take: BATCH,
    });
    const typed = candidates.filter((m) => (JSON.parse(m.body) as ChatBody).kind === "text");
    for (const m of typed) await tx.message.delete({ where: { sessionId_seq: { sessionId: m.sessionId, seq: m.seq } } });
    const closed = { state: "closed", session: { updatedAt: { lt: before } } };
    const notes = (await tx.caseNote.deleteMany({ where: { case: closed } })).count;
    const dispositions = (await tx.handoffCase.updateMany({ where: { ...closed, dispositionNote: { not: null } }, data: { dispositionNote: null } })).count;
    const removed = typed.length + notes + dispositions;
    if (removed > 0) await record(tx, now, { kind: "freeText", before: before.toISOString(), messages: typed.length, notes, dispositionNotes: dispositions });
    return removed;
  });
}

/** Cases closed before the cut-off are deleted with their notes (the session keeps its level). */
async function expireCases(store: RetentionStore, before: Date, now: Date): Promise<number> {
  return batchTransaction(store, async (tx) => {
    const cases = await tx.handoffCase.findMany({ where: { state: "closed", closedAt: { lt: before } }, select: { id: true }, take: BATCH });
    if (cases.length === 0) return 0;
    const ids = cases.map((c) => c.id);
    await tx.caseNote.deleteMany({ where: { caseId: { in: ids } } });
    await tx.handoffCase.deleteMany({ where: { id: { in: ids } } });
    await record(tx, now, { kind: "cases", before: before.toISOString(), cases: ids.length });
    return ids.length;
  });
}

/** Audit payloads of session chains older than the cut-off: each keeps its digest, so the chains still verify. */
async function expireAuditPayloads(store: RetentionStore, before: Date, now: Date): Promise<number> {
  const beforeIso = before.toISOString();
  return batchTransaction(store, async (tx) => {
    // Not yet erased: an erased payload is exactly `{"digest":"<64 hex>","v":2}` (83 characters) or the inline marker.
    const rows = await tx.$queryRaw<{ stream: string; seq: number; payload: string }[]>`
      SELECT stream, seq, payload FROM audit_events
      WHERE stream <> 'admin' AND at < ${beforeIso} AND length(payload) <> 83 AND payload <> '{"erased":true,"v":2}'
      ORDER BY stream, seq LIMIT ${BATCH}`;
    let erased = 0;
    // The record comes first, in the same transaction: verification never sees an erased payload without it.
    if (rows.length > 0) await record(tx, now, { kind: "auditPayloads", auditPayloadsBefore: beforeIso, events: rows.length });
    for (const row of rows) {
      const replacement = erasedPayloadText(row.payload);
      if (replacement === undefined) continue;
      await tx.auditEvent.update({ where: { stream_seq: { stream: row.stream, seq: Number(row.seq) } }, data: { payload: replacement } });
      erased += 1;
    }
    return erased;
  });
}

async function record(tx: TriageTx, now: Date, details: Record<string, string | number>): Promise<void> {
  await appendInTransaction(tx, "admin", [{ type: "retention.applied", payload: { actor: "system", details } }], now.toISOString());
}
