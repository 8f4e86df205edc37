import { describe, expect, it } from "vitest";
import { appendAdminEvent } from "../../bot/audit/appendAdminEvent.js";
import { hashEvent } from "../../bot/audit/hashEvent.js";
import { verifyChains, type ChainReport } from "../../bot/audit/verifyChains.js";
import type { Json } from "../../bot/engine/ports.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { DRIVERS, makeTurn, rawQuery } from "../store/storeFixtures.js";
import { useTestStore } from "../store/useTestStore.js";

/** Three turns: a stream of six events. */
async function sessionWithSixEvents(store: PrismaStore, id: string): Promise<void> {
  await store.commitTurn(makeTurn(id, "c1", { isNew: true }));
  await store.commitTurn(makeTurn(id, "c2"));
  await store.commitTurn(makeTurn(id, "c3"));
}

async function reportOf(store: PrismaStore, stream: string): Promise<ChainReport> {
  const report = (await verifyChains(store)).find((r) => r.stream === stream);
  if (!report) throw new Error(`no report for ${stream}`);
  return report;
}

/** Rewrites an event's payload and its hash as a forger who knows the hash rule would. */
async function forge(store: PrismaStore, stream: string, seq: number, payload: Json): Promise<void> {
  const [row] = await rawQuery<{ at: string; type: string; prev_hash: string }>(
    store,
    "SELECT at, type, prev_hash FROM audit_events WHERE stream = ? AND seq = ?",
    stream,
    seq,
  );
  const hash = hashEvent({ stream, seq, at: row!.at, type: row!.type, payload, prevHash: row!.prev_hash });
  await rawQuery(store, "UPDATE audit_events SET payload = ?, hash = ? WHERE stream = ? AND seq = ?", JSON.stringify(payload), hash, stream, seq);
}

describe.each(DRIVERS)("audit chains on %s", (driver) => {
  const db = useTestStore(driver);

  it("verifies every chain after many concurrent turns and admin events", async () => {
    await Promise.all(
      Array.from({ length: 20 }, async (_, s) => {
        await db.store.commitTurn(makeTurn(`many-${s}`, "c0", { isNew: true }));
        for (let t = 1; t < 10; t += 1) await db.store.commitTurn(makeTurn(`many-${s}`, `c${t}`, { handoff: t === 9 }));
      }),
    );
    await appendAdminEvent(db.store, { stream: "admin", type: "console.login", payload: { method: "password" }, actor: "user-1" });
    await appendAdminEvent(db.store, { stream: "admin", type: "case.claimed", payload: { caseId: "k1" }, actor: "user-1" });
    const reports = await verifyChains(db.store);
    expect(reports).toHaveLength(21);
    expect(reports.every((r) => r.ok)).toBe(true);
    expect(reports.find((r) => r.stream === "many-0")).toEqual({ stream: "many-0", ok: true, events: 20 });
    expect(reports.find((r) => r.stream === "admin")).toEqual({ stream: "admin", ok: true, events: 2 });
  });

  it("detects an edited payload", async () => {
    await sessionWithSixEvents(db.store, "t-edit");
    await rawQuery(
      db.store,
      "UPDATE audit_events SET payload = ? WHERE stream = ? AND seq = ?",
      '{"clientMessageId":"c2","text":"something else"}',
      "t-edit",
      3,
    );
    expect(await reportOf(db.store, "t-edit")).toMatchObject({
      ok: false,
      events: 6,
      firstBroken: { seq: 3, problem: expect.stringContaining("hash does not match") },
    });
  });

  it("detects a deleted event in the middle", async () => {
    await sessionWithSixEvents(db.store, "t-delete");
    await rawQuery(db.store, "DELETE FROM audit_events WHERE stream = ? AND seq = ?", "t-delete", 3);
    expect(await reportOf(db.store, "t-delete")).toMatchObject({ ok: false, events: 5, firstBroken: { seq: 3, problem: expect.stringContaining("missing") } });
  });

  it("detects a deleted last event", async () => {
    await sessionWithSixEvents(db.store, "t-last");
    await rawQuery(db.store, "DELETE FROM audit_events WHERE stream = ? AND seq = ?", "t-last", 6);
    expect(await reportOf(db.store, "t-last")).toMatchObject({ ok: false, events: 5, firstBroken: { seq: 6, problem: expect.stringContaining("missing") } });
  });

  it("detects two events swapped", async () => {
    await sessionWithSixEvents(db.store, "t-swap");
    await rawQuery(db.store, "UPDATE audit_events SET seq = -1 WHERE stream = ? AND seq = 3", "t-swap");
    await rawQuery(db.store, "UPDATE audit_events SET seq = 3 WHERE stream = ? AND seq = 4", "t-swap");
    await rawQuery(db.store, "UPDATE audit_events SET seq = 4 WHERE stream = ? AND seq = -1", "t-swap");
    expect(await reportOf(db.store, "t-swap")).toMatchObject({ ok: false, events: 6, firstBroken: { seq: 3 } });
  });

  it("detects a forged hash: an edited event re-hashed no longer matches its successor's prev_hash", async () => {
    await sessionWithSixEvents(db.store, "t-forge");
    await forge(db.store, "t-forge", 3, { clientMessageId: "c2", text: "forged" });
    expect(await reportOf(db.store, "t-forge")).toMatchObject({ ok: false, firstBroken: { seq: 4, problem: expect.stringContaining("prev_hash") } });
  });

  it("detects a forged last event against the recorded head", async () => {
    await sessionWithSixEvents(db.store, "t-forge-last");
    await forge(db.store, "t-forge-last", 6, { from: "q1", to: "EMERGENCY" });
    expect(await reportOf(db.store, "t-forge-last")).toMatchObject({ ok: false, firstBroken: { seq: 6, problem: expect.stringContaining("head") } });
  });

  it("detects a replaced hash value", async () => {
    await sessionWithSixEvents(db.store, "t-hash");
    await rawQuery(db.store, "UPDATE audit_events SET hash = ? WHERE stream = ? AND seq = ?", "f".repeat(64), "t-hash", 2);
    expect(await reportOf(db.store, "t-hash")).toMatchObject({ ok: false, firstBroken: { seq: 2 } });
  });

  it("detects tampering in the admin stream", async () => {
    await appendAdminEvent(db.store, { stream: "admin", type: "user.created", payload: { userId: "u9", role: "clinician" }, actor: "user-1" });
    await rawQuery(
      db.store,
      "UPDATE audit_events SET payload = ? WHERE stream = ? AND seq = ?",
      '{"actor":"user-1","details":{"userId":"u9","role":"admin"}}',
      "admin",
      3,
    );
    expect(await reportOf(db.store, "admin")).toMatchObject({ ok: false, firstBroken: { seq: 3 } });
  });

  it("still reports every untouched chain as intact", async () => {
    const reports = await verifyChains(db.store);
    const broken = reports
      .filter((r) => !r.ok)
      .map((r) => r.stream)
      .sort();
    expect(broken).toEqual(["admin", "t-delete", "t-edit", "t-forge", "t-forge-last", "t-hash", "t-last", "t-swap"]);
  });
});
