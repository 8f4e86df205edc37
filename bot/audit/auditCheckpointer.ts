import type { KeyObject } from "node:crypto";
import type { Logger } from "../logger.js";
import { signCheckpoint, type ChainHead, type Checkpoint } from "./checkpoint.js";

/** What the checkpointer reads: the recorded heads, then counts for those that moved (bot/store/auditHeads.ts). */
export interface HeadSource {
  recordedHeads(): Promise<{ stream: string; seq: number; hash: string }[]>;
  countUpTo(heads: { stream: string; seq: number; hash: string }[]): Promise<ChainHead[]>;
}

/** A place outside the database that keeps checkpoints (a JSON-lines file, a webhook). Throws when it did not take one. */
export interface CheckpointDestination {
  readonly name: string;
  deliver(checkpoint: Checkpoint): Promise<void>;
}

export interface CheckpointerDeps {
  heads: HeadSource;
  key: KeyObject;
  destinations: CheckpointDestination[];
  now(): Date;
  logger: Logger;
}

const headKey = (head: { seq: number; hash: string }) => `${head.seq}:${head.hash}`;

/**
 * Signs the chain heads and hands them to each destination. Each destination gets every head the
 * first time, then only the heads that moved since the last checkpoint it accepted; nothing when
 * nothing moved. A destination that failed gets the heads it missed next time.
 */
export class AuditCheckpointer {
  readonly #deps: CheckpointerDeps;
  /** The heads as last read, with counts. */
  readonly #known = new Map<string, ChainHead>();
  /** Per destination, the heads (seq:hash by stream) of the last checkpoint it accepted. */
  readonly #accepted = new Map<CheckpointDestination, Map<string, string>>();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;

  constructor(deps: CheckpointerDeps) {
    this.#deps = deps;
  }

  /** Reads the heads, signs and delivers; resolves with how many heads each destination was sent (absent: nothing new). */
  async checkpointNow(): Promise<Record<string, number>> {
    const { heads, key, destinations, logger } = this.#deps;
    const at = this.#deps.now().toISOString();
    const recorded = await heads.recordedHeads();
    const present = new Set(recorded.map((h) => h.stream));
    const moved = recorded.filter((h) => this.#known.get(h.stream) === undefined || headKey(this.#known.get(h.stream)!) !== headKey(h));
    for (const head of await heads.countUpTo(moved)) this.#known.set(head.stream, head);
    let vanished = 0;
    for (const stream of [...this.#known.keys()]) {
      if (present.has(stream)) continue;
      this.#known.delete(stream);
      vanished += 1;
    }
    // Chains are never deleted by Triage: one that disappears was removed behind its back.
    if (vanished > 0) logger.warn({ vanished }, "audit chains disappeared from the database since the last checkpoint");
    const all = [...this.#known.values()];
    const sent: Record<string, number> = {};
    for (const destination of destinations) {
      const accepted = this.#accepted.get(destination);
      const listed = accepted ? all.filter((h) => accepted.get(h.stream) !== headKey(h)) : all;
      if (accepted && listed.length === 0 && vanished === 0) continue;
      const checkpoint = signCheckpoint({ at, all, listed, full: !accepted }, key);
      try {
        await destination.deliver(checkpoint);
        this.#accepted.set(destination, new Map(all.map((h) => [h.stream, headKey(h)])));
        sent[destination.name] = listed.length;
        logger.info({ destination: destination.name, listed: listed.length, streams: all.length, full: !accepted }, "audit checkpoint written");
      } catch (error) {
        logger.error(
          { destination: destination.name, err: { code: (error as { code?: string }).code, message: (error as Error).message } },
          "audit checkpoint not delivered; the next one carries its heads",
        );
      }
    }
    return sent;
  }

  /** Checkpoints now, then every `intervalMs` (a tick still running is not doubled). */
  start(intervalMs: number): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => void this.#tick(), intervalMs);
    this.#timer.unref();
    void this.#tick();
  }

  /** Stops the timer, waits for a checkpoint in progress, then writes a last one. */
  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#running;
    await this.#tick();
  }

  #tick(): Promise<void> {
    this.#running ??= this.checkpointNow()
      .then(() => undefined)
      .catch((error: unknown) => this.#deps.logger.error({ err: { message: (error as Error).message } }, "audit checkpoint failed"))
      .finally(() => (this.#running = undefined));
    return this.#running;
  }
}
