import { beforeAll, describe, expect, it } from "vitest";
import type { ConsoleUser } from "../../bot/auth/authStore.js";
import { PatientCases } from "../../bot/cases/patientCases.js";
import { DRIVERS } from "../store/storeFixtures.js";
import { ENGINE_CONFIG } from "../console/consoleFixtures.js";
import { useConsoleWorld } from "../console/useConsoleWorld.js";

describe.each(DRIVERS)("the patient's side of a hand-off on %s", (driver) => {
  const world = useConsoleWorld(driver);
  let ada: ConsoleUser;
  let patient: PatientCases;

  beforeAll(async () => {
    ada = await world.user(`ada-${driver}@example.org`, "clinician", "Dr Ada");
    patient = new PatientCases({
      cases: world.repositories.cases,
      queue: world.store.queue,
      staff: world.conversations,
      bus: world.bus,
      clock: world.clock,
      config: ENGINE_CONFIG,
      country: "FR",
    });
  });

  it("leaving an open case marks it left, closes the session and writes a line both sides read", async () => {
    const found = await world.openCase({ urgency: "URGENT", locale: "fr" });
    const turn = await patient.leave(found.sessionId, "leave-1");
    expect(turn?.status).toBe("closed");
    expect(turn?.messages).toEqual([
      expect.objectContaining({
        author: "system",
        body: expect.objectContaining({ kind: "handoff", status: "left", text: expect.stringContaining("Vous avez quitté cette conversation") }),
      }),
    ]);
    const after = await world.cases.get(found.id);
    expect(after.patientLeftAt).toBe(world.clock.now().toISOString());
    expect((await world.store.getSession(found.sessionId))?.status).toBe("closed");
    expect((await world.store.readAuditEvents(found.sessionId, 0)).at(-1)).toMatchObject({ type: "patient.left", payload: { caseId: found.id } });
    expect(world.events).toContainEqual({ type: "case.updated", caseId: found.id, sessionId: found.sessionId });
  });

  it("a clinician who writes to a patient who left is told so, and nothing reaches the transcript", async () => {
    const found = await world.openCase();
    await world.cases.claim(found.id, ada);
    await patient.leave(found.sessionId, "leave-2");
    const before = await world.store.messagesAfter(found.sessionId, 0);
    await expect(world.cases.sendMessage(found.id, ada, "Are you there?", "c-1")).rejects.toMatchObject({ code: "CONSOLE_PATIENT_LEFT" });
    expect(await world.store.messagesAfter(found.sessionId, 0)).toEqual(before);
  });

  it("a case whose patient left can still be taken and closed, without a word to the absent patient", async () => {
    const found = await world.openCase();
    await patient.leave(found.sessionId, "leave-3");
    await world.cases.claim(found.id, ada);
    const closed = await world.cases.close(found.id, ada, "patient_unreachable");
    expect(closed.state).toBe("closed");
    const lines = (await world.store.messagesAfter(found.sessionId, 0)).filter((m) => m.body.kind === "handoff");
    // Nothing after "left": neither "joined" nor the closing message goes to a patient who is gone.
    expect(lines.map((m) => m.body.kind === "handoff" && m.body.status).slice(-1)).toEqual(["left"]);
    expect((await world.store.readAuditEvents(found.sessionId, 0)).map((e) => e.type)).toEqual(
      expect.arrayContaining(["clinician.joined", "clinician.closed"]),
    );
  });

  it("leaving twice, or with no case open, changes nothing", async () => {
    const found = await world.openCase();
    await patient.leave(found.sessionId, "leave-4");
    expect(await patient.leave(found.sessionId, "leave-5")).toBeUndefined();
  });

  it("a closing that sends the patient to emergency care carries the emergency numbers as call links", async () => {
    const found = await world.openCase({ locale: "en" });
    await world.cases.claim(found.id, ada);
    await world.cases.close(found.id, ada, "referred_emergency");
    const closing = (await world.store.messagesAfter(found.sessionId, 0)).at(-1);
    expect(closing?.body).toMatchObject({
      kind: "handoff",
      status: "closed",
      emergencyNumbers: [
        { number: "15", label: expect.any(String) },
        { number: "112", label: expect.any(String) },
      ],
    });
  });

  it("stores a valid call-back number on the case, audits that one was given without it, and shows the patient its last digits", async () => {
    const found = await world.openCase({ urgency: "SOON" });
    const view = await patient.giveContact(found.sessionId, "06 12 34 56 78", "contact-1");
    expect(view).toMatchObject({ caseId: found.id, stage: "waiting", phone: "••• 78", callBack: true });
    expect((await world.cases.get(found.id)).contactPhone).toBe("+33612345678");
    const audit = await world.store.readAuditEvents(found.sessionId, 0);
    expect(audit.at(-1)).toMatchObject({ type: "patient.contact_given", payload: { caseId: found.id, country: "FR" } });
    expect(JSON.stringify(audit)).not.toContain("612345678");
  });

  it("refuses a number that is not French or Moroccan, and a number once the patient left", async () => {
    const found = await world.openCase();
    await expect(patient.giveContact(found.sessionId, "12345", "contact-2")).rejects.toMatchObject({ code: "TRIAGE_INVALID_PHONE" });
    await expect(patient.giveContact(found.sessionId, "+44 20 7946 0958", "contact-3")).rejects.toMatchObject({ code: "TRIAGE_INVALID_PHONE" });
    await patient.leave(found.sessionId, "leave-6");
    await expect(patient.giveContact(found.sessionId, "06 12 34 56 78", "contact-4")).rejects.toMatchObject({ code: "TRIAGE_NO_OPEN_CASE" });
  });

  it("the waiting screen counts the waiting cases the queue serves first and the minutes to the deadline", async () => {
    const soon = await world.openCase({ urgency: "SOON", slaMinutes: 240 });
    const views = await patient.views([soon.sessionId]);
    const view = views.get(soon.sessionId)!;
    const queue = await world.cases.queue();
    const servedFirst = queue.filter(
      (c) => c.state === "open" && !c.patientLeftAt && c.id !== soon.id && queue.indexOf(c) < queue.findIndex((q) => q.id === soon.id),
    );
    expect(view.ahead).toBe(servedFirst.length);
    expect(view.ahead).toBeGreaterThan(0);
    expect(view.expectedWaitMinutes).toBe(240);
    await world.cases.claim(soon.id, ada);
    expect((await patient.views([soon.sessionId])).get(soon.sessionId)).toMatchObject({ stage: "claimed", ahead: 0 });
  });

  it("gives every waiting screen of a queue change the place it gives each one alone (one ranking for many, one count for one)", async () => {
    const opened = [
      await world.openCase({ urgency: "SOON", slaMinutes: 240 }),
      await world.openCase({ urgency: "URGENT", slaMinutes: 60 }),
      await world.openCase({ urgency: "SOON", slaMinutes: 120 }),
      await world.openCase({ urgency: "EMERGENCY", slaMinutes: 5 }),
      await world.openCase({ urgency: "ROUTINE", slaMinutes: 1440 }),
    ];
    const sessions = opened.map((c) => c.sessionId);
    const together = await patient.views(sessions);
    for (const sessionId of sessions) expect(together.get(sessionId)).toEqual((await patient.views([sessionId])).get(sessionId));
    const ahead = (i: number) => together.get(sessions[i]!)!.ahead;
    // Most urgent first, then the nearest deadline.
    expect(ahead(3)).toBeLessThan(ahead(1));
    expect(ahead(1)).toBeLessThan(ahead(2));
    expect(ahead(2)).toBeLessThan(ahead(0));
    expect(ahead(0)).toBeLessThan(ahead(4));
  });

  it("a session without an open case has no waiting screen", async () => {
    expect((await patient.views(["no-such-session"])).get("no-such-session")).toBeNull();
  });

  it("the SLA monitor does not chase a case whose patient left", async () => {
    const found = await world.openCase({ slaMinutes: 1 });
    await patient.leave(found.sessionId, "leave-7");
    const due = await world.repositories.cases.dueForBreach(new Date(world.clock.now().getTime() + 3_600_000), 100);
    expect(due.map((c) => c.id)).not.toContain(found.id);
  });
});
