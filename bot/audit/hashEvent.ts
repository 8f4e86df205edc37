import { hash } from "node:crypto";
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

/**
 * Given a JSON value, returns its RFC 8785 (JCS) canonical text: keys sorted by UTF-16 code units,
 * numbers and strings as ECMAScript's JSON.stringify writes them. Same output as the `canonicalize`
 * package (test/audit/hashEvent.test.ts checks it on random values), written without its
 * per-key string concatenation because it runs for every audit event on the hot path.
 */
export function canonicalJson(value: Json): string {
  return serialize(value === undefined ? null : value);
}

function serialize(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value)) throw new Error("audit payload holds a non-finite number");
    const text = JSON.stringify(value);
    if (text === undefined) throw new Error("audit payload is not JSON");
    return text;
  }
  const withJson = value as { toJSON?: unknown };
  if (typeof withJson.toJSON === "function") return serialize((withJson.toJSON as () => unknown).call(value));
  if (Array.isArray(value)) {
    const parts: string[] = [];
    for (const item of value) parts.push(item === undefined || typeof item === "symbol" || typeof item === "function" ? "null" : serialize(item));
    return `[${parts.join(",")}]`;
  }
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const item = record[key];
    if (item === undefined || typeof item === "symbol" || typeof item === "function") continue;
    parts.push(`${JSON.stringify(key)}:${serialize(item)}`);
  }
  return `{${parts.join(",")}}`;
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
  return hash("sha256", canonicalEventText(fields, payloadText), "hex");
}

/** Given an audit event's fields, returns its hash (SHA-256 hex over RFC 8785 canonical JSON). */
export function hashEvent(fields: HashedEventFields): string {
  return hashCanonicalEvent(fields, canonicalJson(fields.payload));
}
