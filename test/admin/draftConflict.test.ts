import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminError } from "../../bot/admin/adminError.js";
import { AdminFlows } from "../../bot/admin/adminFlows.js";
import { discardDraft } from "../../bot/admin/discardDraft.js";
import { appendInTransaction } from "../../bot/store/auditLog.js";
import { editOutcome } from "../../bot/admin/editFlowNode.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import type { Flow } from "../../flows/index.js";
import { DRIVERS } from "../store/storeFixtures.js";
import { LEAD, openHeadacheDraft, type HeadacheDraft } from "./adminFixtures.js";

/*
 * Two administrators editing the same draft (issue 7): each save sends the revision its editor
 * loaded; a save based on an older revision is refused with 409 and the draft keeps the first one.
 */

const lead = LEAD;
const other = { id: "u2", email: "other@clinic.example" };

const retitled = (flow: Flow, en: string): Flow => ({ ...flow, title: { ...flow.title, en } });
const urgencyOfSelfCare = (flow: Flow, urgency: string): Flow =>
  editOutcome(flow, "self_care", {
    urgency,
    routing: "routine_teleconsultation",
    title: { fr: "a", en: "a" },
    advice: { fr: "b", en: "b" },
    safetyNet: { fr: "c", en: "c" },
  });

describe.each(DRIVERS)("draft edit conflicts on %s", (driver) => {
  let draft: HeadacheDraft;
  let store: PrismaStore;
  let flows: AdminFlows;

  beforeAll(async () => {
    draft = await openHeadacheDraft(driver);
    ({ store, flows } = draft);
  });
  afterAll(async () => draft?.close());

  it("refuses the second of two saves made from the same revision with 409, and keeps the first", async () => {
    const opened = await flows.requireDraft("headache");
    await flows.saveDraft("headache", retitled(opened.definition, "First editor"), lead, "first", opened.revision);
    const second = flows.saveDraft("headache", retitled(opened.definition, "Second editor"), other, "second", opened.revision);
    await expect(second).rejects.toBeInstanceOf(AdminError);
    await expect(second).rejects.toMatchObject({ code: "ADMIN_DRAFT_CONFLICT", httpStatus: 409 });
    const stored = await flows.requireDraft("headache");
    expect(stored.definition.title.en).toBe("First editor");
    expect(stored.changeNote).toBe("first");
    expect(stored.revision).not.toBe(opened.revision);
    const saves = (await store.readAuditEvents("admin", 0))
      .filter((e) => e.type === "flow.draft_saved")
      .map((e) => (e.payload as { details: { changeNote: string } }).details.changeNote);
    expect(saves).not.toContain("second");
  });

  it("accepts a save from the revision just read, after a reload", async () => {
    const reloaded = await flows.requireDraft("headache");
    await flows.saveDraft("headache", urgencyOfSelfCare(reloaded.definition, "ROUTINE"), other, "after reload", reloaded.revision);
    const stored = await flows.requireDraft("headache");
    expect(stored.definition.title.en).toBe("First editor");
    expect(stored.definition.nodes.find((n) => n.id === "self_care")).toMatchObject({ urgency: "ROUTINE" });
  });

  it("lets exactly one of two simultaneous saves from one revision through", async () => {
    const opened = await flows.requireDraft("headache");
    const results = await Promise.allSettled([
      flows.saveDraft("headache", retitled(opened.definition, "Racer A"), lead, "a", opened.revision),
      flows.saveDraft("headache", retitled(opened.definition, "Racer B"), other, "b", opened.revision),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const winner = results[0]!.status === "fulfilled" ? "Racer A" : "Racer B";
    expect((await flows.requireDraft("headache")).definition.title.en).toBe(winner);
    expect(results.find((r) => r.status === "rejected")).toMatchObject({ reason: { code: "ADMIN_DRAFT_CONFLICT" } });
  });

  it("refuses to publish when the draft changed since the revision reviewed, publishing nothing", async () => {
    const reviewed = await flows.requireDraft("headache");
    await flows.saveDraft("headache", retitled(reviewed.definition, "Changed after review"), other, "after review", reviewed.revision);
    const refused = flows.publish("headache", "publish what I reviewed", lead, reviewed.revision);
    await expect(refused).rejects.toMatchObject({ code: "ADMIN_DRAFT_CONFLICT", httpStatus: 409, details: { action: "publish" } });
    expect((await store.listFlowVersions("headache")).filter((v) => v.status === "published")).toHaveLength(1);
    expect((await flows.requireDraft("headache")).definition.title.en).toBe("Changed after review");
  });

  it("publishes exactly the reviewed draft when its revision still holds", async () => {
    const reviewed = await flows.requireDraft("headache");
    const { record } = await flows.publish("headache", "reviewed", lead, reviewed.revision);
    expect(record.definition.title.en).toBe("Changed after review");
    expect(await flows.draft("headache")).toBeUndefined();
    // The draft is gone: publishing that revision again is a conflict, not a second version.
    await expect(flows.publish("headache", "again", lead, reviewed.revision)).rejects.toMatchObject({ code: "ADMIN_DRAFT_CONFLICT" });
    expect((await store.listFlowVersions("headache")).filter((v) => v.status === "published").map((v) => v.version)).toEqual([2, 1]);
  });

  it("lets exactly one of a publish and a save racing from one revision through, and publishes only the reviewed content", async () => {
    await flows.createDraft("headache", lead);
    const opened = await flows.requireDraft("headache");
    const [published, saved] = await Promise.allSettled([
      flows.publish("headache", "race", lead, opened.revision),
      flows.saveDraft("headache", retitled(opened.definition, "Saved in the race"), other, "race save", opened.revision),
    ]);
    expect([published.status, saved.status].sort()).toEqual(["fulfilled", "rejected"]);
    const latest = await store.latestFlowVersion("headache");
    if (published.status === "fulfilled") {
      expect(latest?.version).toBe(3);
      expect(latest?.definition.title.en).toBe(opened.definition.title.en);
      expect(saved).toMatchObject({ reason: { code: "ADMIN_DRAFT_CONFLICT" } });
    } else {
      expect(latest?.version).toBe(2);
      expect((await flows.requireDraft("headache")).definition.title.en).toBe("Saved in the race");
      expect(published).toMatchObject({ reason: { code: "ADMIN_DRAFT_CONFLICT" } });
    }
  });

  it("refuses to discard a draft changed since it was opened, keeping it; discards it from the current revision", async () => {
    // The race above left a draft only when the save won.
    await flows.createDraft("headache", lead);
    const opened = await flows.requireDraft("headache");
    await flows.saveDraft("headache", retitled(opened.definition, "Kept"), other, "keep me", opened.revision);
    const refused = discardDraft(store, appendInTransaction, "headache", lead, new Date(), opened.revision);
    await expect(refused).rejects.toMatchObject({ code: "ADMIN_DRAFT_CONFLICT", httpStatus: 409, details: { action: "discard" } });
    const kept = await flows.requireDraft("headache");
    expect(kept.definition.title.en).toBe("Kept");
    const discarded = (await store.readAuditEvents("admin", 0)).filter((e) => e.type === "flow.draft_discarded");
    expect(discarded).toHaveLength(0);
    await discardDraft(store, appendInTransaction, "headache", lead, new Date(), kept.revision);
    expect(await flows.draft("headache")).toBeUndefined();
    expect((await store.readAuditEvents("admin", 0)).filter((e) => e.type === "flow.draft_discarded")).toHaveLength(1);
    await flows.createDraft("headache", lead);
  });

  it("refuses a save based on a draft that was published meanwhile", async () => {
    const opened = await flows.requireDraft("headache");
    await store.publishFlowVersion({ definition: opened.definition, author: "lead@clinic.example", changeNote: "published by the other" });
    await expect(flows.saveDraft("headache", retitled(opened.definition, "Late"), lead, "late", opened.revision)).rejects.toMatchObject({
      code: "ADMIN_DRAFT_CONFLICT",
    });
    expect(await flows.draft("headache")).toBeUndefined();
  });

  it("never lets a rollback consume a draft saved while it runs: the rollback is refused or the draft survives it", async () => {
    for (let round = 0; round < 8; round += 1) {
      const base = (await store.latestFlowVersion("headache"))!.definition;
      const title = `Saved during rollback ${round}`;
      const [rolledBack, saved] = await Promise.allSettled([
        flows.rollback("headache", 1, lead),
        flows.saveDraft("headache", retitled(base, title), other, `race ${round}`),
      ]);
      expect(saved.status).toBe("fulfilled");
      if (rolledBack.status === "rejected") expect(rolledBack.reason).toMatchObject({ code: "ADMIN_INVALID_EDIT" });
      // Whichever came first, the administrator's edits are still the open draft, and nothing published them.
      const draft = await flows.requireDraft("headache");
      expect(draft.definition.title.en).toBe(title);
      expect((await store.latestFlowVersion("headache"))?.definition.title.en).not.toBe(title);
      await discardDraft(store, appendInTransaction, "headache", lead, new Date(), draft.revision);
    }
  });
});
