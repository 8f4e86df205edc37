import type { KeyObject } from "node:crypto";
import { z } from "zod";
import { CHECKPOINT_FORMAT, checkpointSignatureHolds, headsRoot, type ChainHead, type Checkpoint } from "./checkpoint.js";
import type { CheckpointLine } from "./readCheckpointLines.js";
import { keyIdOf } from "./signingKey.js";

/** What the check reads from the database (bot/store/auditHeads.ts). */
export interface AnchorSource {
  recordedHeads(): Promise<{ stream: string; seq: number; hash: string }[]>;
  /** Stored hashes keyed `${seq}:${stream}`. */
  hashesAt(points: { stream: string; seq: number }[]): Promise<Map<string, string>>;
}

/** What a check against the checkpoints found; `kind` says which tampering it is. */
export type CheckpointFinding =
  | { kind: "unreadable"; line: number; message: string }
  | { kind: "forged"; line: number; message: string }
  | { kind: "incomplete"; line: number; message: string }
  | { kind: "deleted" | "truncated" | "rewritten"; stream: string; line: number; message: string };

export interface CheckpointCheck {
  lines: number;
  /** Lines whose signature holds with the given key. */
  trusted: number;
  /** The last trusted checkpoint's time. */
  lastAt?: string;
  /** Chains the trusted checkpoints anchor. */
  anchored: number;
  findings: CheckpointFinding[];
}

const HEX64 = /^[0-9a-f]{64}$/;
const headSchema = z.strictObject({
  stream: z.string().min(1).max(200),
  seq: z.number().int().min(1),
  hash: z.string().regex(HEX64),
  count: z.number().int().min(0),
});
const checkpointSchema = z.strictObject({
  format: z.literal(CHECKPOINT_FORMAT),
  at: z.string().max(40),
  keyId: z.string().max(64),
  streams: z.number().int().min(0),
  root: z.string().regex(HEX64),
  full: z.boolean(),
  heads: z.array(headSchema),
  signature: z.string().max(200),
});

interface Anchor extends ChainHead {
  line: number;
}

const short = (hash: string) => `${hash.slice(0, 12)}…`;

/**
 * Given the lines of a checkpoints file, the public key and the database, checks the database
 * against every checkpoint whose signature holds: a chain the checkpoints know that the database
 * lost (deleted), ends before its anchored seq (truncated), or whose event at the anchored seq has
 * another hash (recomputed). A line whose signature does not hold is reported and not trusted.
 */
export async function verifyCheckpoints(lines: AsyncIterable<CheckpointLine>, publicKey: KeyObject, source: AnchorSource): Promise<CheckpointCheck> {
  const expectedKeyId = keyIdOf(publicKey);
  const findings: CheckpointFinding[] = [];
  /** Per chain, the highest seq any trusted checkpoint anchored. */
  const anchors = new Map<string, Anchor>();
  /** Per chain, the latest checkpoint's head: what the last line's root commits to. */
  const latest = new Map<string, ChainHead>();
  let count = 0;
  let last: { line: number; checkpoint: Checkpoint } | undefined;
  let trusted = 0;
  for await (const line of lines) {
    count += 1;
    if (line.tooLong) {
      findings.push({ kind: "unreadable", line: line.number, message: "longer than any checkpoint" });
      continue;
    }
    let checkpoint: Checkpoint;
    try {
      const parsed = checkpointSchema.safeParse(JSON.parse(line.text));
      if (!parsed.success) throw new Error(parsed.error.issues[0]?.path.join(".") || "format");
      checkpoint = parsed.data;
    } catch (error) {
      findings.push({ kind: "unreadable", line: line.number, message: `not a checkpoint (${(error as Error).message.slice(0, 80)})` });
      continue;
    }
    if (checkpoint.keyId !== expectedKeyId) {
      findings.push({ kind: "forged", line: line.number, message: `signed by key ${checkpoint.keyId.slice(0, 16)}, not by ${expectedKeyId}` });
      continue;
    }
    if (!checkpointSignatureHolds(checkpoint, publicKey)) {
      findings.push({ kind: "forged", line: line.number, message: `the signature does not verify with key ${expectedKeyId} (the line was altered or forged)` });
      continue;
    }
    trusted += 1;
    last = { line: line.number, checkpoint };
    for (const head of checkpoint.heads) {
      latest.set(head.stream, head);
      const anchor = anchors.get(head.stream);
      if (!anchor || head.seq > anchor.seq) anchors.set(head.stream, { ...head, line: line.number });
      else if (head.seq === anchor.seq && head.hash !== anchor.hash) {
        findings.push({
          kind: "rewritten",
          stream: head.stream,
          line: line.number,
          message: `event ${head.seq} was ${short(anchor.hash)} at line ${anchor.line} and ${short(head.hash)} at line ${line.number} (rewritten between checkpoints)`,
        });
      } else if (head.seq < anchor.seq) {
        findings.push({
          kind: "truncated",
          stream: head.stream,
          line: line.number,
          message: `line ${line.number} records seq ${head.seq} after line ${anchor.line} recorded seq ${anchor.seq} (cut between checkpoints)`,
        });
      }
    }
  }
  if (last && headsRoot(latest.values()) !== last.checkpoint.root) {
    findings.push({
      kind: "incomplete",
      line: last.line,
      message: `the last checkpoint commits to ${last.checkpoint.streams} chains but the file's checkpoints give ${latest.size} (lines missing from the file, or chains vanished between checkpoints)`,
    });
  }
  findings.push(...(await compareWithDatabase(anchors, source)));
  return { lines: count, trusted, ...(last ? { lastAt: last.checkpoint.at } : {}), anchored: anchors.size, findings };
}

async function compareWithDatabase(anchors: Map<string, Anchor>, source: AnchorSource): Promise<CheckpointFinding[]> {
  const findings: CheckpointFinding[] = [];
  const stored = new Map((await source.recordedHeads()).map((h) => [h.stream, h]));
  const points = [...anchors.values()].map(({ stream, seq }) => ({ stream, seq }));
  const hashes = await source.hashesAt(points);
  for (const anchor of [...anchors.values()].sort((a, b) => (a.stream < b.stream ? -1 : 1))) {
    const head = stored.get(anchor.stream);
    const at = hashes.get(`${anchor.seq}:${anchor.stream}`);
    const anchored = `checkpoint line ${anchor.line} anchored seq ${anchor.seq}`;
    if (!head && at === undefined) {
      findings.push({ kind: "deleted", stream: anchor.stream, line: anchor.line, message: `the chain is gone from the database (${anchored})` });
    } else if (at === undefined && head && head.seq >= anchor.seq) {
      findings.push({ kind: "rewritten", stream: anchor.stream, line: anchor.line, message: `event ${anchor.seq} is missing from the database (${anchored})` });
    } else if (at === undefined || (head && head.seq < anchor.seq)) {
      findings.push({
        kind: "truncated",
        stream: anchor.stream,
        line: anchor.line,
        message: `the database ends at seq ${head?.seq ?? "?"}, ${anchored} (events removed from the tail)`,
      });
    } else if (at !== anchor.hash) {
      findings.push({
        kind: "rewritten",
        stream: anchor.stream,
        line: anchor.line,
        message: `event ${anchor.seq} hashes to ${short(at)} in the database, ${anchored} with ${short(anchor.hash)} (the chain was edited and recomputed)`,
      });
    }
  }
  return findings;
}
