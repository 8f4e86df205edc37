import { describe, expect, it } from "vitest";
import { STORE_VARIANTS, count, makeTurn, openTestStore, rawQuery } from "./storeFixtures.js";
import { useTestStore } from "./useTestStore.js";

describe.each(STORE_VARIANTS)("commitTurn on $name", ({ driver, options }) => {
  const db = useTestStore(driver, options);

  it("writes the session, its messages, the idempotency row, the audit events and the stream head in one commit", async () => {
    const reply = await db.store.commitTurn(makeTurn("s-atomic", "c1", { isNew: true, resumeTokenHash: "h-atomic" }));
    expect(reply).toMatchObject({ sessionId: "s-atomic", clientMessageId: "c1", status: "active" });
    expect(reply.messages.map((m) => m.seq)).toEqual([1, 2]);
    expect(await count(db.store, "sessions", "id = ?", "s-atomic")).toBe(1);
    expect(await count(db.store, "messages", "session_id = ?", "s-atomic")).toBe(2);
    expect(await count(db.store, "turns", "session_id = ?", "s-atomic")).toBe(1);
    expect(await count(db.store, "audit_events", "stream = ?", "s-atomic")).toBe(2);
    const [head] = await rawQuery<{ head_seq: number }>(db.store, "SELECT head_seq FROM audit_streams WHERE stream = ?", "s-atomic");
    expect(Number(head!.head_seq)).toBe(2);
    const session = await db.store.getSession("s-atomic");
    expect(session).toMatchObject({
      id: "s-atomic",
      flowSlug: "chest-pain",
      flowVersion: 1,
      locale: "fr",
      status: "active",
      channel: "web",
      state: { frames: [] },
    });
  });

  it("a later turn changes what a turn can change and keeps what the session started with", async () => {
    await db.store.commitTurn(makeTurn("s-later", "c1", { isNew: true, resumeTokenHash: "h-later" }));
    const later = makeTurn("s-later", "c2", { handoff: true });
    const frame = {
      slug: "chest-pain",
      version: 1,
      snapshot: { value: "q2", status: "active" as const, context: { answers: { q1: true }, carried: [], answered: ["q1"], trail: ["q1", "q2"], reasons: [] } },
    };
    later.session = { ...later.session, locale: "en", urgency: "URGENT", state: { frames: [frame] } };
    await db.store.commitTurn(later);
    const expected = {
      id: "s-later",
      flowSlug: "chest-pain",
      flowVersion: 1,
      channel: "web",
      locale: "en",
      status: "handoff",
      urgency: "URGENT",
      state: { frames: [frame] },
    };
    expect(await db.store.getSession("s-later")).toMatchObject(expected);
    expect(await db.store.findSessionByResumeTokenHash("h-later")).toMatchObject(expected);
  });

  it("opens a hand-off case in the same transaction as the turn that asked for it", async () => {
    await db.store.commitTurn(makeTurn("s-handoff", "c1", { isNew: true }));
    await db.store.commitTurn(makeTurn("s-handoff", "c2", { handoff: true }));
    const cases = await db.store.prisma.handoffCase.findMany({ where: { sessionId: "s-handoff" } });
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ state: "open", urgency: "URGENT", cause: "patient_request", firstReason: "asked for a human" });
    expect(cases[0]!.slaDeadline).toBeInstanceOf(Date);
  });

  it("numbers messages contiguously per session across turns", async () => {
    await db.store.commitTurn(makeTurn("s-seq", "c0", { isNew: true }));
    for (let i = 1; i <= 5; i += 1) await db.store.commitTurn(makeTurn("s-seq", `c${i}`));
    const messages = await db.store.messagesAfter("s-seq", 0);
    expect(messages.map((m) => m.seq)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it("returns the messages after a sequence number, in order, as they were committed", async () => {
    const first = await db.store.commitTurn(makeTurn("s-after", "c1", { isNew: true }));
    const second = await db.store.commitTurn(makeTurn("s-after", "c2"));
    expect(await db.store.messagesAfter("s-after", 2)).toEqual(second.messages);
    expect(await db.store.messagesAfter("s-after", 0)).toEqual([...first.messages, ...second.messages]);
    expect(await db.store.messagesAfter("s-after", 4)).toEqual([]);
  });

  it("finds a session by the hash of its resume token", async () => {
    await db.store.commitTurn(makeTurn("s-resume", "c1", { isNew: true, resumeTokenHash: "hash-of-token" }));
    await db.store.commitTurn(makeTurn("s-resume", "c2"));
    expect((await db.store.findSessionByResumeTokenHash("hash-of-token"))?.id).toBe("s-resume");
    expect(await db.store.findSessionByResumeTokenHash("unknown")).toBeUndefined();
  });

  it("reads a committed client message id's reply with the session, and refuses a retry computed before it, writing nothing new", async () => {
    await db.store.commitTurn(makeTurn("s-idem", "c0", { isNew: true }));
    const read = await db.store.readTurn("s-idem", "c1");
    expect(read?.earlier).toBeUndefined();
    const { version: _version, ...first } = await db.store.commitTurn(makeTurn("s-idem", "c1", { base: read!.session.version }));
    const again = db.store.commitTurn(makeTurn("s-idem", "c1", { text: "a different retry", base: read!.session.version }));
    await expect(again).rejects.toMatchObject({ code: "TRIAGE_SESSION_CONFLICT" });
    expect((await db.store.readTurn("s-idem", "c1"))?.earlier).toEqual(first);
    expect(await count(db.store, "messages", "session_id = ?", "s-idem")).toBe(4);
    expect(await count(db.store, "audit_events", "stream = ?", "s-idem")).toBe(4);
  });

  it("commits one of concurrent deliveries computed from one read and refuses the others as conflicts", async () => {
    await db.store.commitTurn(makeTurn("s-dup", "c0", { isNew: true }));
    const { session } = (await db.store.readTurn("s-dup", "c1"))!;
    const results = await Promise.allSettled([1, 2, 3].map(() => db.store.commitTurn(makeTurn("s-dup", "c1", { base: session.version }))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason.code)).toEqual([
      "TRIAGE_SESSION_CONFLICT",
      "TRIAGE_SESSION_CONFLICT",
    ]);
    expect(await count(db.store, "turns", "session_id = ?", "s-dup")).toBe(2);
    expect(await count(db.store, "messages", "session_id = ?", "s-dup")).toBe(4);
  });

  it("commits many concurrent turns in fewer transactions than turns, and resolves them all", async () => {
    const sessions = Array.from({ length: 100 }, (_, i) => `s-group-${i}`);
    const before = db.store.stats.transactions;
    const replies = await Promise.all(sessions.map((id) => db.store.commitTurn(makeTurn(id, "c1", { isNew: true }))));
    expect(replies).toHaveLength(100);
    const transactions = db.store.stats.transactions - before;
    expect(transactions).toBeLessThan(100);
    expect(transactions).toBeGreaterThanOrEqual(2); // 64 turns at most per batch
    expect(await count(db.store, "sessions", "id LIKE ?", "s-group-%")).toBe(100);
  });

  it("refuses a session created twice and a turn of a session that does not exist as conflicts, and commits the rest of the batch", async () => {
    await db.store.commitTurn(makeTurn("s-exists", "c0", { isNew: true }));
    const results = await Promise.allSettled([
      db.store.commitTurn(makeTurn("s-ok-1", "c1", { isNew: true })),
      db.store.commitTurn(makeTurn("s-exists", "c-again", { isNew: true })),
      db.store.commitTurn(makeTurn("s-unknown", "c1", { base: { seq: 2, hash: "0".repeat(64), lastMessageSeq: 2 } })),
      db.store.commitTurn(makeTurn("s-ok-2", "c1", { isNew: true })),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "rejected", "fulfilled"]);
    // The coded error reaches the caller as thrown, whichever thread wrote the batch.
    expect(results[1]).toMatchObject({ status: "rejected", reason: { code: "TRIAGE_SESSION_CONFLICT" } });
    expect(results[2]).toMatchObject({ status: "rejected", reason: { code: "TRIAGE_SESSION_CONFLICT" } });
    expect(await count(db.store, "sessions", "id IN (?, ?)", "s-ok-1", "s-ok-2")).toBe(2);
    expect(await count(db.store, "sessions", "id = ?", "s-unknown")).toBe(0);
  });

  it("rejects only the faulty turn of a failed batch and commits the others", async () => {
    await db.store.commitTurn(makeTurn("s-faulty", "c0", { isNew: true }));
    const current = (await db.store.readTurn("s-faulty", "c0"))!.session.version;
    const failedBefore = db.store.stats.failedBatches;
    const results = await Promise.allSettled([
      db.store.commitTurn(makeTurn("s-fine-1", "c1", { isNew: true })),
      // A client message id committed already, on the current version: only a caller that skipped readTurn sends this.
      db.store.commitTurn(makeTurn("s-faulty", "c0", { base: current })),
      db.store.commitTurn(makeTurn("s-fine-2", "c1", { isNew: true })),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(db.store.stats.failedBatches).toBeGreaterThan(failedBefore);
    expect(await count(db.store, "audit_events", "stream = ?", "s-faulty")).toBe(2);
  });

  it("continues a session that another store moved on from the version read, with nothing cached", async () => {
    await db.store.commitTurn(makeTurn("s-moved", "c1", { isNew: true }));
    const other = await openTestStore(db.database.url, options);
    await other.commitTurn(makeTurn("s-moved", "c2"));
    await other.close();
    const failedBefore = db.store.stats.failedBatches;
    const reply = await db.store.commitTurn(makeTurn("s-moved", "c3", { base: (await db.store.readTurn("s-moved", "c3"))!.session.version }));
    expect(db.store.stats.failedBatches).toBe(failedBefore);
    expect(reply.messages.map((m) => m.seq)).toEqual([5, 6]);
    expect(await count(db.store, "audit_events", "stream = ?", "s-moved")).toBe(6);
  });
});
