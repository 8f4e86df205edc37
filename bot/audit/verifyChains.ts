import type { AuditStreamHead, StoredAuditEvent } from "./storedAuditEvent.js";
import { canonicalJson, GENESIS_HASH, hashCanonicalEvent } from "./hashEvent.js";
import { hashSealedEvent, openStoredPayload, payloadDigest } from "./sealedPayload.js";

/** What verification reads: PrismaStore provides it. */
export interface AuditSource {
  listAuditStreams(): Promise<AuditStreamHead[]>;
  readAuditEvents(stream: string, afterSeq: number, limit?: number): Promise<StoredAuditEvent[]>;
}

export interface ChainReport {
  stream: string;
  ok: boolean;
  /** Events stored in the stream. */
  events: number;
  /** Of which erased (only when some are): their payload removed, their hash still checked from its digest (or, for events older than sealing, through their neighbours). */
  erased?: number;
  /** The first place where the chain cannot be trusted. */
  firstBroken?: { seq: number; problem: string };
}

const PAGE = 1000;

/**
 * The erasures the admin chain records: sessions erased (`session.erased`) and the latest time
 * before which retention erased audit payloads (`retention.applied`). A payload removed without
 * one of them is reported: erasure is not a way to hide an event.
 */
export interface ErasureRecords {
  sessions: Set<string>;
  auditPayloadsBefore?: string;
}

/** Given the audit source, reads the erasures recorded in the admin chain. */
export async function readErasureRecords(source: AuditSource): Promise<ErasureRecords> {
  const records: ErasureRecords = { sessions: new Set() };
  for (let after = 0; ;) {
    const page = await source.readAuditEvents("admin", after, PAGE);
    for (const event of page) {
      const details = (event.payload as { details?: Record<string, unknown> } | null)?.details;
      if (event.type === "session.erased" && typeof details?.sessionId === "string") records.sessions.add(details.sessionId);
      const before = details?.auditPayloadsBefore;
      if (event.type === "retention.applied" && typeof before === "string" && (!records.auditPayloadsBefore || before > records.auditPayloadsBefore))
        records.auditPayloadsBefore = before;
    }
    if (page.length < PAGE) return records;
    after = page[page.length - 1]!.seq;
  }
}

function erasureAllowed(event: StoredAuditEvent, records: ErasureRecords | undefined): boolean {
  if (!records || event.stream === "admin") return false;
  return records.sessions.has(event.stream) || (records.auditPayloadsBefore !== undefined && event.at < records.auditPayloadsBefore);
}

/** Given a stored event, returns why its content does not match its hash, if it does not ("linked-only": erased before sealing, nothing to recompute). */
function contentProblem(event: StoredAuditEvent, records: ErasureRecords | undefined): string | undefined {
  const opened = openStoredPayload(event.payloadText);
  switch (opened.kind) {
    case "inline":
      return hashCanonicalEvent(event, canonicalJson(opened.payload)) === event.hash
        ? undefined
        : "hash does not match the event's content (edited event or forged hash)";
    case "sealed":
      if (payloadDigest(opened.salt, canonicalJson(opened.payload)) !== opened.digest) return "payload does not match its digest (edited event)";
      return hashSealedEvent(event, opened.digest) === event.hash ? undefined : "hash does not match the event's content (edited event or forged hash)";
    case "erased":
      if (!erasureAllowed(event, records)) return "payload removed without an erasure recorded in the admin chain";
      return hashSealedEvent(event, opened.digest) === event.hash ? undefined : "hash does not match the erased event's digest (edited event or forged hash)";
    case "erased-inline":
      // Written before payloads were sealed: only its links (the next prev_hash, the head) vouch for it.
      return erasureAllowed(event, records) ? undefined : "payload removed without an erasure recorded in the admin chain";
  }
}

/** Given one stream's head, walks its events in seq order and returns whether the chain holds. */
export async function verifyChain(source: AuditSource, head: AuditStreamHead, records?: ErasureRecords): Promise<ChainReport> {
  const report: ChainReport = { stream: head.stream, ok: true, events: 0 };
  const broken = (seq: number, problem: string) => {
    if (!report.firstBroken) report.firstBroken = { seq, problem };
  };
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let readAfter = 0;
  for (;;) {
    const page = await source.readAuditEvents(head.stream, readAfter, PAGE);
    for (const event of page) {
      report.events += 1;
      if (event.erased) report.erased = (report.erased ?? 0) + 1;
      readAfter = event.seq;
      if (report.firstBroken) continue;
      if (event.seq !== expectedSeq) {
        broken(expectedSeq, `event ${expectedSeq} is missing (next stored event is ${event.seq})`);
      } else if (event.prevHash !== prevHash) {
        broken(
          event.seq,
          expectedSeq === 1 ? "first event does not start from the genesis hash" : `prev_hash does not match the hash of event ${expectedSeq - 1}`,
        );
      } else {
        const problem = contentProblem(event, records);
        if (problem) broken(event.seq, problem);
      }
      prevHash = event.hash;
      expectedSeq += 1;
    }
    if (page.length < PAGE) break;
  }
  if (!report.firstBroken) {
    const lastSeq = expectedSeq - 1;
    if (!head.head) broken(lastSeq, "the stream has no recorded head");
    else if (head.head.seq > lastSeq) {
      const missing = head.head.seq === lastSeq + 1 ? `event ${head.head.seq} is missing` : `events ${lastSeq + 1} to ${head.head.seq} are missing`;
      broken(lastSeq + 1, `${missing} (the head records ${head.head.seq})`);
    } else if (head.head.seq < lastSeq) broken(head.head.seq + 1, `events after the recorded head (${head.head.seq})`);
    else if (head.head.hash !== prevHash) broken(lastSeq, "the last event's hash differs from the recorded head");
  }
  report.ok = !report.firstBroken;
  return report;
}

/** Verifies every audit chain (sessions and admin): one report per stream, sorted by stream. */
export async function verifyChains(source: AuditSource): Promise<ChainReport[]> {
  const reports: ChainReport[] = [];
  const records = await readErasureRecords(source);
  for (const head of await source.listAuditStreams()) reports.push(await verifyChain(source, head, records));
  return reports;
}
