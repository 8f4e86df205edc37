import { describe, expect, it } from "vitest";
import { WriteLock } from "../../bot/store/writeLock.js";

/** A holder that records when it runs and finishes when released. */
function holder(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return {
    release,
    fn: async () => {
      log.push(`${name} in`);
      await done;
      log.push(`${name} out`);
    },
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("the process's SQLite write lock", () => {
  it("lets shared holders (group commit batches) overlap, keeps an exclusive one (a Prisma transaction) alone, in arrival order", async () => {
    const lock = new WriteLock();
    const log: string[] = [];
    const [a, b, x, c] = [holder(log, "a"), holder(log, "b"), holder(log, "x"), holder(log, "c")];
    const runs = [lock.runShared(a.fn), lock.runShared(b.fn), lock.run(x.fn), lock.runShared(c.fn)];
    await tick();
    expect(log).toEqual(["a in", "b in"]); // x waits for both; c waits behind x
    a.release();
    b.release();
    await tick();
    expect(log).toEqual(["a in", "b in", "a out", "b out", "x in"]);
    x.release();
    await tick();
    expect(log.slice(-2)).toEqual(["x out", "c in"]);
    c.release();
    await Promise.all(runs);
  });

  it("releases the lock when a holder throws, and gives the error to its caller", async () => {
    const lock = new WriteLock();
    await expect(lock.run(async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(lock.runShared(async () => "next")).resolves.toBe("next");
  });
});
