/**
 * An in-process lock around SQLite write transactions. better-sqlite3 waits for a lock
 * synchronously (busy_timeout), and a Prisma transaction that read before it writes fails at once
 * (SQLITE_BUSY_SNAPSHOT, no busy wait) when another connection committed in between. So every
 * multi-statement Prisma write of the process (admin audit appends, flow publication, case
 * claims, `PrismaStore.writeTransaction`) holds this lock exclusively, and the group commit holds
 * it shared: its batches may overlap each other (two in flight with the writer thread), never a
 * Prisma transaction. Waiters are served in order, so a Prisma transaction is not starved.
 */
export class WriteLock {
  #shared = 0;
  #exclusive = false;
  readonly #waiting: { exclusive: boolean; start: () => void }[] = [];

  /** Runs `fn` alone: when every earlier holder has finished, and no one else until it has. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.#acquire(true, fn);
  }

  /** Runs `fn` alongside other shared holders, but never with an exclusive one. */
  runShared<T>(fn: () => Promise<T>): Promise<T> {
    return this.#acquire(false, fn);
  }

  #acquire<T>(exclusive: boolean, fn: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const start = () => {
        if (exclusive) this.#exclusive = true;
        else this.#shared += 1;
        const release = () => {
          if (exclusive) this.#exclusive = false;
          else this.#shared -= 1;
          this.#next();
        };
        let result: Promise<T>;
        try {
          result = fn();
        } catch (error) {
          result = Promise.reject(error);
        }
        result.then(resolve, reject).finally(release);
      };
      this.#waiting.push({ exclusive, start });
      this.#next();
    });
  }

  #next(): void {
    while (this.#waiting.length > 0 && !this.#exclusive) {
      const head = this.#waiting[0]!;
      if (head.exclusive && this.#shared > 0) return;
      this.#waiting.shift();
      head.start();
      if (head.exclusive) return;
    }
  }
}
