import { createHash } from "node:crypto";

/** Given a resume token, returns what the store keeps instead of it: its SHA-256, hex. */
export function hashResumeToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
