import type { Bus, BusEvent } from "../engine/ports.js";

/**
 * The in-process Bus (one instance, no other process to reach). Handlers run synchronously, in
 * subscription order, when an event is published; a handler that throws is reported to `onError`
 * and does not stop the others (a broken live view must not break a patient's turn).
 */
export class MemoryBus implements Bus {
  readonly #handlers = new Set<(event: BusEvent) => void>();

  constructor(private readonly onError: (error: unknown, event: BusEvent) => void = () => {}) {}

  async publish(event: BusEvent): Promise<void> {
    for (const handler of [...this.#handlers]) {
      try {
        handler(event);
      } catch (error) {
        this.onError(error, event);
      }
    }
  }

  subscribe(handler: (event: BusEvent) => void): () => void {
    // Wrapped so the same function subscribed twice gets two independent subscriptions.
    const subscription = (event: BusEvent) => handler(event);
    this.#handlers.add(subscription);
    return () => {
      this.#handlers.delete(subscription);
    };
  }
}
