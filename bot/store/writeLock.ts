/**
 * An in-process mutex around SQLite write transactions. better-sqlite3 waits for a lock
 * synchronously (busy_timeout): if the group commit waited for a lock held by an open Prisma
 * transaction of this same process, that transaction could never reach COMMIT while the event
 * loop is blocked. So every multi-statement write of the process (the group commit when its
 * writer runs in the event loop, admin audit appends, flow publication,
 * `PrismaStore.writeTransaction`) takes this lock first. The writer thread (sqliteWriterThread.ts)
 * waits in its own thread, so the group commit does not take it there.
 */
export class WriteLock {
  #tail: Promise<void> = Promise.resolve();

  /** Runs `fn` when every earlier holder has finished; resolves with its result. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.#tail.then(fn);
    this.#tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }
}
