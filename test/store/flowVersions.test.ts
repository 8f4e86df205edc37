import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyChains } from "../../bot/audit/verifyChains.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { tinyFlow } from "../fixtures/tinyFlow.js";
import { DRIVERS, createTestDatabase, openTestStore, type TestDatabase } from "./storeFixtures.js";

describe.each(DRIVERS)("flow versions on %s", (driver) => {
  let database: TestDatabase;
  let store: PrismaStore;

  beforeAll(async () => {
    database = await createTestDatabase(driver);
    store = await openTestStore(database.url);
  });
  afterAll(async () => {
    await store?.close();
    await database?.drop();
  });

  it("numbers published versions from 1 and serves the latest and each pinned one", async () => {
    const flow = tinyFlow();
    const v1 = await store.publishFlowVersion({ definition: flow, author: "admin-1", changeNote: "first" });
    const v2 = await store.publishFlowVersion({ definition: { ...flow, title: { fr: "Petit 2", en: "Tiny 2" } }, author: "admin-1", changeNote: "retitled" });
    expect([v1.version, v2.version]).toEqual([1, 2]);
    expect(v2.definition.version).toBe(2);
    expect((await store.latestFlowVersion("tiny"))?.version).toBe(2);
    expect((await store.flowVersion("tiny", 1))?.definition.title).toEqual({ fr: "Petit", en: "Tiny" });
    expect(await store.flowVersion("tiny", 3)).toBeUndefined();
    expect(await store.latestFlowVersion("nope")).toBeUndefined();
  });

  it("never changes a published version: publishing again makes a new one", async () => {
    const before = await store.flowVersion("tiny", 1);
    await store.publishFlowVersion({ definition: { ...tinyFlow(), title: { fr: "Autre", en: "Other" } }, author: "admin-2", changeNote: "third" });
    expect(await store.flowVersion("tiny", 1)).toEqual(before);
    expect((await store.listFlowVersions("tiny")).map((v) => v.version)).toEqual([3, 2, 1]);
  });

  it("keeps a draft apart from the published versions until it is published", async () => {
    const draftVersion = await store.saveFlowDraft({ definition: { ...tinyFlow(), title: { fr: "Brouillon", en: "Draft" } }, author: "admin-1", changeNote: "wip" });
    expect(draftVersion).toBe(4);
    expect((await store.latestFlowVersion("tiny"))?.version).toBe(3);
    expect((await store.flowDraft("tiny"))?.definition.title).toEqual({ fr: "Brouillon", en: "Draft" });
    const published = await store.publishFlowVersion({ definition: { ...tinyFlow(), title: { fr: "Final", en: "Final" } }, author: "admin-1", changeNote: "done" });
    expect(published.version).toBe(4);
    expect(await store.flowDraft("tiny")).toBeUndefined();
    expect((await store.listFlows())[0]).toMatchObject({ slug: "tiny", title: "Final", latestVersion: 4, hasDraft: false });
  });

  it("records every flow save and publication in the admin audit chain", async () => {
    const events = await store.readAuditEvents("admin", 0);
    expect(events.map((e) => e.type)).toEqual(["flow.published", "flow.published", "flow.published", "flow.draft_saved", "flow.published"]);
    expect(events[0]!.payload).toEqual({ actor: "admin-1", details: { slug: "tiny", version: 1, changeNote: "first" } });
    const reports = await verifyChains(store);
    expect(reports).toEqual([{ stream: "admin", ok: true, events: 5 }]);
  });
});
