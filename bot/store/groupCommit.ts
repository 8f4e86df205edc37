import type { CommittedTurn, TurnCommit } from "../engine/ports.js";
import type { Logger } from "../logger.js";
import { checkTurn, turnKey } from "./planTurn.js";
import type { WriteLock } from "./writeLock.js";

/** A driver-specific writer of turns: one transaction per call. */
export interface TurnWriter {
  /**
   * Commits the turns in one transaction and resolves after COMMIT with each turn's reply, in order
   * (the earlier reply for a client message id already committed). Throws, having committed
   * nothing, when the transaction fails.
   */
  commitBatch(turns: TurnCommit[]): Promise<CommittedTurn[]>;
  /** Drops cached cursors of these sessions (after a failed transaction). */
  forget(sessionIds: Iterable<string>): void;
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
   * the previous one, instead of each waiting for the other. Safe because a session never has two
   * turns in flight (ConversationService serialises them), so batches in flight never depend on
   * each other.
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
  /** Turns queued or being committed, by idempotency key: a duplicate delivery shares the first's promise. */
  readonly #inflight = new Map<string, Promise<CommittedTurn>>();
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
    const key = turnKey(turn.session.id, turn.clientMessageId);
    const earlier = this.#inflight.get(key);
    if (earlier) return earlier;
    const promise = new Promise<CommittedTurn>((resolve, reject) => this.#queue.push({ turn, resolve, reject }));
    this.#inflight.set(key, promise);
    const settled = () => void this.#inflight.delete(key);
    promise.then(settled, settled);
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
    while (this.#queue.length > 0 && (this.#inFlightBatches.size === 0 || (this.#inFlightBatches.size < this.#maxInFlight && this.#queue.length >= this.#maxBatch))) {
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
      const replies = await this.#transaction(batch.map((p) => p.turn));
      this.stats.transactions += 1;
      this.stats.turns += batch.length;
      batch.forEach((pending, i) => pending.resolve(replies[i]!));
      return;
    } catch (error) {
      this.writer.forget(batch.map((p) => p.turn.session.id));
      this.stats.failedBatches += 1;
      this.log.warn({ turns: batch.length, err: { code: codeOf(error), message: messageOf(error) } }, "turn batch failed: retrying one by one");
    }
    for (const pending of batch) await this.#commitAlone(pending);
  }

  #transaction(turns: TurnCommit[]): Promise<CommittedTurn[]> {
    return this.lock ? this.lock.runShared(() => this.writer.commitBatch(turns)) : this.writer.commitBatch(turns);
  }

  /** One turn in its own transaction, retried once with fresh cursors (a stale cache is the usual cause). */
  async #commitAlone(pending: Pending): Promise<void> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      try {
        const [reply] = await this.#transaction([pending.turn]);
        this.stats.transactions += 1;
        this.stats.turns += 1;
        pending.resolve(reply!);
        return;
      } catch (error) {
        lastError = error;
        this.writer.forget([pending.turn.session.id]);
      }
    }
    this.log.warn({ sessionId: pending.turn.session.id, err: { code: codeOf(lastError), message: messageOf(lastError) } }, "turn rejected");
    pending.reject(lastError);
  }
}

function codeOf(error: unknown): string | undefined {
  return typeof error === "object" && error !== null && "code" in error ? String((error as { code: unknown }).code) : undefined;
}

/** Driver messages name constraints and columns, never values (PostgreSQL's `detail` does, so it is left out). */
function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
