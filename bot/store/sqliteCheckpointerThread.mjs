// @ts-check
// Entry of the SQLite checkpointer thread (see sqliteCheckpointer.ts). Plain JavaScript: it only
// needs better-sqlite3, so it skips the TypeScript loader the writer thread registers.
import Database from "better-sqlite3";
import { parentPort, workerData } from "node:worker_threads";

const port = parentPort;
if (!port) throw new Error("sqliteCheckpointerThread runs as a worker thread only");
/** @type {{ file: string; intervalMs: number; busyTimeoutMs: number }} */
const { file, intervalMs, busyTimeoutMs } = workerData;

/** @param {unknown} error */
const describe = (error) =>
  error instanceof Error
    ? { name: error.name, message: error.message, code: /** @type {{ code?: unknown }} */ (error).code }
    : { name: "Error", message: String(error) };

/** @type {import("better-sqlite3").Database} */
let db;
try {
  db = new Database(file, { timeout: busyTimeoutMs });
  db.pragma("synchronous = FULL");
  // This connection never writes rows; it must not checkpoint on its own schedule either.
  db.pragma("wal_autocheckpoint = 0");
  port.postMessage({ type: "ready" });
} catch (error) {
  port.postMessage({ type: "failed", error: describe(error) });
  process.exit(1);
}

let failing = false;

/** Passes per round at most: the first copies what accumulated, the next ones what the writer added meanwhile. */
const MAX_PASSES = 8;

/**
 * Copies the WAL into the database file without ever waiting for the writer or a reader (PASSIVE).
 * A pass copies the frames that were there when it started; the writer keeps committing during a
 * long first pass, so short passes follow until one finds no new frame: the WAL is then wholly in
 * the database file, and the next commit rewinds it to its start instead of letting it grow.
 */
function checkpoint() {
  let previousLog = -1;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const [result] = /** @type {{ busy: number; log: number; checkpointed: number }[]} */ (db.pragma("wal_checkpoint(PASSIVE)"));
    if (!result || result.busy !== 0 || result.checkpointed < result.log || result.log === previousLog) return;
    previousLog = result.log;
  }
}

const timer = setInterval(() => {
  try {
    checkpoint();
    if (failing) port.postMessage({ type: "recovered" });
    failing = false;
  } catch (error) {
    // Reported once per run of failures (a full disk would otherwise log at every interval).
    if (!failing) port.postMessage({ type: "error", error: describe(error) });
    failing = true;
  }
}, intervalMs);

port.on("message", (/** @type {{ op: "close" }} */ message) => {
  if (message.op === "close") {
    clearInterval(timer);
    db.close();
    port.close();
  }
});
