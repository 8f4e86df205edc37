import { createHash, randomBytes } from "node:crypto";

/** Returns a new console session token: 32 random bytes, base64url (the cookie's value). */
export function newSessionToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Given a session token, returns what the store keeps instead of it: its SHA-256, hex. */
export function hashSessionToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
