import { createPrivateKey, createPublicKey, generateKeyPairSync, hash, type KeyObject } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { CodedError } from "../errors.js";

/*
 * The audit signing key: Ed25519, kept outside the database (a file or an environment variable),
 * so that someone who can rewrite the database cannot sign a checkpoint that matches the rewrite.
 */

/** A key text larger than this is not an Ed25519 key (a PKCS#8 PEM is about 120 bytes). */
const MAX_KEY_TEXT = 16 * 1024;

/** The audit signing key cannot be used (TRIAGE_AUDIT_KEY_INVALID, bot/errors.ts). */
export class AuditKeyError extends CodedError<"TRIAGE_AUDIT_KEY_INVALID"> {
  constructor(message: string) {
    super("TRIAGE_AUDIT_KEY_INVALID", message);
    this.name = "AuditKeyError";
  }
}

/** Where the key comes from: `AUDIT_SIGNING_KEY_FILE` (a path) or `AUDIT_SIGNING_KEY` (the PEM itself). */
export interface SigningKeySource {
  AUDIT_SIGNING_KEY_FILE?: string | undefined;
  AUDIT_SIGNING_KEY?: string | undefined;
}

/** Given PEM text (or base64 of the PKCS#8 DER), returns the Ed25519 private key, or throws a coded error. */
export function parseSigningKey(text: string): KeyObject {
  if (text.length > MAX_KEY_TEXT) throw new AuditKeyError("the audit signing key is too large to be an Ed25519 key");
  // Environment variables often carry "\n" escaped.
  const pem = text.includes("\\n") ? text.replace(/\\n/g, "\n") : text;
  let key: KeyObject;
  try {
    key = pem.includes("-----BEGIN") ? createPrivateKey(pem) : createPrivateKey({ key: Buffer.from(pem.trim(), "base64"), format: "der", type: "pkcs8" });
  } catch {
    throw new AuditKeyError("the audit signing key is not a PKCS#8 private key (generate one with `triage audit keygen`)");
  }
  if (key.asymmetricKeyType !== "ed25519") throw new AuditKeyError(`the audit signing key is ${key.asymmetricKeyType ?? "not asymmetric"}, not Ed25519`);
  return key;
}

/** Given PEM text of a public key (or of the private key, whose public half is taken), returns the Ed25519 public key. */
export function parsePublicKey(text: string): KeyObject {
  if (text.length > MAX_KEY_TEXT) throw new AuditKeyError("the audit public key is too large to be an Ed25519 key");
  let key: KeyObject;
  try {
    key = text.includes("PRIVATE KEY") ? createPublicKey(parseSigningKey(text)) : createPublicKey(text);
  } catch (error) {
    if (error instanceof AuditKeyError) throw error;
    throw new AuditKeyError("the audit public key is not a PEM public key");
  }
  if (key.asymmetricKeyType !== "ed25519") throw new AuditKeyError(`the audit public key is ${key.asymmetricKeyType ?? "not asymmetric"}, not Ed25519`);
  return key;
}

/** Reads a key file with a size limit. */
export function readKeyFile(path: string): string {
  const size = statSync(path, { throwIfNoEntry: false })?.size;
  if (size === undefined) throw new AuditKeyError(`no key file at ${path}`);
  if (size > MAX_KEY_TEXT) throw new AuditKeyError(`${path} is too large to be an Ed25519 key`);
  return readFileSync(path, "utf8");
}

/** Given the configuration, returns the signing key, or undefined when none is configured. */
export function loadSigningKey(source: SigningKeySource): KeyObject | undefined {
  if (source.AUDIT_SIGNING_KEY_FILE) return parseSigningKey(readKeyFile(source.AUDIT_SIGNING_KEY_FILE));
  if (source.AUDIT_SIGNING_KEY) return parseSigningKey(source.AUDIT_SIGNING_KEY);
  return undefined;
}

/** A short name for a public key, written in every checkpoint: the first 16 hex of SHA-256 over its SPKI DER. */
export function keyIdOf(key: KeyObject): string {
  const publicKey = key.type === "private" ? createPublicKey(key) : key;
  return hash("sha256", publicKey.export({ type: "spki", format: "der" }), "hex").slice(0, 16);
}

/** A new Ed25519 key pair as PEM (private: PKCS#8, public: SPKI) with its key id. */
export function generateSigningKey(): { privatePem: string; publicPem: string; keyId: string } {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    privatePem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    keyId: keyIdOf(publicKey),
  };
}
