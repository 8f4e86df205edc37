import { beforeAll, describe, expect, it } from "vitest";
import { CaseReadRepository } from "../../bot/store/caseReadRepository.js";
import { CaseRepository } from "../../bot/store/caseRepository.js";
import { migrate } from "../../bot/store/migrate.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { DRIVERS, caseIdOf, createTestDatabase, makeTurn, openTestStore, quietLogger } from "./storeFixtures.js";
import { useTestStore } from "./useTestStore.js";
import { rawBefore } from "./rawBefore.js";

/*
 * Issue 24 leftovers on real SQLite and PostgreSQL: the routing the outcome decided is stored with
 * the case it opens (and filled for cases opened before, from the session's audit), and each
 * clinician's read marks are kept on the server, one per clinician and case.
 */

/** Opens a case on a new session through the store's group commit, as the engine's turn would. */
async function openCase(store: PrismaStore, sessionId: string, routing?: "same_day_teleconsultation"): Promise<string> {
  await store.commitTurn(makeTurn(sessionId, "c1", { isNew: true }));
  const turn = makeTurn(sessionId, "c2", { handoff: true });
  if (routing) turn.handoff = { ...turn.handoff!, cause: "outcome", urgency: "SOON", routing };
  await store.commitTurn(turn);
  return caseIdOf(store, sessionId);
}

describe.each(DRIVERS)("cases' routing and read marks on %s", (driver) => {
  const db = useTestStore(driver);
  let cases: CaseRepository;
  let reads: CaseReadRepository;
  const at = new Date("2026-03-01T10:05:00.000Z");

  beforeAll(async () => {
    cases = new CaseRepository(db.store);
    reads = new CaseReadRepository(db.store);
    for (const id of ["ada", "bob"])
      await db.store.prisma.user.create({ data: { id: `${id}-${driver}`, email: `${id}-${driver}@clinic.example`, passwordHash: "x", role: "clinician" } });
  }, 60_000);

  it("stores the routing the outcome decided with the case it opens, and none for a patient's request", async () => {
    const routed = await openCase(db.store, `routed-${driver}`, "same_day_teleconsultation");
    const asked = await openCase(db.store, `asked-${driver}`);
    expect(await cases.get(routed)).toMatchObject({ routing: "same_day_teleconsultation", urgency: "SOON" });
    expect((await cases.get(asked))!.routing).toBeUndefined();
  });

  it("keeps each clinician's read mark on each case, only ever raising it", async () => {
    const ada = `ada-${driver}`;
    const bob = `bob-${driver}`;
    const one = await openCase(db.store, `read-1-${driver}`);
    const two = await openCase(db.store, `read-2-${driver}`);
    expect(await reads.markRead(ada, one, 4, at)).toBe(true);
    expect(await reads.markRead(ada, one, 2, at)).toBe(true); // an older tab: the mark stays at 4
    expect(await reads.markRead(ada, two, 7, at)).toBe(true);
    expect(await reads.markRead(bob, one, 1, at)).toBe(true);
    expect(await reads.markRead(ada, one, 9, at)).toBe(true);
    expect(await reads.marksOf(ada)).toMatchObject({ [one]: 9, [two]: 7 });
    expect(await reads.marksOf(bob)).toEqual({ [one]: 1 });
    expect(await reads.markRead(ada, "no-such-case", 3, at)).toBe(false);
  });

  it("marks two tabs' reads of one case at once without an error", async () => {
    // A race is won or lost by timing: several, the lower mark sent first and last.
    const ada = `ada-${driver}`;
    for (let round = 0; round < 8; round++) {
      const id = await openCase(db.store, `race-${driver}-${round}`);
      const marks = round % 2 === 0 ? [3, 5] : [5, 3];
      expect(await Promise.all(marks.map((seq) => reads.markRead(ada, id, seq, at)))).toEqual([true, true]);
      expect((await reads.marksOf(ada))[id]).toBe(5);
    }
  });

  it("leaves closed cases out of a clinician's marks", async () => {
    const id = await openCase(db.store, `closed-${driver}`);
    const ada = `ada-${driver}`;
    await reads.markRead(ada, id, 2, at);
    expect(await cases.claim(id, ada, at)).toBe(true);
    expect(await cases.close(id, ada, "advice_given", undefined, at)).toBe(true);
    expect((await reads.marksOf(ada))[id]).toBeUndefined();
  });
});

describe.each(DRIVERS)("the migration to stored routings on %s", (driver) => {
  it("fills a case opened by an outcome with its session's routing from the audit, and leaves a patient's request without one", async () => {
    const database = await createTestDatabase(driver, { until: "20261207093000_case_flow_urgency_history" });
    try {
      const at = driver === "sqlite" ? "2026-03-01T10:00:00.000+00:00" : "2026-03-01T10:00:00.000Z";
      // A sealed payload (as the engine writes it now) and an older inline one.
      const sealed = JSON.stringify({
        digest: "0".repeat(64),
        payload: { outcome: "seen_today", urgency: "SOON", routing: "same_day_teleconsultation" },
        salt: "s",
        v: 2,
      });
      const inline = JSON.stringify({ outcome: "call_now", urgency: "URGENT", routing: "on_call_clinician" });
      await rawBefore(database.url, driver, [
        ...["a", "b", "c"].map((s): [string, ...unknown[]] => [
          "INSERT INTO sessions (id, flow_slug, flow_version, state, locale, status, channel, urgency, last_seq, created_at, updated_at) VALUES (?, 'general', 1, '{}', 'fr', 'handoff', 'web', 'SOON', 1, ?, ?)",
          s,
          at,
          at,
        ]),
        [
          "INSERT INTO handoff_cases (id, session_id, urgency, sla_deadline, state, cause, opened_at, updated_at) VALUES ('case-a', 'a', 'SOON', ?, 'open', 'outcome', ?, ?)",
          at,
          at,
          at,
        ],
        [
          "INSERT INTO handoff_cases (id, session_id, urgency, sla_deadline, state, cause, opened_at, updated_at) VALUES ('case-b', 'b', 'URGENT', ?, 'open', 'outcome', ?, ?)",
          at,
          at,
          at,
        ],
        [
          "INSERT INTO handoff_cases (id, session_id, urgency, sla_deadline, state, cause, opened_at, updated_at) VALUES ('case-c', 'c', 'URGENT', ?, 'open', 'patient_request', ?, ?)",
          at,
          at,
          at,
        ],
        ["INSERT INTO audit_events (stream, seq, at, type, payload, prev_hash, hash) VALUES ('a', 1, 'x', 'outcome.decided', ?, 'p', 'h')", sealed],
        ["INSERT INTO audit_events (stream, seq, at, type, payload, prev_hash, hash) VALUES ('b', 1, 'x', 'outcome.decided', ?, 'p', 'h')", inline],
        ["INSERT INTO audit_events (stream, seq, at, type, payload, prev_hash, hash) VALUES ('c', 1, 'x', 'outcome.decided', ?, 'p', 'h')", inline],
      ]);
      expect(await migrate(database.url, { logger: quietLogger })).toContain("20261207120000_case_routing_and_reads");
      const store = await openTestStore(database.url);
      try {
        const cases = new CaseRepository(store);
        expect((await cases.get("case-a"))!.routing).toBe("same_day_teleconsultation");
        expect((await cases.get("case-b"))!.routing).toBe("on_call_clinician");
        expect((await cases.get("case-c"))!.routing).toBeUndefined();
      } finally {
        await store.close();
      }
    } finally {
      await database.drop();
    }
  });
});
