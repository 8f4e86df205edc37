import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChains } from "../../bot/audit/verifyChains.js";
import { MemoryBus } from "../../bot/bus/memoryBus.js";
import { ConversationService } from "../../bot/engine/conversationService.js";
import type { Store, TurnCommit } from "../../bot/engine/ports.js";
import { FixedClock } from "../../bot/engine/systemClock.js";
import { systemIds } from "../../bot/engine/systemIds.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { TEST_CONFIG } from "../engine/engineHarness.js";
import { everyKindFlow } from "../engine/fixtures/everyKindFlow.js";
import { STORE_VARIANTS, count, createTestDatabase, makeTurn, openTestStore, type TestDatabase } from "./storeFixtures.js";

/*
 * Issue 23: two runtimes (two stores, as two instances would have) on one database write the same
 * session. A write computed from a read the session has since moved past must be refused, never
 * applied over the newer state, and the service must compute the turn again from a fresh read.
 */

/** The Store port of a real PrismaStore whose next commit of `sessionId` waits until the test lets it go. */
class HeldStore implements Store {
  #release: (() => void) | undefined;
  #hold: Promise<void> | undefined;
  #arrived: (() => void) | undefined;
  /** Resolves when the held commit reached the store. */
  arrived: Promise<void> = Promise.resolve();

  /** The turn reads that reached the store. */
  reads = 0;

  constructor(readonly inner: PrismaStore) {}

  holdNextCommit(): void {
    this.#hold = new Promise((resolve) => (this.#release = resolve));
    this.arrived = new Promise((resolve) => (this.#arrived = resolve));
  }

  release(): void {
    this.#release?.();
  }

  getSession: Store["getSession"] = (id) => this.inner.getSession(id);
  findSessionByResumeTokenHash: Store["findSessionByResumeTokenHash"] = (hash) => this.inner.findSessionByResumeTokenHash(hash);
  readTurn: Store["readTurn"] = (sessionId, clientMessageId) => {
    this.reads += 1;
    return this.inner.readTurn(sessionId, clientMessageId);
  };
  messagesAfter: Store["messagesAfter"] = (sessionId, afterSeq) => this.inner.messagesAfter(sessionId, afterSeq);
  latestFlowVersion: Store["latestFlowVersion"] = (slug) => this.inner.latestFlowVersion(slug);
  flowVersion: Store["flowVersion"] = (slug, version) => this.inner.flowVersion(slug, version);
  commitTurn: Store["commitTurn"] = async (turn) => {
    const hold = this.#hold;
    if (hold) {
      this.#hold = undefined;
      this.#arrived?.();
      await hold;
    }
    return this.inner.commitTurn(turn);
  };
}

describe.each(STORE_VARIANTS)("two runtimes writing one session on $name", ({ driver, options }) => {
  let database: TestDatabase;
  let a: PrismaStore;
  let b: PrismaStore;
  const clock = new FixedClock("2026-03-02T10:00:00.000Z");

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    a = await openTestStore(database.url, options);
    b = await openTestStore(database.url, options);
    await a.publishFlowVersion({ definition: everyKindFlow(), author: "test", changeNote: "fixture" });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await database?.drop();
  });

  /** A turn built from what `read` returned, as the engine builds it: the session it read, carrying the version it read. */
  async function turnFrom(store: PrismaStore, sessionId: string, clientMessageId: string, change: Partial<TurnCommit["session"]> = {}): Promise<TurnCommit> {
    const read = await store.readTurn(sessionId, clientMessageId);
    if (!read) throw new Error(`no session ${sessionId}`);
    const turn = makeTurn(sessionId, clientMessageId);
    return { ...turn, session: { ...read.session, ...change, updatedAt: turn.session.updatedAt }, base: read.session.version };
  }

  it("refuses, with TRIAGE_SESSION_CONFLICT, a turn computed before another store closed the session, and writes nothing of it", async () => {
    await a.commitTurn(makeTurn("s-closed", "c1", { isNew: true }));
    const late = await turnFrom(a, "s-closed", "a-late");
    await b.commitTurn(await turnFrom(b, "s-closed", "b-close", { status: "closed" }));

    await expect(a.commitTurn(late)).rejects.toMatchObject({ code: "TRIAGE_SESSION_CONFLICT" });
    expect((await a.getSession("s-closed"))?.status).toBe("closed");
    expect((await b.getSession("s-closed"))?.status).toBe("closed");
    expect(await count(a, "turns", "session_id = ? AND client_message_id = ?", "s-closed", "a-late")).toBe(0);
    expect(await count(a, "messages", "session_id = ?", "s-closed")).toBe(4);
    expect(await count(a, "audit_events", "stream = ?", "s-closed")).toBe(4);
  });

  it("refuses a stale turn even when the newer write added no transcript message", async () => {
    await a.commitTurn(makeTurn("s-quiet", "c1", { isNew: true }));
    const late = await turnFrom(a, "s-quiet", "a-late");
    const note = await turnFrom(b, "s-quiet", "b-note", { urgency: "URGENT" });
    await b.commitTurn({ ...note, messages: [] });

    await expect(a.commitTurn(late)).rejects.toMatchObject({ code: "TRIAGE_SESSION_CONFLICT" });
    expect((await a.getSession("s-quiet"))?.urgency).toBe("URGENT");
  });

  it("lets only one of two turns computed from the same read commit", async () => {
    await a.commitTurn(makeTurn("s-race", "c1", { isNew: true }));
    const fromA = await turnFrom(a, "s-race", "a2");
    const fromB = await turnFrom(b, "s-race", "b2");
    const results = await Promise.allSettled([a.commitTurn(fromA), b.commitTurn(fromB)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "TRIAGE_SESSION_CONFLICT" } });
    expect(await count(a, "messages", "session_id = ?", "s-race")).toBe(4);
    expect(await count(a, "audit_events", "stream = ?", "s-race")).toBe(4);
  });

  describe("through the conversation service", () => {
    it("computes the turn again on a fresh read: a patient's answer held while another runtime closed the session is refused as closed", async () => {
      const held = new HeldStore(a);
      const serviceA = new ConversationService({ store: held, bus: new MemoryBus(), clock, ids: systemIds, config: TEST_CONFIG });
      const serviceB = new ConversationService({ store: b, bus: new MemoryBus(), clock, ids: systemIds, config: TEST_CONFIG });
      const { sessionId } = await serviceA.start({ flow: "every-kind", locale: "fr", channel: "web", clientMessageId: "start" });

      held.holdNextCommit();
      const answer = serviceA.send(sessionId, "a1", { type: "answer", value: true });
      await held.arrived;
      await serviceB.commitStaffTurn(sessionId, "console:close", (session) => ({
        session: { ...session, status: "closed" },
        messages: [{ author: "system", body: { kind: "handoff", status: "closed", text: "closed" } }],
        audit: [{ type: "clinician.closed", payload: { disposition: "advice" } }],
      }));
      held.release();

      await expect(answer).rejects.toMatchObject({ code: "TRIAGE_SESSION_CLOSED" });
      expect((await a.getSession(sessionId))?.status).toBe("closed");
      const transcript = await a.messagesAfter(sessionId, 0);
      expect(transcript.at(-1)?.body).toMatchObject({ kind: "handoff", status: "closed" });
      expect(transcript.some((m) => m.author === "patient")).toBe(false);
    });

    it("loses nothing when both runtimes write: the held answer is applied after the other runtime's message, on one unbroken chain", async () => {
      const held = new HeldStore(a);
      const serviceA = new ConversationService({ store: held, bus: new MemoryBus(), clock, ids: systemIds, config: TEST_CONFIG });
      const serviceB = new ConversationService({ store: b, bus: new MemoryBus(), clock, ids: systemIds, config: TEST_CONFIG });
      const { sessionId, turn: first } = await serviceA.start({ flow: "every-kind", locale: "fr", channel: "web", clientMessageId: "start" });

      held.holdNextCommit();
      const answer = serviceA.send(sessionId, "a1", { type: "answer", value: true });
      await held.arrived;
      const staff = await serviceB.commitStaffTurn(sessionId, "console:hello", (session) => ({
        session,
        messages: [{ author: "clinician", authorId: "u1", body: { kind: "text", text: "bonjour" } }],
        audit: [{ type: "clinician.message", payload: { text: "bonjour" } }],
      }));
      held.release();

      const reply = await answer;
      const lastOfStart = first.messages.at(-1)!.seq;
      expect(staff.messages.map((m) => m.seq)).toEqual([lastOfStart + 1]);
      expect(reply.messages[0]!.seq).toBe(lastOfStart + 2);
      const transcript = await a.messagesAfter(sessionId, 0);
      expect(transcript.map((m) => m.seq)).toEqual(transcript.map((_, i) => i + 1));
      expect(transcript.filter((m) => m.author === "patient")).toHaveLength(1);
      expect(reply.messages.at(-1)?.body).toMatchObject({ kind: "question", question: { questionId: "temperature" } });
      // A retry of the same message gets the stored reply: the answer was applied once.
      expect((await serviceA.send(sessionId, "a1", { type: "answer", value: false })).messages).toEqual(reply.messages);
      const chains = await verifyChains(a);
      expect(chains.find((c) => c.stream === sessionId)).toMatchObject({ ok: true });
    });

    it("takes the next turns from the session as this runtime committed it, and on a fresh read once another runtime wrote it", async () => {
      const counted = new HeldStore(a);
      const serviceA = new ConversationService({ store: counted, bus: new MemoryBus(), clock, ids: systemIds, config: TEST_CONFIG });
      const serviceB = new ConversationService({ store: b, bus: new MemoryBus(), clock, ids: systemIds, config: TEST_CONFIG });
      const { sessionId } = await serviceA.start({ flow: "every-kind", locale: "en", channel: "web", clientMessageId: "start" });
      const readsAfterStart = counted.reads;

      const first = await serviceA.send(sessionId, "a1", { type: "answer", value: true });
      expect(first.messages.at(-1)?.body).toMatchObject({ kind: "question", question: { questionId: "temperature" } });
      expect(counted.reads).toBe(readsAfterStart);

      // Another runtime writes the session: this runtime's copy is stale, its commit refused, the turn computed again on a read.
      await serviceB.commitStaffTurn(sessionId, "console:hello", (session) => ({
        session,
        messages: [{ author: "clinician", authorId: "u1", body: { kind: "text", text: "hello" } }],
        audit: [{ type: "clinician.message", payload: { text: "hello" } }],
      }));
      const second = await serviceA.send(sessionId, "a2", { type: "answer", value: 38.5 });
      expect(second.messages.at(-1)?.body).toMatchObject({ kind: "question", question: { questionId: "where" } });
      expect(counted.reads).toBe(readsAfterStart + 1);

      const transcript = await a.messagesAfter(sessionId, 0);
      expect(transcript.map((m) => m.seq)).toEqual(transcript.map((_, i) => i + 1));
      expect(transcript.filter((m) => m.author !== "bot").map((m) => m.author)).toEqual(["patient", "clinician", "patient"]);
      // A retry of a message this runtime committed gets the stored reply, applied once.
      expect((await serviceA.send(sessionId, "a1", { type: "answer", value: false })).messages).toEqual(first.messages);
      expect((await a.messagesAfter(sessionId, 0)).length).toBe(transcript.length);
      expect((await verifyChains(a)).find((c) => c.stream === sessionId)).toMatchObject({ ok: true });
    });

    it("answers a message committed by another runtime with its stored reply, even after this runtime wrote the session since", async () => {
      const serviceA = new ConversationService({ store: a, bus: new MemoryBus(), clock, ids: systemIds, config: TEST_CONFIG });
      const serviceB = new ConversationService({ store: b, bus: new MemoryBus(), clock, ids: systemIds, config: TEST_CONFIG });
      const { sessionId } = await serviceA.start({ flow: "every-kind", locale: "en", channel: "web", clientMessageId: "start" });
      await serviceA.send(sessionId, "p1", { type: "answer", value: true });
      // The patient's socket moved to the other runtime, which takes their answer; then a clinician on this one writes.
      const elsewhere = await serviceB.send(sessionId, "p2", { type: "answer", value: 39 });
      await serviceA.commitStaffTurn(sessionId, "console:note", (session) => ({
        session,
        messages: [{ author: "clinician", authorId: "u1", body: { kind: "text", text: "noted" } }],
        audit: [{ type: "clinician.message", payload: { text: "noted" } }],
      }));
      const stored = await count(a, "messages", "session_id = ?", sessionId);

      // The page re-sends its last answer here (its acknowledgement was lost): the same reply, nothing applied twice.
      expect((await serviceA.send(sessionId, "p2", { type: "answer", value: 39 })).messages).toEqual(elsewhere.messages);
      expect(await count(a, "messages", "session_id = ?", sessionId)).toBe(stored);
      expect(await count(a, "turns", "session_id = ? AND client_message_id = ?", sessionId, "p2")).toBe(1);
    });
  });
});
