import { randomUUID } from "node:crypto";
import { parentPort, workerData } from "node:worker_threads";
import type { TurnCommit } from "../engine/ports.js";
import { SqliteTurnWriter, openSqlite } from "./sqliteTurnWriter.js";
import type { WriterRequest, WriterResponse, WriterThreadData } from "./sqliteWriterMessages.js";

/*
 * The SQLite hot-path writer inside a worker thread (see sqliteWriterThread.ts): the same
 * SqliteTurnWriter, so both modes write identical rows; only where the synchronous work runs differs.
 */

const port = parentPort;
if (!port) throw new Error("sqliteWriterWorker runs as a worker thread only");
const { file, busyTimeoutMs, autocheckpointPages } = workerData as WriterThreadData;

function post(message: WriterResponse): void {
  port!.postMessage(message);
}

function describe(error: unknown): Extract<WriterResponse, { ok: false }>["error"] {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const { code, details } = error as { code?: unknown; details?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...(code === undefined ? {} : { code: String(code) }),
    ...(details && typeof details === "object" ? { details: details as Record<string, unknown> } : {}),
  };
}

let writer: SqliteTurnWriter;
try {
  writer = new SqliteTurnWriter(openSqlite(file, busyTimeoutMs, autocheckpointPages), randomUUID);
  post({ id: 0, ok: true, ready: true });
} catch (error) {
  post({ id: 0, ok: false, error: describe(error) });
  process.exit(1);
}

port.on("message", (request: WriterRequest) => {
  switch (request.op) {
    case "commit":
      try {
        post({ id: request.id, ok: true, receipts: writer.commitReceipts(request.turns as TurnCommit[]) });
      } catch (error) {
        post({ id: request.id, ok: false, error: describe(error) });
      }
      return;
    case "close":
      void writer.close().then(() => port.close());
      return;
  }
});
