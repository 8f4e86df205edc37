import { createPublicKey, hash, sign, verify, type KeyObject } from "node:crypto";
import type { Json } from "../engine/ports.js";
import { canonicalJson } from "./hashEvent.js";
import { keyIdOf } from "./signingKey.js";

/*
 * A signed checkpoint of the audit chains, in the manner of Certificate Transparency's signed tree
 * heads (RFC 6962 §3.5): the head of every chain at one moment, signed with a key the database
 * never holds. A checkpoint lists the heads that moved since the previous one sent to the same
 * place (all of them the first time), and commits to the whole set through `root`, so a verifier
 * that folds the lines in order can tell whether it holds every head.
 */

export const CHECKPOINT_FORMAT = "triage-audit-checkpoint/1";

/** One chain's head: its last event's seq and hash, and how many events it held up to there. */
export interface ChainHead {
  stream: string;
  seq: number;
  hash: string;
  count: number;
}

/** What is signed. */
export interface CheckpointBody {
  format: typeof CHECKPOINT_FORMAT;
  /** When the heads were read (ISO 8601). */
  at: string;
  /** The signing key's id (bot/audit/signingKey.ts keyIdOf). */
  keyId: string;
  /** How many chains existed. */
  streams: number;
  /** SHA-256 over every head (not only those listed), sorted by stream: see headsRoot. */
  root: string;
  /** True when `heads` lists every chain, false when only those that moved since the previous checkpoint. */
  full: boolean;
  heads: ChainHead[];
}

export interface Checkpoint extends CheckpointBody {
  /** Ed25519 over the RFC 8785 canonical JSON of the body, base64. */
  signature: string;
}

function byStream(a: ChainHead, b: ChainHead): number {
  return a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0;
}

/** Given every chain's head, returns the root a checkpoint commits to: SHA-256 hex of their canonical JSON, sorted by stream. */
export function headsRoot(heads: Iterable<ChainHead>): string {
  const sorted = [...heads].sort(byStream).map(({ stream, seq, hash: h, count }) => ({ stream, seq, hash: h, count }));
  return hash("sha256", canonicalJson(sorted as unknown as Json), "hex");
}

function signedText(body: CheckpointBody): Buffer {
  return Buffer.from(canonicalJson(body as unknown as Json), "utf8");
}

/** Given every head, those to list, and the private key, returns the signed checkpoint. */
export function signCheckpoint(input: { at: string; all: ChainHead[]; listed: ChainHead[]; full: boolean }, privateKey: KeyObject): Checkpoint {
  const body: CheckpointBody = {
    format: CHECKPOINT_FORMAT,
    at: input.at,
    keyId: keyIdOf(privateKey),
    streams: input.all.length,
    root: headsRoot(input.all),
    full: input.full,
    heads: [...input.listed].sort(byStream),
  };
  return { ...body, signature: sign(null, signedText(body), privateKey).toString("base64") };
}

/** Given a checkpoint and the public key, says whether the signature covers exactly this body. */
export function checkpointSignatureHolds(checkpoint: Checkpoint, publicKey: KeyObject): boolean {
  const { signature, ...body } = checkpoint;
  const key = publicKey.type === "private" ? createPublicKey(publicKey) : publicKey;
  try {
    return verify(null, signedText(body), key, Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}
