import pino from "pino";
import { describe, expect, it } from "vitest";
import type { CommittedTurn, TurnCommit } from "../../bot/engine/ports.js";
import { GroupCommitter, type TurnWriter } from "../../bot/store/groupCommit.js";
import { makeTurn } from "./storeFixtures.js";

/** A writer at the port boundary whose commits finish when the test says so: it shows what the committer hands over, and when. */
class HeldWriter implements TurnWriter {
  readonly batches: TurnCommit[][] = [];
  readonly #release: (() => void)[] = [];
  inFlight = 0;
  maxSeen = 0;

  commitBatch(turns: TurnCommit[]): Promise<CommittedTurn[]> {
    this.batches.push(turns);
    this.inFlight += 1;
    this.maxSeen = Math.max(this.maxSeen, this.inFlight);
    return new Promise((resolve) =>
      this.#release.push(() => {
        this.inFlight -= 1;
        resolve(turns.map((t) => ({ sessionId: t.session.id, clientMessageId: t.clientMessageId, messages: [], status: t.session.status })));
      }),
    );
  }

  /** Finishes the oldest commit still held. */
  releaseOne(): void {
    this.#release.shift()?.();
  }

  forget(): void {}
  async close(): Promise<void> {}
}

const log = pino({ level: "silent" });
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("group commit with batches in flight", () => {
  it("hands the writer one batch at a time by default", async () => {
    const writer = new HeldWriter();
    const committer = new GroupCommitter({ writer, log }, { maxBatch: 2 });
    const replies = Array.from({ length: 6 }, (_, i) => committer.submit(makeTurn(`s${i}`, "c1", { isNew: true })));
    await tick();
    expect(writer.batches).toHaveLength(1);
    for (let i = 0; i < 3; i++) {
      writer.releaseOne();
      await tick();
    }
    await Promise.all(replies);
    expect(writer.batches.map((b) => b.length)).toEqual([2, 2, 2]);
    expect(writer.maxSeen).toBe(1);
  });

  it("with maxInFlight 2, has the next batch at the writer while the first commits, never more, and resolves every turn", async () => {
    const writer = new HeldWriter();
    const committer = new GroupCommitter({ writer, log }, { maxBatch: 2, maxInFlight: 2 });
    const replies = Array.from({ length: 7 }, (_, i) => committer.submit(makeTurn(`s${i}`, "c1", { isNew: true })));
    await tick();
    expect(writer.batches).toHaveLength(2);
    while (writer.inFlight > 0) {
      writer.releaseOne();
      await tick();
    }
    const committed = await Promise.all(replies);
    expect(committed.map((c) => c.sessionId)).toEqual(["s0", "s1", "s2", "s3", "s4", "s5", "s6"]);
    expect(writer.batches.flat()).toHaveLength(7);
    expect(writer.maxSeen).toBe(2);
    await committer.drain();
    expect(committer.stats).toMatchObject({ turns: 7, transactions: 4, failedBatches: 0 });
  });
});
