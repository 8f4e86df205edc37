import {
  checkRedFlagScreens,
  compileFlow,
  validateFlow,
  type Flow,
  type FlowResolver,
  type Locale,
  type Problem,
  type RedFlagScreens,
} from "../../flows/index.js";
import { runVignetteSuite } from "../../flows/vignettes/runSuite.js";
import { missedTargets, type VignetteReport } from "../../flows/vignettes/vignetteReport.js";
import type { Vignette } from "../../flows/vignettes/vignetteSchema.js";
import { appendAdminEvent, type AuditAppender } from "../audit/appendAdminEvent.js";
import type { FlowPin } from "../engine/flowCatalog.js";
import type { Clock, FlowVersionRecord } from "../engine/ports.js";
import type { EngineConfig } from "../engine/turnContext.js";
import type { StoredAuditEvent } from "../store/auditLog.js";
import { isOpenDraft, isStaleDraft, type FlowChange, type FlowSummary, type FlowVersionInfo, type StoredDraft } from "../store/flowVersions.js";
import { AdminError } from "./adminError.js";
import { diffFlows, type FlowDiff } from "./diffFlows.js";
import { draftConflict } from "./draftConflict.js";
import {
  runTestCases,
  savedTestCaseDetails,
  TEST_CASE_DELETED,
  TEST_CASE_SAVED,
  testCasesOf,
  type FlowTestCase,
  type TestCaseResult,
} from "./flowTestCases.js";
import { draftResolver, simulateDraft, type SimulatedAnswer, type Simulation } from "./simulateDraft.js";

/** The store's flow and audit half the administrator needs (PrismaStore provides it). */
export interface AdminFlowStore extends AuditAppender {
  flowDraft(slug: string): Promise<StoredDraft | undefined>;
  saveFlowDraft(change: FlowChange): Promise<number>;
  publishFlowVersion(change: FlowChange): Promise<FlowVersionRecord>;
  listFlows(): Promise<FlowSummary[]>;
  listFlowVersions(slug: string): Promise<FlowVersionInfo[]>;
  latestFlowVersion(slug: string): Promise<FlowVersionRecord | undefined>;
  flowVersion(slug: string, version: number): Promise<FlowVersionRecord | undefined>;
  readAuditEvents(stream: string, afterSeq: number, limit?: number): Promise<StoredAuditEvent[]>;
}

/** The flow catalog's half publishing needs: preloading handover targets, and forgetting the latest version. */
export interface CatalogPort {
  resolverFor(pins: readonly FlowPin[]): Promise<FlowResolver>;
  invalidate(slug?: string): void;
}

/** Sessions of one flow over a period, by urgency reached (absent urgency: not finished). */
export interface FlowUsage {
  slug: string;
  sessions: number;
  urgencies: Record<string, number>;
}

export interface AdminFlowDeps {
  store: AdminFlowStore;
  catalog: CatalogPort;
  config: EngineConfig;
  clock: Clock;
  /** Sessions started since a date, per flow (a query the store answers; absent: no figures). */
  usage?: (since: Date) => Promise<FlowUsage[]>;
  /** Sessions of one flow per version it pinned, by urgency reached (absent: no figures). */
  versionUsage?: (slug: string) => Promise<VersionUsage[]>;
  /** The library's red-flag screens and clinical vignette suite: the publish gate runs both on a draft. */
  safety?: { screens?: RedFlagScreens; vignettes?: readonly Vignette[] };
}

/** The vignette suite played with the draft in place of its published version. */
export interface DraftVignettes {
  report: Omit<VignetteReport, "rows">;
  missedTargets: string[];
  /** Vignettes that stop at a question this draft adds: the suite needs their answers, they do not block. */
  toComplete: { id: string; question: string }[];
  /** No EMERGENCY under-triaged and every other vignette played: what publishing requires. */
  passed: boolean;
}

/** Sessions that pinned one version of a flow, by urgency reached ("none": not finished). */
export interface VersionUsage {
  version: number;
  sessions: number;
  urgencies: Record<string, number>;
}

/** Who is acting: written as the author of versions and the actor of audit events. */
export interface Editor {
  id: string;
  email: string;
}

export interface DraftCheck {
  problems: Problem[];
  tests: TestCaseResult[];
  /** The vignette suite with the draft in place (absent when the deployment ships no suite or the draft does not validate). */
  vignettes?: DraftVignettes;
  /** Validation (red-flag screens included) passed, every test case and the vignette gate too. */
  publishable: boolean;
}

const DAY_MS = 86_400_000;
const authorOf = (editor: Editor) => editor.email;

/**
 * The administrator's flow services: drafts, validation with test cases, simulation, publication
 * (guarded, diffed, audited, catalog invalidated), rollback, import and export. Every write names
 * the editor; the store writes the audit event in the same transaction as the version.
 */
export class AdminFlows {
  constructor(private readonly deps: AdminFlowDeps) {}

  /** Every flow with its published version, open draft and the last 7 days' sessions by urgency. */
  async overview(): Promise<(FlowSummary & { usage: FlowUsage })[]> {
    const flows = await this.deps.store.listFlows();
    const since = new Date(this.deps.clock.now().getTime() - 7 * DAY_MS);
    const usage = new Map((await (this.deps.usage?.(since) ?? Promise.resolve([]))).map((u) => [u.slug, u]));
    return flows.map((flow) => ({ ...flow, usage: usage.get(flow.slug) ?? { slug: flow.slug, sessions: 0, urgencies: {} } }));
  }

  async draft(slug: string): Promise<StoredDraft | undefined> {
    return this.deps.store.flowDraft(slug);
  }

  async requireDraft(slug: string): Promise<StoredDraft> {
    const draft = await this.deps.store.flowDraft(slug);
    if (!draft) throw new AdminError("ADMIN_NO_DRAFT", `flow ${slug} has no open draft`);
    return draft;
  }

  /** Per-version analytics: sessions and urgency mix of every version patients ran, newest first. */
  async usageByVersion(slug: string): Promise<VersionUsage[]> {
    const rows = (await this.deps.versionUsage?.(slug)) ?? [];
    return [...rows].sort((a, b) => b.version - a.version);
  }

  versions(slug: string): Promise<FlowVersionInfo[]> {
    return this.deps.store.listFlowVersions(slug);
  }

  published(slug: string, version: number): Promise<FlowVersionRecord | undefined> {
    return this.deps.store.flowVersion(slug, version);
  }

  /** Opens a draft copied from the latest published version (or returns the open one). */
  async createDraft(slug: string, editor: Editor): Promise<number> {
    const open = await this.deps.store.flowDraft(slug);
    if (open) return open.version;
    const latest = await this.deps.store.latestFlowVersion(slug);
    if (!latest) throw new AdminError("ADMIN_UNKNOWN_FLOW", `flow ${slug} has no published version`);
    return this.deps.store.saveFlowDraft({ definition: latest.definition, author: authorOf(editor), changeNote: `draft from version ${latest.version}` });
  }

  /**
   * Saves a draft from JSON (the editor's text or the form's edit). The schema must hold (the store
   * keeps parsed flows only); the graph checks are Validate's job, so a draft may be incomplete.
   * With `revision` (what the editor loaded), a draft changed meanwhile is refused (ADMIN_DRAFT_CONFLICT).
   */
  async saveDraft(slug: string, json: unknown, editor: Editor, note = "edited", revision?: string): Promise<{ version: number; problems: Problem[] }> {
    const checked = validateFlow(json);
    if (!checked.ok && checked.problems.some((p) => p.code === "schema-invalid")) {
      throw new AdminError("ADMIN_INVALID_FLOW", "the draft does not match the flow schema", { problems: checked.problems });
    }
    const definition = checked.ok ? checked.flow : (json as Flow);
    if (definition.slug !== slug)
      throw new AdminError("ADMIN_INVALID_EDIT", `the JSON is flow ${definition.slug}, not ${slug}`, {
        reason: "wrong_flow",
        node: definition.slug,
        other: slug,
      });
    const change: FlowChange = { definition, author: authorOf(editor), changeNote: note };
    if (revision !== undefined) change.expectedRevision = revision;
    let version: number;
    try {
      version = await this.deps.store.saveFlowDraft(change);
    } catch (thrown) {
      if (isStaleDraft(thrown)) throw draftConflict("save");
      throw thrown;
    }
    return { version, problems: checked.ok ? [] : checked.problems };
  }

  /** The draft compiled as patients will run it (question economy on, as the flow catalog compiles published versions), with its handover targets. */
  async #resolverFor(flow: Flow): Promise<{ resolver: FlowResolver }> {
    const compiled = compileFlow(flow, { economy: true });
    const targets = [...new Set(flow.nodes.flatMap((n) => (n.kind === "handover" ? [n.flow] : [])))];
    const others = await this.deps.catalog.resolverFor(targets.map((slug) => ({ slug })));
    return { resolver: draftResolver(compiled, others) };
  }

  async testCases(slug: string): Promise<FlowTestCase[]> {
    return testCasesOf(await this.#adminEvents(), slug);
  }

  /** Validates a definition and runs every test case of its flow against it. */
  async check(definition: Flow): Promise<DraftCheck> {
    const validation = validateFlow(definition);
    const cases = await this.testCases(definition.slug);
    if (!validation.ok) {
      const tests = cases.map((c) => ({ id: c.id, name: c.name, ok: false, expected: c.expected, problem: "not run: the flow does not validate" }));
      return { problems: validation.problems, tests, publishable: false };
    }
    const { resolver } = await this.#resolverFor(validation.flow);
    const tests = runTestCases(resolver, this.deps.config, cases, this.deps.clock.now());
    const screens = this.deps.safety?.screens;
    const problems = screens ? checkRedFlagScreens(validation.flow, screens) : [];
    const vignettes = await this.#vignettesWith(validation.flow);
    const publishable = tests.every((t) => t.ok) && problems.length === 0 && (vignettes?.passed ?? true);
    return vignettes ? { problems, tests, vignettes, publishable } : { problems, tests, publishable };
  }

  /** Plays the vignette suite on the latest published library with `draft` in place of its flow. */
  async #vignettesWith(draft: Flow): Promise<DraftVignettes | undefined> {
    const suite = this.deps.safety?.vignettes;
    if (!suite || suite.length === 0) return undefined;
    const summaries = await this.deps.store.listFlows();
    const published = await Promise.all(summaries.filter((s) => s.slug !== draft.slug).map((s) => this.deps.store.latestFlowVersion(s.slug)));
    const library = [draft, ...published.flatMap((record) => (record ? [record.definition] : []))];
    const { report } = runVignetteSuite([...suite], library);
    const { rows: _rows, ...summary } = report;
    // A question the draft adds has no answer in the suite yet: those vignettes are listed to be
    // completed, not counted against the draft. A removed or renamed question still blocks (its
    // answers would be dropped silently).
    const publishedQuestions = new Set(
      (await this.deps.store.latestFlowVersion(draft.slug))?.definition.nodes.filter((n) => n.kind === "question").map((n) => n.id) ?? [],
    );
    const isNew = (p: { unanswered?: string }) => p.unanswered !== undefined && !publishedQuestions.has(p.unanswered);
    const toComplete = report.problems.flatMap((p) => (isNew(p) ? [{ id: p.id, question: p.unanswered! }] : []));
    const incomplete = new Set(toComplete.map((c) => c.id));
    const blocking = report.problems.filter((p) => !isNew(p)).length + report.emergencyUnderTriaged.filter((id) => !incomplete.has(id)).length;
    return { report: summary, missedTargets: missedTargets(report), toComplete, passed: blocking === 0 };
  }

  /** Validates the open draft and runs its test cases. */
  async checkDraft(slug: string): Promise<DraftCheck> {
    return this.check((await this.requireDraft(slug)).definition);
  }

  /** Replays a conversation with the draft through the pure engine (nothing stored). */
  async simulate(slug: string, locale: Locale, answers: readonly SimulatedAnswer[]): Promise<Simulation> {
    const draft = await this.requireDraft(slug);
    const validation = validateFlow(draft.definition);
    if (!validation.ok) throw new AdminError("ADMIN_INVALID_FLOW", "fix the validation problems before simulating", { problems: validation.problems });
    const { resolver } = await this.#resolverFor(validation.flow);
    return simulateDraft({ resolver, config: this.deps.config, flow: slug, locale, answers, now: this.deps.clock.now() });
  }

  /** Saves a simulated conversation as a test case (audited); replaces one with the same id. */
  async saveTestCase(testCase: FlowTestCase, editor: Editor): Promise<void> {
    await appendAdminEvent(this.deps.store, { stream: "admin", type: TEST_CASE_SAVED, actor: authorOf(editor), payload: savedTestCaseDetails(testCase) });
  }

  async deleteTestCase(slug: string, id: string, editor: Editor): Promise<void> {
    await appendAdminEvent(this.deps.store, { stream: "admin", type: TEST_CASE_DELETED, actor: authorOf(editor), payload: { slug, id } });
  }

  /** The draft against the latest published version. */
  async draftDiff(slug: string): Promise<FlowDiff> {
    return this.diffWithLatest((await this.requireDraft(slug)).definition);
  }

  /** A definition (the draft a page loaded, with its revision) against the latest published version. */
  async diffWithLatest(definition: Flow): Promise<FlowDiff> {
    const latest = await this.deps.store.latestFlowVersion(definition.slug);
    return diffFlows(latest?.definition, definition);
  }

  /**
   * Publishes the draft as the next version, only when it validates and every test case passes;
   * then forgets the catalog's latest version so new sessions start on it (running sessions keep
   * the version they pinned). With `revision` (the draft the administrator reviewed, diff included),
   * a draft changed, published or discarded meanwhile is refused (ADMIN_DRAFT_CONFLICT, issue 7).
   * Either way the store publishes only the exact draft checked here (compare-and-set).
   */
  async publish(slug: string, changeNote: string, editor: Editor, revision?: string): Promise<{ record: FlowVersionRecord; diff: FlowDiff }> {
    if (changeNote.trim() === "") throw new AdminError("ADMIN_INVALID_EDIT", "a change note is required", { reason: "change_note_required" });
    const draft = await this.deps.store.flowDraft(slug);
    if (!draft && revision !== undefined) throw draftConflict("publish");
    if (!draft) throw new AdminError("ADMIN_NO_DRAFT", `flow ${slug} has no open draft`);
    if (revision !== undefined && revision !== draft.revision) throw draftConflict("publish");
    const check = await this.check(draft.definition);
    if (check.problems.length > 0) throw new AdminError("ADMIN_INVALID_FLOW", "the draft does not validate", { problems: check.problems });
    const failed = check.tests.filter((t) => !t.ok);
    if (failed.length > 0) throw new AdminError("ADMIN_TESTS_FAILED", `${failed.length} test case(s) fail`, { tests: failed });
    if (check.vignettes && !check.vignettes.passed) {
      const incomplete = new Set(check.vignettes.toComplete.map((c) => c.id));
      const emergencyUnderTriaged = check.vignettes.report.emergencyUnderTriaged.filter((id) => !incomplete.has(id));
      const problems = check.vignettes.report.problems.filter((p) => !incomplete.has(p.id));
      throw new AdminError(
        "ADMIN_VIGNETTES_FAILED",
        `the vignette suite fails with this draft: ${emergencyUnderTriaged.length} EMERGENCY under-triaged, ${problems.length} vignette(s) not playable`,
        { emergencyUnderTriaged, problems },
      );
    }
    const diff = await this.diffWithLatest(draft.definition);
    let record: FlowVersionRecord;
    try {
      record = await this.deps.store.publishFlowVersion({
        definition: draft.definition,
        author: authorOf(editor),
        changeNote: changeNote.trim(),
        expectedRevision: draft.revision,
      });
    } catch (thrown) {
      if (isStaleDraft(thrown)) throw draftConflict("publish");
      throw thrown;
    }
    this.deps.catalog.invalidate(slug);
    return { record, diff };
  }

  /** Publishes an older version's content again, as a new version (versions are never edited). */
  async rollback(slug: string, version: number, editor: Editor): Promise<FlowVersionRecord> {
    const old = await this.deps.store.flowVersion(slug, version);
    if (!old) throw new AdminError("ADMIN_UNKNOWN_VERSION", `flow ${slug} has no published version ${version}`);
    // A rollback never consumes the open draft (checked in the publishing transaction itself, so a
    // draft saved meanwhile is refused too): someone's edits are never silently discarded.
    let record: FlowVersionRecord;
    try {
      record = await this.deps.store.publishFlowVersion({
        definition: old.definition,
        author: authorOf(editor),
        changeNote: `rollback to version ${version}`,
        withoutDraft: true,
      });
    } catch (thrown) {
      if (isOpenDraft(thrown)) throw new AdminError("ADMIN_INVALID_EDIT", "publish or discard the open draft before rolling back", { reason: "open_draft" });
      throw thrown;
    }
    this.deps.catalog.invalidate(slug);
    return record;
  }

  /** Imports flow JSON as the draft of its slug (a new flow when the slug is new); audited as a draft save. */
  async importFlow(json: unknown, editor: Editor): Promise<{ slug: string; version: number; problems: Problem[] }> {
    const slug = (json as { slug?: unknown } | null)?.slug;
    if (typeof slug !== "string") throw new AdminError("ADMIN_INVALID_FLOW", "the JSON has no slug");
    const saved = await this.saveDraft(slug, json, editor, "imported");
    return { slug, ...saved };
  }

  /** The flow JSON of the draft (version "draft") or of a published version, for export; audited. */
  async exportFlow(slug: string, version: number | "draft", editor: Editor): Promise<Flow> {
    const definition = version === "draft" ? (await this.requireDraft(slug)).definition : (await this.deps.store.flowVersion(slug, version))?.definition;
    if (!definition) throw new AdminError("ADMIN_UNKNOWN_VERSION", `flow ${slug} has no version ${version}`);
    await appendAdminEvent(this.deps.store, { stream: "admin", type: "flow.exported", actor: authorOf(editor), payload: { slug, version } });
    return definition;
  }

  async #adminEvents(): Promise<StoredAuditEvent[]> {
    const events: StoredAuditEvent[] = [];
    for (let after = 0; ;) {
      const page = await this.deps.store.readAuditEvents("admin", after, 1000);
      events.push(...page);
      if (page.length < 1000) return events;
      after = page[page.length - 1]!.seq;
    }
  }
}
