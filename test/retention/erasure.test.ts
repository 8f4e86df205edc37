import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConsoleUser } from "../../bot/auth/authStore.js";
import { verifyChains } from "../../bot/audit/verifyChains.js";
import { runCli } from "../../bot/cli/runCli.js";
import { createFhirService } from "../../bot/fhir/fhirService.js";
import { eraseSession } from "../../bot/retention/eraseSession.js";
import type { Runtime } from "../../bot/runtime.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { capture, triageProcess } from "../ops/cliRun.js";
import { DRIVERS, rawQuery, type TestDatabase } from "../store/storeFixtures.js";
import { handedOffSession, runtimeWithClinician } from "./handedOffSessions.js";

/*
 * A patient's erasure request on the real runtime, SQLite and PostgreSQL: a chest-pain triage
 * handed to a clinician who chats and writes a note, then `triage erase`. What the patient said
 * is nowhere in the database afterwards, the audit chains still verify, replay and export say the
 * session was erased, and a payload removed without an erasure record is still caught.
 */

const SECRET_TEXT = "my neighbour Jeanne Dupont drove me here";
const NOTE = "Patient anxious, lives alone";

/** Two calm answers, a typed message, "talk to a human", a clinician's reply and note: returns the session id. */
const handedOff = (runtime: Runtime, clinician: ConsoleUser, key: string) =>
  handedOffSession(runtime, clinician, key, { locale: "en", clinicianReply: "Hello, how can I help?", patientText: SECRET_TEXT, note: NOTE });

describe.each(DRIVERS)("erasure on %s", (driver) => {
  let database: TestDatabase;
  let runtime: Runtime;
  let store: PrismaStore;
  let clinician: ConsoleUser;
  let erased: string;
  let kept: string;

  beforeAll(async () => {
    ({ database, runtime, store, clinician } = await runtimeWithClinician(driver, "erasure tests", {
      email: "sam@example.org",
      displayName: "Dr Sam Bernard",
    }));
    erased = await handedOff(runtime, clinician, "e");
    kept = await handedOff(runtime, clinician, "k");
  }, 120_000);

  afterAll(async () => {
    await runtime?.close();
    await database?.drop();
  });

  it("erases from the command line only when confirmed", async () => {
    const refused = capture();
    expect(await runCli(["erase", erased, "--database-url", database.url], refused.io)).toBe(2);
    expect(refused.err()).toContain("--yes");
    const run = capture();
    expect(await runCli(["erase", erased, "--yes", "--database-url", database.url], run.io)).toBe(0);
    expect(run.out()).toMatch(new RegExp(`session ${erased} erased at .*: \\d+ messages, \\d+ audit payloads, 1 cases, 1 notes`));
  });

  it("leaves nothing the patient or the clinician wrote, in any table, for the erased session only", async () => {
    const tables = ["sessions", "messages", "turns", "audit_events", "handoff_cases", "case_notes"];
    const dump = async () => {
      const rows: unknown[] = [];
      for (const table of tables) rows.push(...(await rawQuery(store, `SELECT * FROM ${table}`)));
      return JSON.stringify(rows);
    };
    const everything = await dump();
    // The other session still holds the same words: the search would find them if they were left.
    expect(everything).toContain(SECRET_TEXT);
    const ofErased = async (table: string, column: string) => JSON.stringify(await rawQuery(store, `SELECT * FROM ${table} WHERE ${column} = ?`, erased));
    for (const [table, column] of [
      ["sessions", "id"],
      ["messages", "session_id"],
      ["turns", "session_id"],
      ["audit_events", "stream"],
      ["handoff_cases", "session_id"],
    ] as const) {
      const text = await ofErased(table, column);
      expect(text, table).not.toContain(SECRET_TEXT);
      expect(text, table).not.toContain("Hello, how can I help?");
      expect(text, table).not.toContain("chest_pain_spreading");
    }
    expect(await rawQuery(store, "SELECT * FROM messages WHERE session_id = ?", erased)).toEqual([]);
    const notes = await rawQuery<{ text: string }>(
      store,
      "SELECT n.text FROM case_notes n JOIN handoff_cases c ON c.id = n.case_id WHERE c.session_id = ?",
      erased,
    );
    expect(notes).toEqual([]);
    const session = (await store.getSession(erased))!;
    expect(session.status).toBe("closed");
    expect(session.state.frames.every((f) => Object.keys(f.snapshot.context.answers).length === 0)).toBe(true);
    expect((await store.getSession(kept))!.state.frames[0]!.snapshot.context.answered.length).toBeGreaterThan(0);
  });

  it("keeps every audit chain verifying, counting the erased events", async () => {
    const reports = await verifyChains(store);
    expect(reports.filter((r) => !r.ok)).toEqual([]);
    const events = (await store.readAuditEvents(erased, 0, 10_000)).length;
    expect(reports.find((r) => r.stream === erased)).toEqual({ stream: erased, ok: true, events, erased: events - 1 });
    const run = capture();
    expect(await runCli(["audit", "verify", "--database-url", database.url], run.io)).toBe(0);
    expect(run.out()).toContain(`OK ${erased} (${events} events, ${events - 1} erased)`);
    const admin = (await store.readAuditEvents("admin", 0, 10_000)).filter((e) => e.type === "session.erased");
    expect(admin.map((e) => e.payload)).toEqual([
      { actor: "cli", details: { sessionId: erased, auditPayloads: events - 1, messages: expect.any(Number), cases: 1, notes: 1 } },
    ]);
  });

  it("says the session was erased when it is replayed or exported, with a code", async () => {
    const replay = await triageProcess(["audit", "replay", erased], { DATABASE_URL: database.url });
    expect(replay.code).toBe(1);
    expect(replay.err).toContain("TRIAGE_SESSION_ERASED: the session's health data was erased at the patient's request");
    await expect(createFhirService({ store }).exportSession(erased, { actor: "test" })).rejects.toMatchObject({ code: "FHIR_SESSION_ERASED", httpStatus: 410 });
  });

  it("refuses a patient's next message on the erased session, and erasing again changes nothing", async () => {
    await expect(runtime.conversations.send(erased, "after", { type: "text", text: "still there?" })).rejects.toMatchObject({ code: "TRIAGE_SESSION_CLOSED" });
    const again = await eraseSession(store, erased, { actor: "test" });
    expect(again.alreadyErased).toBe(true);
    expect((await store.readAuditEvents("admin", 0, 10_000)).filter((e) => e.type === "session.erased")).toHaveLength(1);
  });

  it("refuses a clinician's note on the erased session's case, writing nothing", async () => {
    const found = (await store.prisma.handoffCase.findFirst({ where: { sessionId: erased } }))!;
    const head = (await store.readAuditEvents(erased, 0, 10_000)).length;
    await expect(runtime.console!.cases.addNote(found.id, clinician, "Called back: same symptoms")).rejects.toMatchObject({
      code: "CONSOLE_SESSION_ERASED",
      httpStatus: 410,
    });
    expect(await store.prisma.caseNote.count({ where: { caseId: found.id } })).toBe(0);
    expect((await store.readAuditEvents(erased, 0, 10_000)).length).toBe(head);
  });

  it("reports a payload removed without an erasure recorded in the admin chain", async () => {
    const [row] = await rawQuery<{ seq: number; payload: string }>(
      store,
      "SELECT seq, payload FROM audit_events WHERE stream = ? ORDER BY seq LIMIT 1 OFFSET 2",
      kept,
    );
    const digest = (JSON.parse(row!.payload) as { digest: string }).digest;
    await rawQuery(store, "UPDATE audit_events SET payload = ? WHERE stream = ? AND seq = ?", `{"digest":"${digest}","v":2}`, kept, Number(row!.seq));
    const report = (await verifyChains(store)).find((r) => r.stream === kept)!;
    expect(report.ok).toBe(false);
    expect(report.firstBroken).toEqual({ seq: Number(row!.seq), problem: "payload removed without an erasure recorded in the admin chain" });
    await rawQuery(store, "UPDATE audit_events SET payload = ? WHERE stream = ? AND seq = ?", row!.payload, kept, Number(row!.seq));
    expect((await verifyChains(store)).every((r) => r.ok)).toBe(true);
  });
});
