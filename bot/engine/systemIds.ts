import { randomBytes } from "node:crypto";
import type { Ids } from "./ports.js";

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

/**
 * Given the time, returns a UUID version 7 (RFC 9562): 48 bits of Unix milliseconds then random
 * bits, so ids sort by creation time, as the Ids port asks, and index well.
 */
export function uuidV7(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const h = hex(bytes);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The Ids port on the system's cryptographic random source. */
export const systemIds: Ids = {
  newId: () => uuidV7(),
  // 32 random bytes: a resume token is a bearer secret; base64url keeps it URL-safe.
  newToken: () => randomBytes(32).toString("base64url"),
};
