/**
 * Runs tasks one at a time per key, in arrival order, and tasks of different keys concurrently.
 * ConversationService uses it to keep one process's turns of a session in arrival order without
 * wasted attempts; what keeps instances from overwriting each other is the store's compare-and-set
 * on the session's version (prisma/README.md). A failed task does not block the ones after it.
 */
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    // Forget the key once its last task is done, so idle sessions hold no memory.
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** Keys with a task running or waiting. */
  get size(): number {
    return this.#tails.size;
  }
}
