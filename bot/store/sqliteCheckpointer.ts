import { Worker } from "node:worker_threads";
import type { Logger } from "../logger.js";

/*
 * SQLite in WAL mode appends commits to the -wal file and copies them into the database file at a
 * checkpoint. By default the connection whose commit pushed the WAL past 1,000 pages runs that
 * checkpoint itself, inside the COMMIT call, after its fsync: page writes and a second fsync that
 * the waiting patients' replies pay for, although their turns were already durable. On the
 * WebSocket benchmark (2,000 patients, 2 s think time) those commits came every 0.1 s and took
 * about 7 ms, 7% of the time: the turns queued behind them made the p99.
 *
 * This thread copies the WAL every `intervalMs` with PASSIVE checkpoints, which never block the
 * writer or a reader, and repeats short passes until one finds no new frame, so the next commit
 * rewinds the WAL to its start (sqliteCheckpointerThread.mjs). The connections that write keep an
 * automatic checkpoint raised to a backstop (CHECKPOINT_BACKSTOP_PAGES) for when this thread falls
 * behind or stops: the WAL stays bounded whatever happens here.
 */

/** Automatic checkpoint threshold of the connections that write when the checkpointer runs (pages of 4 KiB: 40 MB of WAL). */
export const CHECKPOINT_BACKSTOP_PAGES = 10_000;

/** How often the checkpointer copies the WAL into the database file. */
const DEFAULT_INTERVAL_MS = 50;

const ENTRY = new URL("./sqliteCheckpointerThread.mjs", import.meta.url);

type ThreadMessage = { type: "ready" | "recovered" } | { type: "failed" | "error"; error: { name: string; message: string; code?: unknown } };

export class SqliteCheckpointer {
  #stopped = false;
  #exited = false;

  private constructor(
    private readonly worker: Worker,
    private readonly log: Logger,
  ) {}

  /** Starts the thread on the database file and resolves once it opened it (an unusable file fails here). */
  static start(file: string, log: Logger, options: { intervalMs?: number; busyTimeoutMs?: number } = {}): Promise<SqliteCheckpointer> {
    const workerData = { file, intervalMs: options.intervalMs ?? DEFAULT_INTERVAL_MS, busyTimeoutMs: options.busyTimeoutMs ?? 5_000 };
    // It holds one connection and allocates almost nothing: a small young generation is plenty.
    const worker = new Worker(ENTRY, { workerData, resourceLimits: { maxYoungGenerationSizeMb: 1 } });
    return new Promise((resolve, reject) => {
      const checkpointer = new SqliteCheckpointer(worker, log);
      let ready = false;
      worker.on("message", (message: ThreadMessage) => {
        if (message.type === "ready") {
          ready = true;
          // A background helper: it never keeps the process alive.
          worker.unref();
          resolve(checkpointer);
        } else if (message.type === "failed") reject(Object.assign(new Error(message.error.message), { name: message.error.name, code: message.error.code }));
        else if (message.type === "error") log.error({ err: message.error }, "SQLite checkpoint failed; the writers' own checkpoints keep the WAL bounded");
        else log.info("SQLite checkpoints succeed again");
      });
      worker.on("error", (error) => {
        log.error({ err: { name: error.name, message: error.message } }, "SQLite checkpointer thread failed");
        if (!ready) reject(error);
      });
      worker.on("exit", (code) => {
        checkpointer.#exited = true;
        if (!ready) reject(new Error(`SQLite checkpointer thread exited with ${code} before it was ready`));
        else if (!checkpointer.#stopped) log.error({ code }, "SQLite checkpointer thread stopped; the writers' own checkpoints keep the WAL bounded");
      });
    });
  }

  /** Stops the thread and resolves once it closed its connection. */
  async stop(): Promise<void> {
    if (this.#stopped) return;
    this.#stopped = true;
    if (this.#exited) return;
    const exited = new Promise<void>((resolve) => this.worker.once("exit", () => resolve()));
    // Referenced until it has exited: awaiting stop() must keep the process alive.
    this.worker.ref();
    this.worker.postMessage({ op: "close" });
    await exited;
  }
}
