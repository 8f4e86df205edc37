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

  it("with maxInFlight 2 but no full batch waiting, keeps one batch out so turns arriving meanwhile commit together", async () => {
    const writer = new HeldWriter();
    const committer = new GroupCommitter({ writer, log }, { maxBatch: 4, maxInFlight: 2 });
    const first = committer.submit(makeTurn("a", "c1", { isNew: true }));
    await tick();
    const later = ["b", "c", "d"].map((id) => committer.submit(makeTurn(id, "c1", { isNew: true })));
    await tick();
    expect(writer.batches.map((b) => b.map((t) => t.session.id))).toEqual([["a"]]);
    writer.releaseOne();
    await first;
    await tick(); // the settled batch schedules the next flush,
    await tick(); // which runs on the following turn of the event loop
    expect(writer.batches.map((b) => b.map((t) => t.session.id))).toEqual([["a"], ["b", "c", "d"]]);
    writer.releaseOne();
    await Promise.all(later);
    expect(writer.maxSeen).toBe(1);
  });

  it("eager: hands a lone turn to an idle writer at the end of the current task, before pending I/O callbacks run", async () => {
    const eager = new HeldWriter();
    const lazy = new HeldWriter();
    new GroupCommitter({ writer: eager, log }, { eager: true }).submit(makeTurn("e", "c1", { isNew: true }));
    new GroupCommitter({ writer: lazy, log }).submit(makeTurn("l", "c1", { isNew: true }));
    await Promise.resolve();
    await Promise.resolve();
    expect(eager.batches).toHaveLength(1);
    expect(lazy.batches).toHaveLength(0); // waits for setImmediate, after the I/O callbacks
    await tick();
    expect(lazy.batches).toHaveLength(1);
    eager.releaseOne();
    lazy.releaseOne();
  });
});
