import type { AuditAppender } from "../audit/appendAdminEvent.js";
import { appendAdminEvent } from "../audit/appendAdminEvent.js";
import { ConsoleError } from "../errors.js";
import type { Clock, Ids } from "../engine/ports.js";
import type { Logger } from "../logger.js";
import type { ConsoleSessionStore, ConsoleUser, UserStore } from "./authStore.js";
import { decoyHash, generatePassword, hashPassword, verifyPassword } from "./passwordHash.js";
import { checkPassword } from "./passwordPolicy.js";
import type { Role } from "./roles.js";
import { hashSessionToken, newSessionToken } from "./sessionToken.js";
import type { SignInLimiter } from "./signInLimiter.js";

export interface SessionLifetime {
  /** A session unused for this long ends. */
  idleMinutes: number;
  /** A session ends this long after sign-in, used or not. */
  absoluteMinutes: number;
}

/** 4 h idle covers a quiet on-call stretch; 12 h absolute is one shift (OWASP Session Management). */
export const DEFAULT_SESSION_LIFETIME: SessionLifetime = { idleMinutes: 4 * 60, absoluteMinutes: 12 * 60 };

export interface ConsoleAuthDeps {
  users: UserStore;
  sessions: ConsoleSessionStore;
  limiter: SignInLimiter;
  audit: AuditAppender;
  clock: Clock;
  ids: Ids;
  lifetime?: SessionLifetime;
  logger?: Pick<Logger, "info" | "warn">;
}

export type SignInResult =
  | { ok: true; user: ConsoleUser; token: string; expiresAt: Date }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "locked"; retryAfterSeconds: number };

/** A signed-in console user and the session they came with. */
export interface ConsoleIdentity {
  user: ConsoleUser;
  tokenHash: string;
  expiresAt: Date;
}

/** Don't write the idle expiry on every request: only once it would move by this much. */
const EXTEND_STEP_MS = 60_000;

/**
 * Console sign-in, sessions and accounts: argon2id passwords, server-side sessions keyed by the
 * SHA-256 of a random token (the cookie holds the token), idle and absolute expiry, back-off
 * after failed sign-ins, and an admin-stream audit event for every sign-in, failure and sign-out.
 */
export class ConsoleAuth {
  readonly lifetime: SessionLifetime;

  constructor(private readonly deps: ConsoleAuthDeps) {
    this.lifetime = deps.lifetime ?? DEFAULT_SESSION_LIFETIME;
  }

  /** Given an email, a password and the client's IP, signs in or says why not (audited either way). */
  async signIn(input: { email: string; password: string; ip: string }): Promise<SignInResult> {
    const { users, sessions, limiter, clock, audit } = this.deps;
    const email = input.email.trim().toLowerCase();
    const locked = await limiter.check(email, input.ip);
    if (locked.locked) {
      await appendAdminEvent(audit, { stream: "admin", type: "console.login_failed", actor: "anonymous", payload: { email, ip: input.ip, reason: "locked" } });
      return { ok: false, reason: "locked", retryAfterSeconds: locked.retryAfterSeconds };
    }
    const found = await users.findByEmail(email);
    // Unknown emails cost a verification too, so timing does not tell which accounts exist.
    const matches = await verifyPassword(found?.passwordHash ?? (await decoyHash()), input.password);
    if (!found || !matches || !found.user.active) {
      const lock = await limiter.fail(email, input.ip);
      await appendAdminEvent(audit, {
        stream: "admin",
        type: "console.login_failed",
        actor: "anonymous",
        payload: { email, ip: input.ip, reason: !found ? "unknown_email" : !matches ? "wrong_password" : "inactive" },
      });
      return lock.locked ? { ok: false, reason: "locked", retryAfterSeconds: lock.retryAfterSeconds } : { ok: false, reason: "invalid" };
    }
    await limiter.succeed(email, input.ip);
    const token = newSessionToken();
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + Math.min(this.lifetime.idleMinutes, this.lifetime.absoluteMinutes) * 60_000);
    await sessions.create({ tokenHash: hashSessionToken(token), userId: found.user.id, createdAt: now, expiresAt });
    await appendAdminEvent(audit, { stream: "admin", type: "console.login", actor: found.user.id, payload: { ip: input.ip, role: found.user.role } });
    this.deps.logger?.info({ userId: found.user.id }, "console: signed in");
    return { ok: true, user: found.user, token, expiresAt };
  }

  /**
   * Given a session token (from the cookie), returns who it belongs to, or undefined when it is
   * unknown, expired (idle or absolute) or its account is disabled. Moves the idle expiry on.
   */
  async authenticate(token: string | undefined): Promise<ConsoleIdentity | undefined> {
    if (!token || token.length > 200) return undefined;
    const { sessions, users, clock } = this.deps;
    const tokenHash = hashSessionToken(token);
    const session = await sessions.find(tokenHash);
    if (!session) return undefined;
    const now = clock.now().getTime();
    const absoluteEnd = session.createdAt.getTime() + this.lifetime.absoluteMinutes * 60_000;
    if (now >= session.expiresAt.getTime() || now >= absoluteEnd) {
      await sessions.delete(tokenHash);
      return undefined;
    }
    const user = await users.findById(session.userId);
    if (!user || !user.active) return undefined;
    let expiresAt = session.expiresAt;
    const slid = Math.min(now + this.lifetime.idleMinutes * 60_000, absoluteEnd);
    if (slid - expiresAt.getTime() >= EXTEND_STEP_MS) {
      expiresAt = new Date(slid);
      await sessions.extend(tokenHash, expiresAt);
    }
    return { user, tokenHash, expiresAt };
  }

  /** Ends the session of this token (audited); unknown tokens are ignored. */
  async signOut(token: string | undefined): Promise<void> {
    if (!token) return;
    const { sessions, audit } = this.deps;
    const tokenHash = hashSessionToken(token);
    const session = await sessions.find(tokenHash);
    if (!session) return;
    await sessions.delete(tokenHash);
    await appendAdminEvent(audit, { stream: "admin", type: "console.logout", actor: session.userId, payload: {} });
  }

  /**
   * Creates an account (audited as `user.created` by `actor`). Without a password, one is
   * generated and returned: it is shown once and never stored in clear.
   */
  async addUser(
    input: { email: string; role: Role; displayName?: string; password?: string },
    actor: string,
  ): Promise<{ user: ConsoleUser; password: string; generated: boolean }> {
    const email = input.email.trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254)
      throw new ConsoleError("CONSOLE_INVALID_REQUEST", "not an email address", { field: "email" });
    const generated = input.password === undefined;
    const password = input.password ?? generatePassword();
    if (!generated) {
      const verdict = checkPassword(password, [email, input.displayName ?? ""]);
      if (!verdict.ok) throw new ConsoleError("CONSOLE_WEAK_PASSWORD", verdict.message.en, { field: "password", reason: verdict.reason, ...verdict.message });
    }
    const user = await this.deps.users.create({
      id: this.deps.ids.newId(),
      email,
      displayName: (input.displayName ?? email.split("@")[0] ?? email).trim().slice(0, 80),
      role: input.role,
      passwordHash: await hashPassword(password),
    });
    await appendAdminEvent(this.deps.audit, { stream: "admin", type: "user.created", actor, payload: { userId: user.id, email, role: user.role } });
    return { user, password, generated };
  }

  /** Removes expired sessions (housekeeping; expiry is enforced on every request anyway). */
  purgeExpired(): Promise<number> {
    return this.deps.sessions.deleteExpired(this.deps.clock.now());
  }
}
