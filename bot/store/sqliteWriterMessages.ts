import type { TurnCommit } from "../engine/ports.js";
import type { TurnReceipt } from "./sqliteTurnWriter.js";

/** The messages between the event loop (sqliteWriterThread.ts) and the SQLite writer thread (sqliteWriterWorker.ts). */

export interface WriterThreadData {
  file: string;
  busyTimeoutMs: number;
  /** The connection's automatic checkpoint threshold (see openSqlite). */
  autocheckpointPages?: number;
}

export type WriterRequest = { op: "commit"; id: number; turns: TurnCommit[] } | { op: "close" };

export interface SerialisedError {
  name: string;
  message: string;
  code?: string;
  details?: Record<string, unknown>;
}

export type WriterResponse = { id: number; ok: true; receipts?: TurnReceipt[]; ready?: true } | { id: number; ok: false; error: SerialisedError };
