import type { CommittedTurn, TurnCommit } from "../engine/ports.js";
import type { TriageError } from "../errors.js";
import type { Logger } from "../logger.js";
import { checkTurn } from "./planTurn.js";
import type { WriteLock } from "./writeLock.js";

/** A turn's outcome in a batch: its reply, or the conflict (TRIAGE_SESSION_CONFLICT) it is rejected with. */
export type TurnResult = CommittedTurn | TriageError;

/** A driver-specific writer of turns: one transaction per call. */
export interface TurnWriter {
  /**
   * Commits the turns in one transaction and resolves after COMMIT with each turn's result, in
   * order: its reply, or a conflict when its session was no longer at the turn's base (that turn
   * wrote nothing; the others committed). Throws, having committed nothing, when the transaction fails.
   */
  commitBatch(turns: TurnCommit[]): Promise<TurnResult[]>;
  close(): Promise<void>;
}

export interface GroupCommitOptions {
  /** Flush as soon as this many turns wait (default 64). */
  maxBatch?: number;
  /** How long the first waiting turn may wait for company; 0 (default) flushes on the next turn of the event loop. */
  maxWaitMs?: number;
  /**
   * Batches handed to the writer before the first one committed (default 1). A writer in another
   * thread gets 2: it commits the next batch while this event loop computes the turns that follow
   * the previous one, instead of each waiting for the other. Safe because every turn carries the
   * version it was computed from: a turn of a session that an earlier batch moved on is refused
   * by the compare-and-set, never written over it.
   */
  maxInFlight?: number;
  /**
   * With no batch out, hand the waiting turns over at the end of the current task (a microtask)
   * rather than after the event loop's pending I/O callbacks (setImmediate). For a writer in
   * another thread: those callbacks may be dozens of other patients' turns, milliseconds the
   * first turn would wait for nothing; turns arriving while a batch is out still group.
   */
  eager?: boolean;
}

interface CommitterDeps {
  writer: TurnWriter;
  log: Logger;
  /** Held shared around each transaction (SQLite: see writeLock.ts). */
  lock?: WriteLock;
}

export interface CommitStats {
  /** Transactions committed (batches plus one-by-one retries). */
  transactions: number;
  /** Turns whose promise resolved. */
  turns: number;
  /** Batches that failed and were retried one turn at a time. */
  failedBatches: number;
}

interface Pending {
  turn: TurnCommit;
  resolve(turn: CommittedTurn): void;
  reject(error: unknown): void;
}

/**
 * Group commit: turns submitted together wait at most one event-loop turn (or `maxWaitMs`) and are
 * committed in one transaction, so one fsync serves many patients. A batch that fails is retried
 * one turn at a time so only the faulty turn rejects. One batch is in flight at a time; turns that
 * arrive meanwhile form the next one, so batches grow with the commit latency.
 */
export class GroupCommitter {
  readonly stats: CommitStats = { transactions: 0, turns: 0, failedBatches: 0 };
  readonly #queue: Pending[] = [];
  readonly #maxBatch: number;
  readonly #maxWaitMs: number;
  readonly #maxInFlight: number;
  readonly #eager: boolean;
  #scheduled = false;
  /** Batches handed to the writer and not settled yet. */
  readonly #inFlightBatches = new Set<Promise<void>>();

  private readonly writer: TurnWriter;
  private readonly log: Logger;
  private readonly lock: WriteLock | undefined;

  constructor(deps: CommitterDeps, options: GroupCommitOptions = {}) {
    this.writer = deps.writer;
    this.log = deps.log;
    this.lock = deps.lock;
    this.#maxBatch = Math.max(1, options.maxBatch ?? 64);
    this.#maxWaitMs = Math.max(0, options.maxWaitMs ?? 0);
    this.#maxInFlight = Math.max(1, options.maxInFlight ?? 1);
    this.#eager = options.eager ?? false;
  }

  /** Queues a turn; resolves with its reply once the transaction holding it has committed. */
  submit(turn: TurnCommit): Promise<CommittedTurn> {
    try {
      checkTurn(turn);
    } catch (error) {
      return Promise.reject(error);
    }
    const promise = new Promise<CommittedTurn>((resolve, reject) => this.#queue.push({ turn, resolve, reject }));
    this.#schedule();
    return promise;
  }

  /** Resolves when every turn submitted so far has settled. */
  async drain(): Promise<void> {
    while (this.#inFlightBatches.size > 0 || this.#queue.length > 0) {
      this.#startBatches();
      await Promise.race(this.#inFlightBatches);
    }
  }

  #schedule(): void {
    if (this.#inFlightBatches.size >= this.#maxInFlight) return; // a batch settling picks the queue up
    if (this.#queue.length >= this.#maxBatch) {
      this.#startBatches();
      return;
    }
    if (this.#scheduled) return;
    this.#scheduled = true;
    const fire = () => {
      this.#scheduled = false;
      this.#startBatches();
    };
    if (this.#maxWaitMs > 0) setTimeout(fire, this.#maxWaitMs);
    else if (this.#eager) queueMicrotask(fire);
    else setImmediate(fire);
  }

  /**
   * Hands batches to the writer: one whenever none is out, and more (up to maxInFlight) only when a
   * full batch waits. Under light load, turns that arrive during a commit join the next batch
   * instead of each costing the writer a commit (and an fsync) of its own.
   */
  #startBatches(): void {
    while (
      this.#queue.length > 0 &&
      (this.#inFlightBatches.size === 0 || (this.#inFlightBatches.size < this.#maxInFlight && this.#queue.length >= this.#maxBatch))
    ) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      const running: Promise<void> = this.#commit(batch).finally(() => {
        this.#inFlightBatches.delete(running);
        if (this.#queue.length > 0) this.#schedule();
      });
      this.#inFlightBatches.add(running);
    }
  }

  async #commit(batch: Pending[]): Promise<void> {
    try {
      const results = await this.#transaction(batch.map((p) => p.turn));
      this.stats.transactions += 1;
      this.stats.turns += batch.length;
      batch.forEach((pending, i) => settle(pending, results[i]!));
      return;
    } catch (error) {
      this.stats.failedBatches += 1;
      this.log.warn({ turns: batch.length, err: { code: codeOf(error), message: messageOf(error) } }, "turn batch failed: retrying one by one");
    }
    for (const pending of batch) await this.#commitAlone(pending);
  }

  #transaction(turns: TurnCommit[]): Promise<TurnResult[]> {
    return this.lock ? this.lock.runShared(() => this.writer.commitBatch(turns)) : this.writer.commitBatch(turns);
  }

  /** One turn in its own transaction: after a failed batch, only the faulty turn rejects. */
  async #commitAlone(pending: Pending): Promise<void> {
    try {
      const [result] = await this.#transaction([pending.turn]);
      this.stats.transactions += 1;
      this.stats.turns += 1;
      settle(pending, result!);
    } catch (error) {
      this.log.warn({ sessionId: pending.turn.session.id, err: { code: codeOf(error), message: messageOf(error) } }, "turn rejected");
      pending.reject(error);
    }
  }
}

function settle(pending: Pending, result: TurnResult): void {
  if (result instanceof Error) pending.reject(result);
  else pending.resolve(result);
}

function codeOf(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : undefined;
}

/** Driver messages name constraints and columns, never values (PostgreSQL's `detail` does, so it is left out). */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
