import { validateFlow, type Locale } from "../../flows/index.js";
import { AdminError, type AdminErrorCode } from "../admin/adminError.js";
import { AdminFlows, type Editor } from "../admin/adminFlows.js";
import { CannedReplies } from "../admin/cannedReplies.js";
import { deactivateUser } from "../admin/deactivateUser.js";
import { discardDraft } from "../admin/discardDraft.js";
import { dropOffQuestions, type DropOffQuestion } from "../admin/dropOffQuestions.js";
import { optionTargets } from "../admin/editFlowNode.js";
import { flowTestCaseSchema } from "../admin/flowTestCases.js";
import { usageByVersion, usageSince } from "../admin/flowUsage.js";
import { ABANDONED_AFTER_MINUTES, flowVersionAnalytics, type VersionAnalytics } from "../admin/flowVersionAnalytics.js";
import { deleteNode, putNode, putRedFlags } from "../admin/putFlowNode.js";
import { putFlowSettings } from "../admin/putFlowSettings.js";
import { verifyChains, type ChainReport } from "../audit/verifyChains.js";
import type { FlowCatalog } from "../engine/flowCatalog.js";
import type { Clock } from "../engine/ports.js";
import type { EngineConfig } from "../engine/turnContext.js";
import { appendInTransaction } from "../store/auditLog.js";
import type { PrismaStore } from "../store/prismaStore.js";
import { loadLibrarySafety } from "./librarySafety.js";

/** Everything the administrator's pages call, built once per process over the runtime's store, catalog and clock. */
export interface AdminServices {
  flows: AdminFlows;
  /** The store, for the audit page's events. */
  store: PrismaStore;
  /** Pure edits of a draft's definition, reached here so the console bundles none of them. */
  edits: {
    putNode: typeof putNode;
    deleteNode: typeof deleteNode;
    putRedFlags: typeof putRedFlags;
    putFlowSettings: typeof putFlowSettings;
    optionTargets: typeof optionTargets;
  };
  /** Checks a definition (dead ends, unreachable nodes, translations...) without saving it. */
  validate: typeof validateFlow;
  /** A test case as the simulator's form sends it. */
  testCaseSchema: typeof flowTestCaseSchema;
  /** A refusal of the administrator's pages, with its code's HTTP status. */
  refusal(code: AdminErrorCode, message: string, details?: Record<string, unknown>): AdminError;
  /** Deletes the open draft of `slug` the editor saw (revision), audited. */
  discardDraft(slug: string, editor: Editor, revision: string): Promise<number>;
  /** Deactivates an account and revokes its console sessions, audited; the number of sessions revoked. */
  deactivateUser(userId: string, editor: Editor): Promise<number>;
  /** Every audit chain with its verification. */
  verifyChains(): Promise<ChainReport[]>;
  /** One version's analytics, its drop-off questions worded in `locale`. */
  analytics(slug: string, version: number, locale: Locale): Promise<VersionAnalytics & { dropOff: DropOffQuestion[]; abandonedAfterMinutes: number }>;
  /** The canned replies: administrators write them (audited), clinicians' reply boxes read them. */
  replies: CannedReplies;
}

export interface AdminServicesDeps {
  store: PrismaStore;
  catalog: FlowCatalog;
  config: EngineConfig;
  clock: Clock;
  /** The library the publish gate holds drafts to (default: the checkout's own flows/). */
  libraryRoot?: string;
}

/** The library's safety files, read once when the publish gate first asks (not at every runtime's start). */
function lazySafety(root: string | undefined): ReturnType<typeof loadLibrarySafety> {
  let loaded: ReturnType<typeof loadLibrarySafety> | undefined;
  const load = () => (loaded ??= loadLibrarySafety(root));
  return {
    get screens() {
      return load().screens;
    },
    get vignettes() {
      return load().vignettes;
    },
  };
}

/** Given the runtime's store, catalog, settings and clock, returns the administrator's services. */
export function createAdminServices(deps: AdminServicesDeps): AdminServices {
  const { store, clock } = deps;
  const flows = new AdminFlows({
    store,
    catalog: deps.catalog,
    config: deps.config,
    clock,
    usage: (since) => usageSince(store.prisma, since),
    versionUsage: (slug) => usageByVersion(store.prisma, slug),
    // The publish gate: the library's red-flag screens and clinical vignette suite, read at the first publication.
    safety: lazySafety(deps.libraryRoot),
  });
  return {
    flows,
    store,
    edits: { putNode, deleteNode, putRedFlags, putFlowSettings, optionTargets },
    validate: validateFlow,
    testCaseSchema: flowTestCaseSchema,
    refusal: (code, message, details) => new AdminError(code, message, details),
    discardDraft: (slug, editor, revision) => discardDraft(store, appendInTransaction, slug, editor, clock.now(), revision),
    deactivateUser: (userId, editor) => deactivateUser(store, appendInTransaction, userId, editor, clock.now()),
    verifyChains: () => verifyChains(store),
    replies: new CannedReplies(store, appendInTransaction, () => clock.now()),
    async analytics(slug, version, locale) {
      const analytics = await flowVersionAnalytics(store, slug, version, clock.now());
      const dropOff = await dropOffQuestions(analytics.dropOff, async (s, v) => (await store.flowVersion(s, v))?.definition, locale);
      return { ...analytics, dropOff, abandonedAfterMinutes: ABANDONED_AFTER_MINUTES };
    },
  };
}
