import { Worker } from "node:worker_threads";
import { ERROR_CODES, TriageError, type ErrorCode } from "../errors.js";
import type { TurnCommit } from "../engine/ports.js";
import type { Logger } from "../logger.js";
import type { TurnResult, TurnWriter } from "./groupCommit.js";
import { replyOf, type TurnReceipt } from "./sqliteTurnWriter.js";
import type { SerialisedError, WriterRequest, WriterResponse, WriterThreadData } from "./sqliteWriterMessages.js";

/*
 * better-sqlite3 is synchronous: a COMMIT with synchronous=FULL holds the event loop for its whole
 * fsync, and the audit hashing of a batch runs there too. On the server that stalls every
 * WebSocket and the engine while the disk works. This writer runs the same SqliteTurnWriter in a
 * worker thread: the event loop only posts a batch and gets the replies, the engine computes the
 * next turns while the disk syncs, and a second core does the writing. A reply still resolves only
 * after COMMIT returned in the worker, so an acknowledged turn is as durable as before.
 */

interface Waiting {
  resolve(receipts: TurnReceipt[]): void;
  reject(error: unknown): void;
}

/** Rebuilds the worker's error so callers branch on `code` exactly as with the in-thread writer. */
function reviveError(error: SerialisedError): Error {
  if (error.code && error.code in ERROR_CODES) return new TriageError(error.code as ErrorCode, error.message, error.details);
  const revived = new Error(error.message) as Error & { code?: string };
  revived.name = error.name;
  if (error.code !== undefined) revived.code = error.code;
  return revived;
}

const ENTRY = new URL("./sqliteWriterThread.mjs", import.meta.url);

export class ThreadedSqliteTurnWriter implements TurnWriter {
  #worker: Worker | undefined;
  #starting: Promise<Worker> | undefined;
  readonly #waiting = new Map<number, Waiting>();
  #nextId = 1;
  #closed = false;

  private constructor(
    private readonly data: WriterThreadData,
    private readonly log: Logger,
  ) {}

  /** Starts the writer thread and resolves once it opened the database (an unusable file fails here). */
  static async open(data: WriterThreadData, log: Logger): Promise<ThreadedSqliteTurnWriter> {
    const writer = new ThreadedSqliteTurnWriter(data, log);
    await writer.#ensureWorker();
    return writer;
  }

  async commitBatch(turns: TurnCommit[]): Promise<TurnResult[]> {
    if (this.#closed) throw new TriageError("TRIAGE_STORE_UNAVAILABLE", "store closed");
    const worker = await this.#ensureWorker();
    const id = this.#nextId++;
    const receipts = new Promise<TurnReceipt[]>((resolve, reject) => this.#waiting.set(id, { resolve, reject }));
    // Referenced only while a batch is in flight: an idle writer never keeps the process alive,
    // and a pending commit is never cut short by the process exiting.
    worker.ref();
    try {
      worker.postMessage({ op: "commit", id, turns } satisfies WriterRequest);
    } catch (error) {
      // A turn that cannot be copied to the thread (never produced by the engine) fails alone.
      this.#waiting.delete(id);
      if (this.#waiting.size === 0) worker.unref();
      throw error;
    }
    // Only receipts come back: the replies are rebuilt here from the turns this thread still holds.
    return (await receipts).map((receipt, i) => replyOf(turns[i]!, receipt));
  }

  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker ?? (await this.#starting?.catch(() => undefined));
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
    // Referenced until it has exited: awaiting close() must keep the process alive.
    worker.ref();
    worker.postMessage({ op: "close" } satisfies WriterRequest);
    await exited;
  }

  #ensureWorker(): Promise<Worker> {
    if (this.#worker) return Promise.resolve(this.#worker);
    this.#starting ??= this.#spawn().finally(() => (this.#starting = undefined));
    return this.#starting;
  }

  #spawn(): Promise<Worker> {
    return new Promise<Worker>((resolve, reject) => {
      // A small young generation: the thread keeps nothing alive between batches, and a large one would
      // only hold copies of finished batches, as resident memory, until its next collection.
      const worker = new Worker(ENTRY, { workerData: this.data, resourceLimits: { maxYoungGenerationSizeMb: 4 } });
      let ready = false;
      worker.on("message", (message: WriterResponse) => {
        if (message.id === 0) {
          if (message.ok) {
            ready = true;
            this.#worker = worker;
            worker.unref();
            resolve(worker);
          } else reject(reviveError(message.error));
          return;
        }
        const waiting = this.#waiting.get(message.id);
        if (!waiting) return;
        this.#waiting.delete(message.id);
        if (this.#waiting.size === 0) worker.unref();
        if (message.ok) waiting.resolve(message.receipts ?? []);
        else waiting.reject(reviveError(message.error));
      });
      worker.on("error", (error) => {
        // Logged without the turns: the error names the statement or the module, never patient data.
        this.log.error({ err: { name: error.name, message: error.message } }, "SQLite writer thread failed");
        if (!ready) reject(error);
      });
      worker.on("exit", (code) => {
        if (this.#worker === worker) this.#worker = undefined;
        if (!ready) reject(new TriageError("TRIAGE_STORE_UNAVAILABLE", `SQLite writer thread exited with ${code} before it was ready`));
        // Whether these batches committed is unknown: their turns fail, the patient's client sends
        // them again with the same ids, and idempotency answers from whatever was committed.
        const lost = [...this.#waiting.values()];
        this.#waiting.clear();
        for (const waiting of lost) waiting.reject(new TriageError("TRIAGE_STORE_UNAVAILABLE", "SQLite writer thread stopped"));
        if (!this.#closed && code !== 0) this.log.error({ code }, "SQLite writer thread exited; the next batch starts a new one");
      });
    });
  }
}
