import { randomBytes } from "node:crypto";
import { hash, verify, type Algorithm } from "@node-rs/argon2";

/*
 * Console passwords: argon2id with the library's defaults (19 MiB, 2 passes, OWASP's minimum
 * recommendation). The PHC string stores its own parameters, so raising them later keeps old
 * hashes verifiable.
 */

/** Algorithm.Argon2id: the package declares it as an ambient const enum, which isolatedModules cannot read. */
const ARGON2ID = 2 as Algorithm.Argon2id;

/** Passwords shorter than this are refused when an account is created. */
export const MIN_PASSWORD_LENGTH = 12;

/** Given a password, returns its argon2id PHC string. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

/** Given a stored PHC string and a password, returns whether they match (false on a malformed hash). */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash of a random secret: verified against when the email is unknown, so both paths cost the same. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString("hex"));
  return decoy;
}

/** Returns a random password of 20 characters from an alphabet without look-alikes (printed once). */
export function generatePassword(length = 20): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  const bytes = randomBytes(length * 2);
  let out = "";
  // Rejection sampling keeps every character equally likely (256 is not a multiple of 57).
  for (const byte of bytes) {
    if (byte >= alphabet.length * Math.floor(256 / alphabet.length)) continue;
    out += alphabet[byte % alphabet.length];
    if (out.length === length) return out;
  }
  return out + generatePassword(length - out.length);
}
