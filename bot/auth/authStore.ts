import type { Role } from "./roles.js";

/*
 * What console authentication needs from storage. The Prisma implementations live in bot/store
 * (userRepository.ts, consoleSessionRepository.ts); tests may inject others.
 */

/** A console account as the console sees it (never the password hash). */
export interface ConsoleUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  active: boolean;
  createdAt: string;
}

export interface NewUser {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  passwordHash: string;
}

export interface UserStore {
  /** The account with this email (lower-cased) and its password hash. */
  findByEmail(email: string): Promise<{ user: ConsoleUser; passwordHash: string } | undefined>;
  findById(id: string): Promise<ConsoleUser | undefined>;
  /** Creates an account; throws TRIAGE_CONFLICT when the email is taken. */
  create(user: NewUser): Promise<ConsoleUser>;
  list(): Promise<ConsoleUser[]>;
  count(): Promise<number>;
}

/** A console session as stored: the token's hash only. */
export interface StoredConsoleSession {
  tokenHash: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface ConsoleSessionStore {
  create(session: StoredConsoleSession): Promise<void>;
  find(tokenHash: string): Promise<StoredConsoleSession | undefined>;
  /** Moves the idle expiry forward (only ever forward). */
  extend(tokenHash: string, expiresAt: Date): Promise<void>;
  delete(tokenHash: string): Promise<void>;
  /** Removes expired sessions; returns how many. */
  deleteExpired(now: Date): Promise<number>;
}
