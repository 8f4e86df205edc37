import { createHash } from "node:crypto";
import type { SessionRecord } from "./ports.js";

/** A resume token lives this long after its session's last activity unless configured (RESUME_TOKEN_TTL_HOURS). */
export const DEFAULT_RESUME_TOKEN_TTL_MS = 24 * 3_600_000;

/** Given a resume token, returns what the store keeps instead of it: its SHA-256, hex. */
export function hashResumeToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** Given a session, the time now and the token's lifetime, says whether its resume token no longer opens it: closed, or idle too long. */
export function resumeTokenExpired(session: Pick<SessionRecord, "status" | "updatedAt">, now: Date, ttlMs: number): boolean {
  if (session.status === "closed") return true;
  const lastActivity = Date.parse(session.updatedAt);
  return !Number.isFinite(lastActivity) || now.getTime() - lastActivity > ttlMs;
}
