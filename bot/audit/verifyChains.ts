import type { AuditStreamHead, StoredAuditEvent } from "../store/auditLog.js";
import { canonicalJson, GENESIS_HASH, hashCanonicalEvent } from "./hashEvent.js";

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
  /** The first place where the chain cannot be trusted. */
  firstBroken?: { seq: number; problem: string };
}

const PAGE = 1000;

function recomputedHash(event: StoredAuditEvent): string {
  return hashCanonicalEvent(event, canonicalJson(event.payload));
}

/** Given one stream's head, walks its events in seq order and returns whether the chain holds. */
export async function verifyChain(source: AuditSource, head: AuditStreamHead): Promise<ChainReport> {
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
      readAfter = event.seq;
      if (report.firstBroken) continue;
      if (event.seq !== expectedSeq) {
        broken(expectedSeq, `event ${expectedSeq} is missing (next stored event is ${event.seq})`);
      } else if (event.prevHash !== prevHash) {
        broken(event.seq, expectedSeq === 1 ? "first event does not start from the genesis hash" : `prev_hash does not match the hash of event ${expectedSeq - 1}`);
      } else if (recomputedHash(event) !== event.hash) {
        broken(event.seq, "hash does not match the event's content (edited event or forged hash)");
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
  for (const head of await source.listAuditStreams()) reports.push(await verifyChain(source, head));
  return reports;
}
