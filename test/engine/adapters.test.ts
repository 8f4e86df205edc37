import { describe, expect, it } from "vitest";
import { MemoryBus } from "../../bot/bus/memoryBus.js";
import { decideHandoff, slaMinutesFor } from "../../bot/engine/decideHandoff.js";
import { FlowCatalog } from "../../bot/engine/flowCatalog.js";
import { KeyedQueue } from "../../bot/engine/keyedQueue.js";
import { MemoryStore } from "../../bot/engine/memoryStore.js";
import type { BusEvent, FlowVersionRecord, SessionRecord } from "../../bot/engine/ports.js";
import { hashResumeToken } from "../../bot/engine/resumeToken.js";
import { FixedClock } from "../../bot/engine/systemClock.js";
import { systemIds, uuidV7 } from "../../bot/engine/systemIds.js";
import { tinyFlow } from "../fixtures/tinyFlow.js";
import { readLibraryFiles } from "../flows/libraryFlows.js";
import { TEST_CONFIG } from "./engineHarness.js";
import { fixtureStore, settle } from "./serviceHarness.js";

describe("KeyedQueue", () => {
  it("runs tasks of one key one at a time, in order, and tasks of different keys side by side", async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const task = (name: string) => async () => {
      log.push(`${name}:start`);
      await settle(2);
      log.push(`${name}:end`);
    };
    await Promise.all([queue.run("a", task("a1")), queue.run("a", task("a2")), queue.run("b", task("b1"))]);
    expect(log.indexOf("a1:end")).toBeLessThan(log.indexOf("a2:start"));
    expect(log.indexOf("b1:start")).toBeLessThan(log.indexOf("a1:end"));
    await settle(2);
    expect(queue.size).toBe(0);
  });

  it("keeps going after a failed task", async () => {
    const queue = new KeyedQueue();
    const failed = queue.run("a", async () => {
      throw new Error("boom");
    });
    const next = queue.run("a", async () => "ok");
    await expect(failed).rejects.toThrow("boom");
    await expect(next).resolves.toBe("ok");
  });
});

describe("MemoryStore", () => {
  const session = (status: SessionRecord["status"] = "active"): SessionRecord => ({
    id: "s",
    flowSlug: "tiny",
    flowVersion: 1,
    locale: "en",
    status,
    channel: "test",
    state: { frames: [] },
    createdAt: "2026-03-02T10:00:00.000Z",
    updatedAt: "2026-03-02T10:00:00.000Z",
  });
  const note = (text: string) => ({ author: "bot" as const, body: { kind: "notice" as const, text } });
  const event = [{ type: "x", payload: {} }];
  /** The version the session is at now, as the engine's read returns it. */
  const versionOf = async (store: MemoryStore, id = "s") => (await store.readTurn(id, "-"))!.session.version;

  it("numbers messages from 1 per session, contiguously, stamped with the turn's time and locale", async () => {
    const store = new MemoryStore();
    await store.commitTurn({ session: session(), isNew: true, clientMessageId: "1", messages: [note("a"), note("b")], audit: event });
    const second = await store.commitTurn({
      session: { ...session(), locale: "fr", updatedAt: "2026-03-02T10:05:00.000Z" },
      isNew: false,
      base: await versionOf(store),
      clientMessageId: "2",
      messages: [note("c")],
      audit: event,
    });
    expect(second.messages).toEqual([
      { sessionId: "s", seq: 3, at: "2026-03-02T10:05:00.000Z", locale: "fr", author: "bot", body: { kind: "notice", text: "c" } },
    ]);
    expect((await store.messagesAfter("s", 1)).map((m) => m.seq)).toEqual([2, 3]);
    expect((await store.auditEventsOf("s")).map((e) => [e.seq, e.type])).toEqual([
      [1, "x"],
      [2, "x"],
    ]);
  });

  it("keeps the reply of a committed client message id for the next read, and refuses a turn computed before it", async () => {
    const store = new MemoryStore();
    await store.commitTurn({ session: session(), isNew: true, clientMessageId: "0", messages: [note("a")], audit: event });
    const read = await versionOf(store);
    const first = await store.commitTurn({ session: session(), isNew: false, base: read, clientMessageId: "1", messages: [note("b")], audit: event });
    const again = store.commitTurn({ session: session("completed"), isNew: false, base: read, clientMessageId: "1", messages: [note("c")], audit: event });
    await expect(again).rejects.toMatchObject({ code: "TRIAGE_SESSION_CONFLICT" });
    expect((await store.readTurn("s", "1"))?.earlier?.messages).toEqual(first.messages);
    expect((await store.getSession("s"))?.status).toBe("active");
    expect(store.commitCount).toBe(2);
  });

  it("refuses to create a session twice or to continue one that does not exist, writing nothing", async () => {
    const store = new MemoryStore();
    const made = { seq: 1, hash: "", lastMessageSeq: 1 };
    await expect(
      store.commitTurn({ session: session(), isNew: false, base: made, clientMessageId: "1", messages: [note("a")], audit: event }),
    ).rejects.toMatchObject({ code: "TRIAGE_SESSION_CONFLICT" });
    expect(await store.messagesAfter("s", 0)).toEqual([]);
    await store.commitTurn({ session: session(), isNew: true, clientMessageId: "1", messages: [], audit: event });
    await expect(store.commitTurn({ session: session(), isNew: true, clientMessageId: "2", messages: [], audit: event })).rejects.toMatchObject({
      code: "TRIAGE_SESSION_CONFLICT",
    });
  });

  it("refuses a turn without an audit event or, on an existing session, without the version it read", async () => {
    const store = new MemoryStore();
    await expect(store.commitTurn({ session: session(), isNew: true, clientMessageId: "1", messages: [note("a")], audit: [] })).rejects.toMatchObject({
      code: "TRIAGE_INTERNAL",
    });
    await store.commitTurn({ session: session(), isNew: true, clientMessageId: "1", messages: [], audit: event });
    await expect(store.commitTurn({ session: session(), isNew: false, clientMessageId: "2", messages: [], audit: event })).rejects.toMatchObject({
      code: "TRIAGE_INTERNAL",
    });
  });

  it("finds a session by the hash of its resume token and records opened cases", async () => {
    const store = new MemoryStore();
    await store.commitTurn({
      session: session("handoff"),
      isNew: true,
      clientMessageId: "1",
      resumeTokenHash: hashResumeToken("t"),
      messages: [],
      audit: event,
      handoff: { urgency: "URGENT", slaDeadline: "2026-03-02T10:15:00.000Z", cause: "patient_request" },
    });
    expect((await store.findSessionByResumeTokenHash(hashResumeToken("t")))?.id).toBe("s");
    expect(store.handoffsOf("s")).toMatchObject([{ urgency: "URGENT", state: "open", sessionId: "s" }]);
  });

  it("keeps published flow versions immutable", () => {
    const store = fixtureStore();
    expect(() => store.publishFlow({ ...tinyFlow(), title: { fr: "Autre", en: "Other" } })).toThrow("already published");
  });
});

describe("MemoryBus", () => {
  it("delivers to every subscriber, survives a failing one and stops after unsubscribe", async () => {
    const errors: unknown[] = [];
    const bus = new MemoryBus((error) => errors.push(error));
    const seen: BusEvent[] = [];
    bus.subscribe(() => {
      throw new Error("broken view");
    });
    const stop = bus.subscribe((e) => seen.push(e));
    const event: BusEvent = { type: "handoff.opened", sessionId: "s", urgency: "URGENT" };
    await bus.publish(event);
    stop();
    await bus.publish(event);
    expect(seen).toEqual([event]);
    expect(errors).toHaveLength(2);
  });
});

describe("FlowCatalog", () => {
  function countingSource(store: MemoryStore) {
    const calls: string[] = [];
    return {
      calls,
      latestFlowVersion: (slug: string) => (calls.push(`latest ${slug}`), store.latestFlowVersion(slug)),
      flowVersion: (slug: string, version: number): Promise<FlowVersionRecord | undefined> => (
        calls.push(`exact ${slug}@${version}`),
        store.flowVersion(slug, version)
      ),
    };
  }

  it("compiles each flow version once and preloads the latest version of every handover target", async () => {
    const source = countingSource(fixtureStore());
    const catalog = new FlowCatalog(source, { clock: new FixedClock() });
    const resolver = await catalog.resolverFor([{ slug: "entry", version: 1 }]);
    expect(resolver.exact("entry", 1)?.flow.slug).toBe("entry");
    expect(resolver.latest("tiny")?.flow.version).toBe(1);
    expect(resolver.latest("every-kind")?.flow.version).toBe(1);
    await catalog.resolverFor([{ slug: "entry", version: 1 }]);
    expect(source.calls.filter((c) => c.startsWith("exact")).sort()).toEqual(["exact entry@1", "exact every-kind@1", "exact tiny@1"]);
  });

  it("asks the store for the latest version again once its cache has expired", async () => {
    const store = fixtureStore();
    const source = countingSource(store);
    const clock = new FixedClock();
    const catalog = new FlowCatalog(source, { clock, latestTtlMs: 1_000 });
    await catalog.latest("tiny");
    await catalog.latest("tiny");
    clock.advance(1_001);
    await catalog.latest("tiny");
    expect(source.calls.filter((c) => c === "latest tiny")).toHaveLength(2);
  });

  it("reuses a turn's resolver only while the latest versions it followed are fresh", async () => {
    const store = fixtureStore();
    const source = countingSource(store);
    const clock = new FixedClock();
    const catalog = new FlowCatalog(source, { clock, latestTtlMs: 1_000 });
    const pins = [{ slug: "entry", version: 1 }];
    expect((await catalog.resolverFor(pins)).latest("tiny")?.flow.version).toBe(1);
    store.publishFlow({ ...tinyFlow(), version: 2 });
    clock.advance(500);
    // Within the TTL, a new version published on another instance is not seen yet (as before).
    expect((await catalog.resolverFor(pins)).latest("tiny")?.flow.version).toBe(1);
    clock.advance(501);
    expect((await catalog.resolverFor(pins)).latest("tiny")?.flow.version).toBe(2);
    // A publication on this instance is seen at once.
    store.publishFlow({ ...tinyFlow(), version: 3 });
    catalog.invalidate("tiny");
    expect((await catalog.resolverFor(pins)).latest("tiny")?.flow.version).toBe(3);
    const lookups = source.calls.filter((c) => c === "latest tiny").length;
    await catalog.resolverFor(pins);
    expect(source.calls.filter((c) => c === "latest tiny")).toHaveLength(lookups);
  });

  it("asks the store again for a pinned version it did not have", async () => {
    const store = fixtureStore();
    const catalog = new FlowCatalog(store, { clock: new FixedClock() });
    const pins = [{ slug: "tiny", version: 7 }];
    expect((await catalog.resolverFor(pins)).exact("tiny", 7)).toBeUndefined();
    store.publishFlow({ ...tinyFlow(), version: 7 });
    expect((await catalog.resolverFor(pins)).exact("tiny", 7)?.flow.version).toBe(7);
  });

  it("follows handover cycles in the library without looping", async () => {
    const store = new MemoryStore();
    for (const { json } of readLibraryFiles()) store.publishFlow(json as never);
    const catalog = new FlowCatalog(store);
    const resolver = await catalog.resolverFor([{ slug: "fever-adult" }]);
    if (readLibraryFiles().some((f) => (f.json as { slug: string }).slug === "fever-child")) expect(resolver.latest("fever-child")).toBeDefined();
  });
});

describe("hand-off SLAs", () => {
  it("takes the level's SLA, or the nearest more urgent level's when the level has none", () => {
    expect(slaMinutesFor(TEST_CONFIG, "URGENT")).toBe(15);
    expect(slaMinutesFor(TEST_CONFIG, "SELF_CARE")).toBe(240);
    expect(slaMinutesFor({ ...TEST_CONFIG, slaMinutes: { EMERGENCY: 5 } }, "URGENT")).toBe(5);
  });

  it("sets the deadline SLA minutes after the turn", () => {
    const { draft } = decideHandoff(new Date("2026-03-02T10:00:00.000Z"), TEST_CONFIG, { urgency: "URGENT", cause: "outcome" });
    expect(draft.slaDeadline).toBe("2026-03-02T10:15:00.000Z");
  });
});

describe("system ids", () => {
  it("makes UUID v7 ids that sort by time and URL-safe tokens", () => {
    const earlier = uuidV7(Date.parse("2026-01-01T00:00:00Z"));
    const later = uuidV7(Date.parse("2026-01-01T00:00:01Z"));
    expect(earlier).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(earlier < later).toBe(true);
    expect(systemIds.newToken()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(systemIds.newId()).not.toBe(systemIds.newId());
  });
});
