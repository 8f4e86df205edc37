import { error } from "@sveltejs/kit";
import { AdminFlows, type Editor, type FlowUsage, type VersionUsage } from "../../../bot/admin/adminFlows";
import type { ConsoleIdentity } from "../../../bot/auth/consoleAuth.js";
import type { Runtime } from "../../../bot/runtime.js";
import type { PrismaStore } from "../../../bot/store/prismaStore.js";
import { runtime } from "$lib/server/runtime";
import { loadLibrarySafety } from "../../../bot/vignettes/librarySafety.js";

/*
 * The administrator's services over the process's runtime (server code only). They are built from
 * the runtime's store and flow catalog, once per runtime, so publishing invalidates the very
 * catalog the patients' conversation service reads.
 */

const built = new WeakMap<Runtime, AdminFlows>();

function prismaStoreOf(found: Runtime): PrismaStore {
  const store = found.store as Partial<PrismaStore>;
  if (typeof store.saveFlowDraft !== "function" || !store.prisma) error(503, "Flow administration needs the database store");
  return store as PrismaStore;
}

/** Sessions started since `since`, per flow and urgency reached. */
async function usageSince(store: PrismaStore, since: Date): Promise<FlowUsage[]> {
  const rows = await store.prisma.session.groupBy({ by: ["flowSlug", "urgency"], where: { createdAt: { gte: since } }, _count: { _all: true } });
  const bySlug = new Map<string, FlowUsage>();
  for (const row of rows) {
    const usage = bySlug.get(row.flowSlug) ?? { slug: row.flowSlug, sessions: 0, urgencies: {} };
    usage.sessions += row._count._all;
    const key = row.urgency ?? "none";
    usage.urgencies[key] = (usage.urgencies[key] ?? 0) + row._count._all;
    bySlug.set(row.flowSlug, usage);
  }
  return [...bySlug.values()];
}

/** Sessions of one flow per pinned version and urgency reached. */
async function usageByVersion(store: PrismaStore, slug: string): Promise<VersionUsage[]> {
  const rows = await store.prisma.session.groupBy({ by: ["flowVersion", "urgency"], where: { flowSlug: slug }, _count: { _all: true } });
  const byVersion = new Map<number, VersionUsage>();
  for (const row of rows) {
    const usage = byVersion.get(row.flowVersion) ?? { version: row.flowVersion, sessions: 0, urgencies: {} };
    usage.sessions += row._count._all;
    const key = row.urgency ?? "none";
    usage.urgencies[key] = (usage.urgencies[key] ?? 0) + row._count._all;
    byVersion.set(row.flowVersion, usage);
  }
  return [...byVersion.values()];
}

/** The process's flow administration services. */
export function adminFlows(): AdminFlows {
  const found = runtime();
  let flows = built.get(found);
  if (!flows) {
    const store = prismaStoreOf(found);
    const catalog = found.consoleParts?.conversations.catalog;
    if (!catalog) error(503, "Flow administration needs the conversation service");
    flows = new AdminFlows({
      store,
      catalog,
      config: found.settings.engineConfig,
      clock: { now: () => new Date() },
      usage: (since) => usageSince(store, since),
      versionUsage: (slug) => usageByVersion(store, slug),
      // The publish gate: the library's red-flag screens and clinical vignette suite.
      safety: loadLibrarySafety(),
    });
    built.set(found, flows);
  }
  return flows;
}

/** The store, for the audit and settings pages. */
export function adminStore(): PrismaStore {
  return prismaStoreOf(runtime());
}

/** The signed-in administrator as the author of flow changes and the actor of audit events. */
export function editorOf(identity: ConsoleIdentity): Editor {
  return { id: identity.user.id, email: identity.user.email };
}
