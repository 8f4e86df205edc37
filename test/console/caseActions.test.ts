import { beforeAll, describe, expect, it } from "vitest";
import { verifyChains } from "../../bot/audit/verifyChains.js";
import type { ConsoleUser } from "../../bot/auth/authStore.js";
import { DRIVERS } from "../store/storeFixtures.js";
import { useConsoleWorld } from "./useConsoleWorld.js";

const payloadOf = (e: { payload: unknown }) => e.payload as { actor: string; details: Record<string, unknown> };

describe.each(DRIVERS)("a clinician working a case on %s", (driver) => {
  const world = useConsoleWorld(driver);
  let ada: ConsoleUser;
  let bea: ConsoleUser;

  beforeAll(async () => {
    ada = await world.user(`ada-${driver}@example.org`, "clinician", "Dr Ada");
    bea = await world.user(`bea-${driver}@example.org`, "clinician", "Dr Bea");
  });

  it("sends a message that lands in the patient's transcript with the next seq, and audits it in both chains", async () => {
    const found = await world.openCase();
    await world.cases.claim(found.id, ada);
    const before = (await world.store.messagesAfter(found.sessionId, 0)).length;
    const [sent] = await world.cases.sendMessage(found.id, ada, "  Hello, I am Dr Ada. Where does it hurt?  ", "m-1");
    expect(sent).toMatchObject({
      seq: before + 1,
      author: "clinician",
      authorId: ada.id,
      body: { kind: "text", text: "Hello, I am Dr Ada. Where does it hurt?" },
    });
    expect(world.events).toContainEqual({ type: "session.messages", sessionId: found.sessionId, messages: [sent] });
    const session = await world.store.readAuditEvents(found.sessionId, 0);
    expect(session.at(-1)).toMatchObject({
      type: "clinician.message",
      payload: { caseId: found.id, userId: ada.id, text: "Hello, I am Dr Ada. Where does it hurt?" },
    });
    const admin = (await world.store.readAuditEvents("admin", 0)).filter((e) => e.type === "case.message");
    // The admin chain records that a message was sent, never what it said.
    expect(payloadOf(admin.at(-1)!)).toEqual({ actor: ada.id, details: { caseId: found.id, sessionId: found.sessionId, seq: before + 1 } });
  });

  it("sends a repeated client message id once", async () => {
    const found = await world.openCase();
    await world.cases.claim(found.id, ada);
    const first = await world.cases.sendMessage(found.id, ada, "Once", "same-id");
    const again = await world.cases.sendMessage(found.id, ada, "Once", "same-id");
    expect(again).toEqual(first);
    expect((await world.store.messagesAfter(found.sessionId, 0)).filter((m) => m.author === "clinician")).toHaveLength(1);
  });

  it("relays the patient's text to the clinician once one joined, and the bot says nothing", async () => {
    const found = await world.openCase();
    await world.cases.claim(found.id, ada);
    const turn = await world.conversations.send(found.sessionId, "p-1", { type: "text", text: "It hurts on the left side" });
    expect(turn.messages).toHaveLength(1);
    expect(turn.messages[0]).toMatchObject({ author: "patient", body: { kind: "text", text: "It hurts on the left side" } });
    expect((await world.store.readAuditEvents(found.sessionId, 0)).at(-1)).toMatchObject({ type: "patient.to_clinician" });
  });

  it("refuses messages, urgency changes and closing from a clinician who does not hold the case", async () => {
    const found = await world.openCase();
    await expect(world.cases.sendMessage(found.id, ada, "hi", "x-1")).rejects.toMatchObject({ code: "CONSOLE_CASE_NOT_ASSIGNED" });
    await world.cases.claim(found.id, ada);
    await expect(world.cases.sendMessage(found.id, bea, "hi", "x-2")).rejects.toMatchObject({
      code: "CONSOLE_CASE_NOT_ASSIGNED",
      details: { assignee: "Dr Ada" },
    });
    await expect(world.cases.changeUrgency(found.id, bea, "SOON", "looks mild to me")).rejects.toMatchObject({ code: "CONSOLE_CASE_NOT_ASSIGNED" });
    await expect(world.cases.close(found.id, bea, "advice_given")).rejects.toMatchObject({ code: "CONSOLE_CASE_NOT_ASSIGNED" });
    await expect(world.cases.release(found.id, bea)).rejects.toMatchObject({ code: "CONSOLE_CASE_NOT_ASSIGNED" });
  });

  it("changes the urgency up or down only with a written reason, kept in both chains", async () => {
    const found = await world.openCase({ urgency: "URGENT" });
    await world.cases.claim(found.id, ada);
    await expect(world.cases.changeUrgency(found.id, ada, "SOON", "  ")).rejects.toMatchObject({
      code: "CONSOLE_INVALID_REQUEST",
      details: { field: "reason" },
    });
    const down = await world.cases.changeUrgency(found.id, ada, "SOON", "Pain settled, vital signs normal on call");
    expect(down.urgency).toBe("SOON");
    expect((await world.store.getSession(found.sessionId))?.urgency).toBe("SOON");
    const up = await world.cases.changeUrgency(found.id, ada, "EMERGENCY", "New chest pain while on the call");
    expect(up.urgency).toBe("EMERGENCY");
    const admin = (await world.store.readAuditEvents("admin", 0)).filter((e) => e.type === "case.urgency_changed").map((e) => payloadOf(e).details);
    expect(admin.slice(-2)).toEqual([
      expect.objectContaining({ caseId: found.id, from: "URGENT", to: "SOON", direction: "down", reason: "Pain settled, vital signs normal on call" }),
      expect.objectContaining({ caseId: found.id, from: "SOON", to: "EMERGENCY", direction: "up", reason: "New chest pain while on the call" }),
    ]);
    const session = (await world.store.readAuditEvents(found.sessionId, 0)).filter((e) => e.type === "clinician.urgency_changed");
    expect(session).toHaveLength(2);
  });

  it("keeps notes in order, never in the patient's transcript", async () => {
    const found = await world.openCase();
    const before = await world.store.messagesAfter(found.sessionId, 0);
    await world.cases.addNote(found.id, ada, "Called twice, no answer");
    world.clock.advance(60_000);
    await world.cases.addNote(found.id, bea, "Reached the patient");
    expect((await world.cases.notes(found.id)).map((n) => [n.author.displayName, n.text])).toEqual([
      ["Dr Ada", "Called twice, no answer"],
      ["Dr Bea", "Reached the patient"],
    ]);
    expect(await world.store.messagesAfter(found.sessionId, 0)).toEqual(before);
  });

  it("releases a case to the queue with a fresh deadline and tells the patient", async () => {
    const found = await world.openCase();
    await world.cases.claim(found.id, ada);
    world.clock.advance(20 * 60_000);
    const released = await world.cases.release(found.id, ada);
    expect(released).toMatchObject({ state: "open", slaDeadline: new Date(world.clock.now().getTime() + 15 * 60_000).toISOString() });
    expect(released.assignee).toBeUndefined();
    const last = (await world.store.messagesAfter(found.sessionId, 0)).at(-1);
    expect(last?.body).toMatchObject({ kind: "handoff", status: "released", expectedWaitMinutes: 15 });
    // Released, the bot and engine take the patient's text again (no clinician in the case).
    expect(await world.repositories.cases.isClaimed(found.sessionId)).toBe(false);
    await world.cases.claim(found.id, bea);
  });

  it("closes with a disposition: the patient reads the closing message in their language, the session ends, the case leaves the queue", async () => {
    const found = await world.openCase({ locale: "fr" });
    await world.cases.claim(found.id, ada);
    await expect(world.cases.close(found.id, ada, "other")).rejects.toMatchObject({ code: "CONSOLE_INVALID_REQUEST", details: { field: "note" } });
    const closed = await world.cases.close(found.id, ada, "referred_emergency");
    expect(closed).toMatchObject({ state: "closed", disposition: "referred_emergency" });
    const last = (await world.store.messagesAfter(found.sessionId, 0)).at(-1);
    expect(last?.locale).toBe("fr");
    expect(last?.body).toMatchObject({ kind: "handoff", status: "closed" });
    expect((last?.body as { text: string }).text).toMatch(/appelez le 15 ou le 112 .*urgences/);
    expect((await world.store.getSession(found.sessionId))?.status).toBe("closed");
    await expect(world.conversations.send(found.sessionId, "after", { type: "text", text: "merci" })).rejects.toMatchObject({ code: "TRIAGE_SESSION_CLOSED" });
    expect((await world.cases.queue()).map((c) => c.id)).not.toContain(found.id);
    expect(world.events).toContainEqual({ type: "case.updated", caseId: found.id, sessionId: found.sessionId });
  });

  it("orders the queue by urgency, then by the nearest deadline", async () => {
    const soon = await world.openCase({ urgency: "SOON", slaMinutes: 240 });
    const urgentLater = await world.openCase({ urgency: "URGENT", slaMinutes: 30 });
    const urgentFirst = await world.openCase({ urgency: "URGENT", slaMinutes: 10 });
    const emergency = await world.openCase({ urgency: "EMERGENCY", slaMinutes: 5 });
    const ids = (await world.cases.queue()).map((c) => c.id).filter((id) => [soon.id, urgentLater.id, urgentFirst.id, emergency.id].includes(id));
    expect(ids).toEqual([emergency.id, urgentFirst.id, urgentLater.id, soon.id]);
  });

  it("leaves every audit chain intact after all of it", async () => {
    const reports = await verifyChains(world.store);
    expect(reports.length).toBeGreaterThan(5);
    expect(reports.filter((r) => !r.ok)).toEqual([]);
  });
});
