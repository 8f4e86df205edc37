import { describe, expect, it } from "vitest";
import { hashResumeToken } from "../../bot/engine/resumeToken.js";
import type { CommittedTurn, InboundEvent } from "../../bot/engine/ports.js";
import { MemoryBus } from "../../bot/bus/memoryBus.js";
import { ConversationService } from "../../bot/engine/conversationService.js";
import { FixedClock } from "../../bot/engine/systemClock.js";
import type { EngineConfig } from "../../bot/engine/turnContext.js";
import { TEST_CONFIG } from "./engineHarness.js";
import { closeAsClinician, countingIds, createService, fixtureStore, GatedStore, settle } from "./serviceHarness.js";
import { everyKindFlow, SCRIPTS } from "./fixtures/everyKindFlow.js";

const start = { flow: "every-kind", locale: "en" as const, channel: "web", clientMessageId: "c-start" };

describe("starting a session", () => {
  it("commits the first turn and returns the session id, a resume token and the numbered messages", async () => {
    const { service, store } = createService();
    const started = await service.start(start);
    // The token is drawn first: a start that finds its session already there draws no id.
    expect(started.resumeToken).toBe("token-1");
    expect(started.sessionId).toBe("id-2");
    expect(started.turn.status).toBe("active");
    expect(started.turn.messages.map((m) => [m.seq, m.author, m.body.kind])).toEqual([
      [1, "bot", "text"],
      [2, "bot", "question"],
    ]);
    expect(await store.getSession(started.sessionId)).toMatchObject({ flowSlug: "every-kind", flowVersion: 1, status: "active" });
  });

  it("stores only the SHA-256 of the resume token", async () => {
    const { service, store } = createService();
    const { sessionId, resumeToken } = await service.start(start);
    expect(await store.findSessionByResumeTokenHash(resumeToken)).toBeUndefined();
    expect((await store.findSessionByResumeTokenHash(hashResumeToken(resumeToken)))?.id).toBe(sessionId);
  });

  it("fails with TRIAGE_FLOW_NOT_FOUND for a flow that is not published", async () => {
    const { service } = createService();
    await expect(service.start({ ...start, flow: "nope" })).rejects.toMatchObject({ code: "TRIAGE_FLOW_NOT_FOUND" });
  });
});

describe("the first turn shown before a session exists (the chat page renders it on the server)", () => {
  it("says in the page's language exactly what a new session's first turn then says, with the flow's title, and stores nothing", async () => {
    const { service, store } = createService();
    const previews = { fr: (await service.firstTurn("every-kind", "fr"))!, en: (await service.firstTurn("every-kind", "en"))! };
    expect(store.commitCount).toBe(0);
    for (const locale of ["fr", "en"] as const) {
      const preview = previews[locale];
      expect(preview).toMatchObject({ flow: "every-kind", version: 1, locale, title: { fr: "Tous types", en: "Every kind" } });
      const started = await service.start({ ...start, locale, clientMessageId: `c-${locale}` });
      const bodies = started.turn.messages.map((m) => m.body);
      expect(preview.turn!.messages).toEqual(bodies);
      expect(bodies.at(-1)).toEqual({ kind: "question", question: preview.turn!.question });
    }
  });

  it("has nothing to show for a flow that is not published", async () => {
    const { service } = createService();
    expect(await service.firstTurn("nope", "fr")).toBeUndefined();
  });

  it("shows a new version once it is published and new emergency numbers once the settings change, not before", async () => {
    const memory = fixtureStore();
    const clock = new FixedClock("2026-03-02T10:00:00.000Z");
    const config: EngineConfig = { ...TEST_CONFIG };
    const service = new ConversationService({ store: memory, bus: new MemoryBus(), clock, ids: countingIds(), config });
    const first = (await service.firstTurn("every-kind", "fr"))!;
    // Kept: a second page load reads the same preview.
    expect(await service.firstTurn("every-kind", "fr")).toBe(first);

    memory.publishFlow({ ...everyKindFlow(2), title: { fr: "Tous types, révisé", en: "Every kind, revised" } });
    // The flow catalog notices a publication within its few seconds' cache.
    clock.advance(6_000);
    const republished = (await service.firstTurn("every-kind", "fr"))!;
    expect(republished).toMatchObject({ version: 2, title: { fr: "Tous types, révisé" } });

    config.emergencyNumbers = [{ number: "141", label: { fr: "Urgences", en: "Emergencies" } }];
    const renumbered = (await service.firstTurn("every-kind", "fr"))!;
    expect(JSON.stringify(renumbered.turn!.messages[0])).toContain("141");
    expect(JSON.stringify(republished.turn!.messages[0])).not.toContain("141");
  });
});

describe("starting a session with the client's key", () => {
  const keyed = { ...start, clientKey: "k".repeat(22) };

  it("gives the same client re-sending its start the same session, token and first turn, committing nothing new", async () => {
    const { service, store } = createService();
    const first = await service.start(keyed);
    const again = await service.start(keyed);
    expect(again).toEqual(first);
    expect(store.commitCount).toBe(1);
  });

  it("gives another client sending the same message id a session of its own, and so does a start without a key", async () => {
    const { service } = createService();
    const first = await service.start(keyed);
    const other = await service.start({ ...keyed, clientKey: "o".repeat(22) });
    const keyless = await service.start(start);
    expect(new Set([first.sessionId, other.sessionId, keyless.sessionId]).size).toBe(3);
    expect(new Set([first.resumeToken, other.resumeToken, keyless.resumeToken]).size).toBe(3);
  });

  it("refuses a start re-sent once its session is closed, as a resume would (TRIAGE_RESUME_EXPIRED)", async () => {
    const { service, store } = createService();
    const { sessionId } = await service.start(keyed);
    await closeAsClinician(store, sessionId, "close");
    await expect(service.start(keyed)).rejects.toMatchObject({ code: "TRIAGE_RESUME_EXPIRED" });
  });

  it("derives a token only the key's holder can compute: not the message id, not the key itself", async () => {
    const { service } = createService();
    const { resumeToken } = await service.start(keyed);
    expect(resumeToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(resumeToken).not.toContain(keyed.clientKey);
    expect(resumeToken).not.toContain(keyed.clientMessageId);
  });
});

describe("a patient turn through the service", () => {
  it("returns the same reply for a repeated client message id and commits nothing new", async () => {
    const { service, store } = createService();
    const { sessionId } = await service.start(start);
    const first = await service.send(sessionId, "c-1", { type: "answer", value: true });
    const commits = store.commitCount;
    const audit = (await store.auditEventsOf(sessionId)).length;
    const again = await service.send(sessionId, "c-1", { type: "answer", value: false });
    expect(again).toEqual(first);
    expect(store.commitCount).toBe(commits);
    expect((await store.auditEventsOf(sessionId)).length).toBe(audit);
    expect((await store.messagesAfter(sessionId, 0)).at(-1)!.seq).toBe(first.messages.at(-1)!.seq);
  });

  it("shares one commit between duplicate deliveries in flight", async () => {
    const { service, store } = createService();
    const { sessionId } = await service.start(start);
    const commits = store.commitCount;
    const replies = await Promise.all([1, 2, 3].map(() => service.send(sessionId, "c-dup", { type: "answer", value: true })));
    expect(replies[1]).toEqual(replies[0]);
    expect(replies[2]).toEqual(replies[0]);
    expect(store.commitCount).toBe(commits + 1);
  });

  it("serialises concurrent turns of one session: no interleaving, contiguous seq, every answer applied in order", async () => {
    const { service, store } = createService();
    const { sessionId } = await service.start(start);
    // Without fever, where it hurts cannot change the outcome: question economy skips it, so the script leaves it out.
    const events: InboundEvent[] = SCRIPTS.SELF_CARE.filter((value) => value !== "head").map((value) => ({ type: "answer", value }));
    const replies = await Promise.all(events.map((event, i) => service.send(sessionId, `c-${i}`, event)));

    let expected = 3;
    for (const reply of replies) {
      for (const message of reply.messages) expect(message.seq).toBe(expected++);
    }
    const transcript = await store.messagesAfter(sessionId, 0);
    expect(transcript.map((m) => m.seq)).toEqual(Array.from({ length: transcript.length }, (_, i) => i + 1));
    const audit = await store.auditEventsOf(sessionId);
    expect(audit.filter((e) => e.type === "patient.inbound").map((e) => (e.payload as { clientMessageId: string }).clientMessageId)).toEqual([
      "c-start",
      ...events.map((_, i) => `c-${i}`),
    ]);
    expect(audit.filter((e) => e.type === "answer.rejected")).toEqual([]);
    const session = await store.getSession(sessionId);
    expect(session?.status).toBe("completed");
    expect(session?.state.frames[0]!.snapshot.context.answered).toEqual(["fever", "temperature", "since", "signs", "notes"]);
  });

  it("replies only after the commit resolved, and publishes after it", async () => {
    const memory = fixtureStore();
    const gated = new GatedStore(memory);
    const { service, published } = createService({ store: gated, memory });
    gated.open();
    const { sessionId } = await service.start(start);
    gated.close();
    published.length = 0;

    let reply: CommittedTurn | undefined;
    const sending = service.send(sessionId, "c-1", { type: "answer", value: true }).then((r) => (reply = r));
    await settle();
    expect(gated.commitsWaiting).toBe(1);
    expect(reply).toBeUndefined();
    expect(published).toEqual([]);
    gated.open();
    await sending;
    expect(reply?.messages.length).toBe(2);
    expect(published).toEqual([{ type: "session.messages", sessionId, messages: reply!.messages }]);
  });

  it("does not hold one session's turn behind another session's commit", async () => {
    const memory = fixtureStore();
    const gated = new GatedStore(memory);
    const { service } = createService({ store: gated, memory });
    gated.open();
    const a = await service.start({ ...start, clientMessageId: "a" });
    const b = await service.start({ ...start, clientMessageId: "b" });
    gated.close();
    gated.holds = (sessionId) => sessionId === a.sessionId;
    const blocked = service.send(a.sessionId, "a-1", { type: "answer", value: true });
    await settle();
    expect(gated.commitsWaiting).toBe(1);
    const other = await service.send(b.sessionId, "b-1", { type: "answer", value: true });
    expect(other.messages.length).toBe(2);
    expect(gated.commitsWaiting).toBe(1);
    gated.open();
    expect((await blocked).sessionId).toBe(a.sessionId);
  });

  it("publishes handoff.opened when a turn opens a case", async () => {
    const { service, published } = createService();
    const { sessionId } = await service.start(start);
    await service.send(sessionId, "c-1", { type: "ask_human" });
    expect(published.filter((e) => e.type === "handoff.opened")).toEqual([
      { type: "handoff.opened", sessionId, urgency: "URGENT", slaDeadline: expect.any(String), openedAt: expect.any(String) },
    ]);
  });

  it("still returns the committed reply when publishing fails, and logs it", async () => {
    const { service, bus, warnings } = createService();
    const { sessionId } = await service.start(start);
    bus.publish = () => Promise.reject(new Error("bus down"));
    const reply = await service.send(sessionId, "c-1", { type: "answer", value: true });
    expect(reply.messages.length).toBe(2);
    await settle(2);
    expect(warnings.length).toBeGreaterThan(0);
  });

  it("fails with coded errors for an unknown session and a closed one", async () => {
    const { service, store } = createService();
    await expect(service.send("nope", "c-1", { type: "back" })).rejects.toMatchObject({ code: "TRIAGE_SESSION_NOT_FOUND" });
    const { sessionId } = await service.start(start);
    await closeAsClinician(store, sessionId, "clinician-close");
    await expect(service.send(sessionId, "c-1", { type: "back" })).rejects.toMatchObject({ code: "TRIAGE_SESSION_CLOSED" });
  });

  it("keeps a running session on the flow version it started on; new sessions take the latest", async () => {
    const { service, store, clock } = createService();
    const old = await service.start(start);
    const v2 = everyKindFlow(2);
    v2.nodes[1] = { ...v2.nodes[1]!, text: { fr: "Température (v2) ?", en: "Temperature (v2)?" } } as (typeof v2.nodes)[1];
    store.publishFlow(v2);
    clock.advance(60_000); // past the catalog's "latest" cache
    const reply = await service.send(old.sessionId, "c-1", { type: "answer", value: true });
    expect(reply.messages.at(-1)!.body).toMatchObject({ kind: "question", question: { text: "Your temperature?" } });
    const fresh = await service.start({ ...start, clientMessageId: "c-new" });
    expect((await store.getSession(fresh.sessionId))?.flowVersion).toBe(2);
  });
});

describe("resuming a session", () => {
  it("returns the session, the messages after the client's last seq and the pending question", async () => {
    const { service } = createService();
    const { sessionId, resumeToken } = await service.start(start);
    await service.send(sessionId, "c-1", { type: "answer", value: true });
    const resumed = await service.resume(resumeToken, 2);
    expect(resumed.session.id).toBe(sessionId);
    expect(resumed.messages.map((m) => m.seq)).toEqual([3, 4]);
    expect(resumed.question).toMatchObject({ questionId: "temperature", text: "Your temperature?" });
  });

  it("has no pending question once the session has an outcome", async () => {
    const { service } = createService();
    const { sessionId, resumeToken } = await service.start(start);
    for (const [i, value] of SCRIPTS.ROUTINE.entries()) await service.send(sessionId, `c-${i}`, { type: "answer", value });
    const resumed = await service.resume(resumeToken, 0);
    expect(resumed.question).toBeUndefined();
    expect(resumed.messages.some((m) => m.body.kind === "outcome")).toBe(true);
  });

  it("fails with TRIAGE_RESUME_FAILED for an unknown token", async () => {
    const { service } = createService();
    await expect(service.resume("not-a-token", 0)).rejects.toMatchObject({ code: "TRIAGE_RESUME_FAILED" });
  });
});
