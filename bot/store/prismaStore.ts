import type { Locale } from "../../flows/index.js";
import type { ChatBody, ChatMessage } from "../engine/chatMessage.js";
import type { AuditDraft, CommittedTurn, FlowVersionRecord, SessionRecord, Store, TurnCommit, TurnRead } from "../engine/ports.js";
import type { Logger } from "../logger.js";
import { activeTracer, traced } from "../telemetry/tracing.js";
import { isUniqueViolation } from "./uniqueViolation.js";
import {
  AuditConflictError,
  appendInTransaction,
  listAuditStreams,
  readAuditEvents,
  type AuditStreamHead,
  type StoredAuditEvent,
  type TriageDb,
  type TriageTx,
} from "./auditLog.js";
import type { DatabaseKind } from "./databaseUrl.js";
import * as flows from "./flowVersions.js";
import type { CommitStats, GroupCommitter, TurnWriter } from "./groupCommit.js";
import type { WriteLock } from "./writeLock.js";

import type { WaitingQueue } from "../cases/patientCases.js";
import type { HotReads } from "./hotReads.js";
export interface PrismaStoreParts {
  kind: DatabaseKind;
  prisma: TriageDb;
  committer: GroupCommitter;
  writer: TurnWriter;
  /** The per-turn reads on the raw driver. */
  reads: HotReads;
  /** The waiting screens' reads of the queue, on the raw driver too. */
  queue: WaitingQueue;
  /** SQLite only: serialises this process's write transactions (see writeLock.ts). */
  lock?: WriteLock;
  now: () => Date;
  log: Logger;
  /** Closes what the store opened besides Prisma (the pg pool). */
  closeDriver: () => Promise<void>;
}

/** Prisma's "unique constraint failed": another writer took the seq first. */
function isConflict(error: unknown): boolean {
  return error instanceof AuditConflictError || isUniqueViolation(error);
}

/**
 * The Store port on Prisma (SQLite or PostgreSQL). Patient turns go through the group commit on
 * the raw driver (see openStore.ts); everything else is a Prisma query. `prisma` is public for the
 * console's own queries (users, cases); multi-statement writes should use `writeTransaction`.
 */
const TRANSACTION_LIMITS = { maxWait: 10_000, timeout: 15_000 };

export class PrismaStore implements Store {
  readonly kind: DatabaseKind;
  readonly prisma: TriageDb;
  readonly queue: WaitingQueue;
  readonly #parts: PrismaStoreParts;
  #closed = false;

  constructor(parts: PrismaStoreParts) {
    this.#parts = parts;
    this.kind = parts.kind;
    this.prisma = parts.prisma;
    this.queue = parts.queue;
  }

  /** Counters of the group commit: transactions, turns, failed batches. */
  get stats(): Readonly<CommitStats> {
    return this.#parts.committer.stats;
  }

  getSession(id: string): Promise<SessionRecord | undefined> {
    return this.#parts.reads.session(id);
  }

  findSessionByResumeTokenHash(hash: string): Promise<SessionRecord | undefined> {
    return this.#parts.reads.sessionByTokenHash(hash);
  }

  readTurn(sessionId: string, clientMessageId: string): Promise<TurnRead | undefined> {
    if (!activeTracer()) return this.#parts.reads.turn(sessionId, clientMessageId);
    return traced("triage.read", { "db.system.name": this.#dbSystem }, () => this.#parts.reads.turn(sessionId, clientMessageId));
  }

  /** Commits the turn with others arriving together; resolves after the transaction committed (TRIAGE_SESSION_CONFLICT: see the Store port). */
  commitTurn(turn: TurnCommit): Promise<CommittedTurn> {
    if (this.#closed) return Promise.reject(new Error("store is closed"));
    if (!activeTracer()) return this.#parts.committer.submit(turn);
    // Counts only: what the turn says is never an attribute (bot/telemetry/tracing.ts).
    const attributes = {
      "db.system.name": this.#dbSystem,
      "triage.commit.messages": turn.messages.length,
      "triage.commit.audit_events": turn.audit.length,
      "triage.commit.new_session": turn.isNew,
    };
    return traced("triage.commit", attributes, () => this.#parts.committer.submit(turn));
  }

  get #dbSystem(): string {
    return this.kind === "sqlite" ? "sqlite" : "postgresql";
  }

  async messagesAfter(sessionId: string, afterSeq: number): Promise<ChatMessage[]> {
    const rows = await this.prisma.message.findMany({ where: { sessionId, seq: { gt: afterSeq } }, orderBy: { seq: "asc" } });
    return rows.map((row) => {
      const message: ChatMessage = {
        sessionId: row.sessionId,
        seq: row.seq,
        at: row.at.toISOString(),
        locale: row.locale as Locale,
        author: row.author as ChatMessage["author"],
        body: JSON.parse(row.body) as ChatBody,
      };
      if (row.authorId !== null) message.authorId = row.authorId;
      return message;
    });
  }

  latestFlowVersion(slug: string): Promise<FlowVersionRecord | undefined> {
    return flows.latestFlowVersion(this.prisma, slug);
  }

  flowVersion(slug: string, version: number): Promise<FlowVersionRecord | undefined> {
    return flows.flowVersion(this.prisma, slug, version);
  }

  /** The latest published version's number only (FlowCatalog's pointer refresh): no definition read or parsed. */
  async latestPublishedVersion(slug: string): Promise<number | undefined> {
    return (await flows.latestPublishedVersion(this.prisma, slug)) || undefined;
  }

  /** Publishes the next version of `definition.slug` (numbered by the store), with its admin audit event. */
  publishFlowVersion(change: flows.FlowChange): Promise<FlowVersionRecord> {
    return this.#retryingWrite((tx) => flows.publishFlowVersion(tx, change, this.#parts.now()));
  }

  /** Creates or replaces the flow's draft (audited); returns the version it will get when published. */
  saveFlowDraft(change: flows.FlowChange): Promise<number> {
    return this.#retryingWrite((tx) => flows.saveFlowDraft(tx, change, this.#parts.now()));
  }

  flowDraft(slug: string): Promise<flows.StoredDraft | undefined> {
    return flows.flowDraft(this.prisma, slug);
  }

  listFlows(): Promise<flows.FlowSummary[]> {
    return flows.listFlows(this.prisma);
  }

  listFlowVersions(slug: string): Promise<flows.FlowVersionInfo[]> {
    return flows.listFlowVersions(this.prisma, slug);
  }

  /** Appends events to a non-session stream (e.g. "admin") in one transaction; returns them as stored. */
  appendAuditEvents(stream: string, drafts: AuditDraft[]): Promise<StoredAuditEvent[]> {
    return this.#retryingWrite((tx) => appendInTransaction(tx, stream, drafts, this.#parts.now().toISOString()));
  }

  listAuditStreams(): Promise<AuditStreamHead[]> {
    return listAuditStreams(this.prisma);
  }

  readAuditEvents(stream: string, afterSeq: number, limit = 1000): Promise<StoredAuditEvent[]> {
    return readAuditEvents(this.prisma, stream, afterSeq, limit);
  }

  /** Runs a Prisma interactive transaction, serialised with the group commit on SQLite. */
  writeTransaction<T>(fn: (tx: TriageTx) => Promise<T>): Promise<T> {
    // Prisma's defaults (2 s to get a pooled connection, 5 s to finish) failed a clinician's click
    // under a burst of writes on a loaded machine; a slow answer beats an internal error.
    const run = () => this.prisma.$transaction(fn, TRANSACTION_LIMITS);
    return this.#parts.lock ? this.#parts.lock.run(run) : run();
  }

  async #retryingWrite<T>(fn: (tx: TriageTx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.writeTransaction(fn);
      } catch (error) {
        if (!isConflict(error) || attempt >= 5) throw error;
      }
    }
  }

  /** Waits for queued turns to commit, then closes the connections. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#parts.committer.drain();
    await this.#parts.writer.close();
    await this.prisma.$disconnect();
    await this.#parts.closeDriver();
  }
}
