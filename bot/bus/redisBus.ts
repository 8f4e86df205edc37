import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import type { Bus, BusEvent } from "../engine/ports.js";
import { MemoryBus } from "./memoryBus.js";

/*
 * The Bus between instances (DESIGN.md, scale-out): an event is delivered at once to this
 * process's subscribers (as MemoryBus does) and published on a Redis channel; the other instances
 * deliver it to theirs. An instance ignores its own echo, so every subscriber sees an event once.
 * Events may carry transcript messages: REDIS_URL must point at a server inside the deployment.
 */

const CHANNEL = "triage:bus:v1";

interface Envelope {
  from: string;
  event: BusEvent;
}

export interface RedisBusOptions {
  url: string;
  onError?: (error: unknown, event?: BusEvent) => void;
}

export class RedisBus implements Bus {
  readonly #id = randomUUID();
  readonly #local: MemoryBus;
  readonly #publisher: Redis;
  readonly #subscriber: Redis;
  readonly #ready: Promise<unknown>;
  readonly #onError: (error: unknown, event?: BusEvent) => void;

  constructor(options: RedisBusOptions) {
    this.#onError = options.onError ?? (() => {});
    this.#local = new MemoryBus(this.#onError);
    // Pub/sub needs a connection of its own: a subscribed connection cannot publish.
    this.#publisher = new Redis(options.url, { lazyConnect: false, maxRetriesPerRequest: 3 });
    this.#subscriber = new Redis(options.url, { lazyConnect: false });
    this.#publisher.on("error", (error) => this.#onError(error));
    this.#subscriber.on("error", (error) => this.#onError(error));
    this.#subscriber.on("message", (_channel: string, text: string) => this.#receive(text));
    this.#ready = this.#subscriber.subscribe(CHANNEL);
  }

  /** Resolves once this instance listens to the other instances. */
  ready(): Promise<unknown> {
    return this.#ready;
  }

  async publish(event: BusEvent): Promise<void> {
    await this.#local.publish(event);
    const envelope: Envelope = { from: this.#id, event };
    try {
      await this.#publisher.publish(CHANNEL, JSON.stringify(envelope));
    } catch (error) {
      // The turn is already committed; other instances' live views miss this event, nothing is lost.
      this.#onError(error, event);
    }
  }

  subscribe(handler: (event: BusEvent) => void): () => void {
    return this.#local.subscribe(handler);
  }

  /** Resolves when both connections are up and Redis answers PING; rejects at once while either is down (readiness, bot/health). */
  async ping(): Promise<void> {
    if (this.#publisher.status !== "ready" || this.#subscriber.status !== "ready") throw new Error("redis connection is not ready");
    await this.#publisher.ping();
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.#subscriber.quit(), this.#publisher.quit()]);
  }

  #receive(text: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(text) as Envelope;
    } catch (error) {
      this.#onError(error);
      return;
    }
    if (envelope.from === this.#id || !envelope.event || typeof envelope.event.type !== "string") return;
    void this.#local.publish(envelope.event);
  }
}
