import type { Json } from "../engine/ports.js";

/*
 * The audit chain's shapes as the chain's readers and verifiers see them. Storage (bot/store,
 * above this layer) writes and reads them; the audit layer only names them, so it depends on no
 * adapter.
 */

/** An audit event as stored. `payloadText` is the stored text; `payload` the event's payload (null once erased). */
export interface StoredAuditEvent {
  stream: string;
  seq: number;
  at: string;
  type: string;
  payload: Json;
  payloadText: string;
  /** The payload was erased (a patient's request or a retention period): only what the chain needs is left. */
  erased?: true;
  prevHash: string;
  hash: string;
}

/** A stream and its recorded head (undefined when events exist without a head row). */
export interface AuditStreamHead {
  stream: string;
  head?: { seq: number; hash: string };
}
