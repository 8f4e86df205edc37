import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ConsoleUser } from "../../bot/auth/authStore.js";
import { verifyChains } from "../../bot/audit/verifyChains.js";
import { runCli } from "../../bot/cli/runCli.js";
import { applyRetention } from "../../bot/retention/applyRetention.js";
import type { RetentionPolicy } from "../../bot/retention/retentionPolicy.js";
import type { Runtime } from "../../bot/runtime.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { capture } from "../ops/cliRun.js";
import { DRIVERS, rawQuery, type TestDatabase } from "../store/storeFixtures.js";
import { handedOffSession, runtimeWithClinician } from "./handedOffSessions.js";

/*
 * Retention periods on the real runtime, SQLite and PostgreSQL. Time is moved by running the job
 * "later" (its `now`), never by sleeping: 10 days on, only free text (7 days) has gone; 40 days on,
 * transcripts, closed cases and audit payloads (30 days) have gone too, except for the session
 * whose case is still open. The chains verify at every step.
 */

const TYPED = "it started after lunch with my brother";
const POLICY: RetentionPolicy = { transcriptDays: 30, freeTextDays: 7, caseDays: 30, auditPayloadDays: 30 };
const DAY = 86_400_000;

/** Two calm answers, "talk to a human", a clinician's reply, the patient's typed message and a note; closes the case unless `keepOpen`. */
const handedOff = (runtime: Runtime, clinician: ConsoleUser, key: string, keepOpen = false) =>
  handedOffSession(runtime, clinician, key, {
    locale: "fr",
    clinicianReply: "Bonjour, je vous écoute.",
    patientText: TYPED,
    note: `note ${key}`,
    close: keepOpen ? undefined : { disposition: "advice_given", summary: "Repos, rappeler si besoin." },
  });

describe.each(DRIVERS)("retention on %s", (driver) => {
  let database: TestDatabase;
  let runtime: Runtime;
  let store: PrismaStore;
  let closed: string;
  let open: string;

  const messagesOf = (sessionId: string) => rawQuery<{ body: string }>(store, "SELECT body FROM messages WHERE session_id = ? ORDER BY seq", sessionId);
  const allOk = async () => (await verifyChains(store)).filter((r) => !r.ok);

  beforeAll(async () => {
    let clinician: ConsoleUser;
    ({ database, runtime, store, clinician } = await runtimeWithClinician(driver, "retention tests", {
      email: "lou@example.org",
      displayName: "Dr Lou Petit",
    }));
    closed = await handedOff(runtime, clinician, "closed");
    open = await handedOff(runtime, clinician, "open", true);
  }, 120_000);

  afterAll(async () => {
    await runtime?.close();
    await database?.drop();
  });

  it("does nothing from the command line while no period is set", async () => {
    const run = capture();
    expect(await runCli(["retention", "run", "--database-url", database.url], run.io)).toBe(0);
    expect(run.out()).toContain("no retention period is set");
  });

  it("removes only free text once its period has passed, and the chains still verify", async () => {
    const report = await applyRetention(store, POLICY, new Date(Date.now() + 10 * DAY));
    expect(report).toMatchObject({ transcripts: 0, cases: 0, auditPayloads: 0 });
    expect(report.freeTexts).toBeGreaterThan(0);
    const bodies = (await messagesOf(closed)).map((m) => m.body).join("\n");
    expect(bodies).not.toContain(TYPED);
    expect(bodies).not.toContain("je vous écoute");
    // The questions and answers are a transcript, kept for 30 days.
    expect(bodies).toContain('"kind":"question"');
    expect(await rawQuery(store, "SELECT n.id FROM case_notes n JOIN handoff_cases c ON c.id = n.case_id WHERE c.session_id = ?", closed)).toEqual([]);
    // The session whose case is still open keeps everything.
    expect((await messagesOf(open)).map((m) => m.body).join("\n")).toContain(TYPED);
    expect(await allOk()).toEqual([]);
  });

  it("removes transcripts, closed cases and audit payloads after theirs, keeps an open case's session, and verifies", async () => {
    const later = new Date(Date.now() + 40 * DAY);
    const report = await applyRetention(store, POLICY, later);
    expect(report.transcripts).toBe(1);
    expect(report.cases).toBe(1);
    expect(report.auditPayloads).toBeGreaterThan(0);
    expect(await messagesOf(closed)).toEqual([]);
    expect(await rawQuery(store, "SELECT id FROM handoff_cases WHERE session_id = ?", closed)).toEqual([]);
    const session = (await store.getSession(closed))!;
    expect(session.status).toBe("closed");
    expect(session.state.frames.every((f) => f.snapshot.context.answered.length === 0)).toBe(true);
    expect((await messagesOf(open)).length).toBeGreaterThan(0);

    const reports = await verifyChains(store);
    expect(reports.filter((r) => !r.ok)).toEqual([]);
    // Every session chain's events were older than 30 days "later": all erased, each still checked from its digest.
    for (const id of [closed, open]) {
      const chain = reports.find((r) => r.stream === id)!;
      expect(chain.erased).toBe(chain.events);
    }
    const admin = (await store.readAuditEvents("admin", 0, 10_000)).filter((e) => e.type === "retention.applied");
    expect(admin.map((e) => (e.payload as { details: { kind: string } }).details.kind).sort()).toEqual(["auditPayloads", "cases", "freeText", "transcripts"]);
    expect(JSON.stringify(admin)).not.toContain(TYPED);
  });

  it("finds nothing left on a second run", async () => {
    expect(await applyRetention(store, POLICY, new Date(Date.now() + 41 * DAY))).toEqual({ transcripts: 0, freeTexts: 0, cases: 0, auditPayloads: 0 });
    expect(await allOk()).toEqual([]);
  });
});
