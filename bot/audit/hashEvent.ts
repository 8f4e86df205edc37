import { createHash } from "node:crypto";
import canonicalize from "canonicalize";
import type { Json } from "../engine/ports.js";

/** The prev hash of the first event of every stream. */
export const GENESIS_HASH = "0".repeat(64);

/** The fields an audit event's hash covers. */
export interface HashedEventFields {
  stream: string;
  seq: number;
  /** ISO 8601 text, hashed and stored verbatim. */
  at: string;
  type: string;
  payload: Json;
  prevHash: string;
}

/** Given a JSON value, returns its RFC 8785 (JCS) canonical text. */
export function canonicalJson(value: Json): string {
  const text = canonicalize(value === undefined ? null : value);
  if (text === undefined) throw new Error("audit payload is not JSON");
  return text;
}

/**
 * Given the fields and the payload's canonical text, returns the canonical text of
 * {stream, seq, at, type, payload, prevHash}. Keys are written in JCS order (at, payload, prevHash,
 * seq, stream, type) and strings with JSON.stringify, as RFC 8785 prescribes, so the payload is
 * canonicalised once for both storing and hashing (test/audit/hashEvent.test.ts checks the equivalence).
 */
export function canonicalEventText(fields: Omit<HashedEventFields, "payload">, payloadText: string): string {
  if (!Number.isSafeInteger(fields.seq)) throw new Error("audit seq must be an integer");
  return `{"at":${JSON.stringify(fields.at)},"payload":${payloadText},"prevHash":${JSON.stringify(fields.prevHash)},"seq":${fields.seq},"stream":${JSON.stringify(fields.stream)},"type":${JSON.stringify(fields.type)}}`;
}

/** Given an event's canonical payload text, returns its hash: SHA-256 hex of the canonical event text. */
export function hashCanonicalEvent(fields: Omit<HashedEventFields, "payload">, payloadText: string): string {
  return createHash("sha256").update(canonicalEventText(fields, payloadText)).digest("hex");
}

/** Given an audit event's fields, returns its hash (SHA-256 hex over RFC 8785 canonical JSON). */
export function hashEvent(fields: HashedEventFields): string {
  return hashCanonicalEvent(fields, canonicalJson(fields.payload));
}
