import { describe, expect, it } from "vitest";
import { verifyChains } from "../../bot/audit/verifyChains.js";
import { FlowCatalog } from "../../bot/engine/flowCatalog.js";
import { FixedClock } from "../../bot/engine/systemClock.js";
import { tinyFlow } from "../fixtures/tinyFlow.js";
import { DRIVERS } from "./storeFixtures.js";
import { useTestStore } from "./useTestStore.js";

describe.each(DRIVERS)("flow versions on %s", (driver) => {
  const db = useTestStore(driver);

  it("numbers published versions from 1 and serves the latest and each pinned one", async () => {
    const flow = tinyFlow();
    const v1 = await db.store.publishFlowVersion({ definition: flow, author: "admin-1", changeNote: "first" });
    const v2 = await db.store.publishFlowVersion({
      definition: { ...flow, title: { fr: "Petit 2", en: "Tiny 2" } },
      author: "admin-1",
      changeNote: "retitled",
    });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(v2.definition.version).toBe(2);
    expect((await db.store.latestFlowVersion("tiny"))?.version).toBe(2);
    expect((await db.store.flowVersion("tiny", 1))?.definition.title).toEqual({ fr: "Petit", en: "Tiny" });
    expect(await db.store.flowVersion("tiny", 3)).toBeUndefined();
    expect(await db.store.latestFlowVersion("nope")).toBeUndefined();
  });

  it("never changes a published version: publishing again makes a new one", async () => {
    const before = await db.store.flowVersion("tiny", 1);
    await db.store.publishFlowVersion({ definition: { ...tinyFlow(), title: { fr: "Autre", en: "Other" } }, author: "admin-2", changeNote: "third" });
    expect(await db.store.flowVersion("tiny", 1)).toEqual(before);
    expect((await db.store.listFlowVersions("tiny")).map((v) => v.version)).toEqual([3, 2, 1]);
  });

  it("keeps a draft apart from the published versions until it is published", async () => {
    const draftVersion = await db.store.saveFlowDraft({
      definition: { ...tinyFlow(), title: { fr: "Brouillon", en: "Draft" } },
      author: "admin-1",
      changeNote: "wip",
    });
    expect(draftVersion).toBe(4);
    expect((await db.store.latestFlowVersion("tiny"))?.version).toBe(3);
    expect((await db.store.flowDraft("tiny"))?.definition.title).toEqual({ fr: "Brouillon", en: "Draft" });
    const published = await db.store.publishFlowVersion({
      definition: { ...tinyFlow(), title: { fr: "Final", en: "Final" } },
      author: "admin-1",
      changeNote: "done",
    });
    expect(published.version).toBe(4);
    expect(await db.store.flowDraft("tiny")).toBeUndefined();
    expect((await db.store.listFlows())[0]).toMatchObject({ slug: "tiny", title: "Final", latestVersion: 4, hasDraft: false });
  });

  it("records every flow save and publication in the admin audit chain", async () => {
    const events = await db.store.readAuditEvents("admin", 0);
    expect(events.map((e) => e.type)).toEqual(["flow.published", "flow.published", "flow.published", "flow.draft_saved", "flow.published"]);
    expect(events[0]!.payload).toEqual({ actor: "admin-1", details: { slug: "tiny", version: 1, changeNote: "first" } });
    const reports = await verifyChains(db.store);
    expect(reports).toEqual([{ stream: "admin", ok: true, events: 5 }]);
  });

  it("gives the latest published version's number alone, and the catalog follows a publication after its TTL with it", async () => {
    expect(await db.store.latestPublishedVersion("tiny")).toBe(4);
    expect(await db.store.latestPublishedVersion("nope")).toBeUndefined();
    const clock = new FixedClock();
    const catalog = new FlowCatalog(db.store, { clock, latestTtlMs: 1_000 });
    expect((await catalog.latest("tiny"))?.flow.version).toBe(4);
    // Another instance publishes: seen once the pointer's TTL has passed, compiled from the pinned version.
    await db.store.publishFlowVersion({ definition: { ...tinyFlow(), title: { fr: "Cinq", en: "Five" } }, author: "admin-1", changeNote: "fifth" });
    expect((await catalog.latest("tiny"))?.flow.version).toBe(4);
    clock.advance(1_001);
    expect((await catalog.latest("tiny"))?.flow.title).toEqual({ fr: "Cinq", en: "Five" });
  });
});
