import { createHash } from "node:crypto";
import { flowSchema, type Flow } from "../../flows/index.js";
import { isCoded } from "../codedError.js";
import type { FlowVersionRecord } from "../engine/ports.js";
import { CodedError } from "../errors.js";
import { appendInTransaction, type TriageDb, type TriageTx } from "./auditLog.js";

/*
 * Flow versions with Prisma. A published version is immutable: nothing here (or anywhere) updates
 * a row whose status is "published". A flow has at most one draft, numbered after its latest
 * published version; publishing turns that draft (or a new row) into the next published version.
 * Every save and publication is an event of the admin audit stream, in the same transaction.
 */

export const ADMIN_STREAM = "admin";

export interface FlowSummary {
  slug: string;
  /** Title in the flow's first locale. */
  title: string;
  latestVersion?: number;
  publishedAt?: string;
  hasDraft: boolean;
}

export interface FlowVersionInfo {
  version: number;
  status: "draft" | "published";
  author: string;
  changeNote: string;
  createdAt: string;
  publishedAt?: string;
}

export interface FlowChange {
  definition: Flow;
  author: string;
  changeNote: string;
  /**
   * The draft's revision the editor started from: when given, the save happens only if the stored
   * draft still has it (optimistic concurrency, issue 7); otherwise StaleDraftError.
   */
  expectedRevision?: string;
  /**
   * Publish only while the flow has no open draft (a rollback): refused with OpenDraftError
   * instead of consuming someone's edits, including a draft saved while this publish runs.
   */
  withoutDraft?: boolean;
}

/** The open draft of a flow, with the revision a save must send back. */
export type StoredDraft = FlowVersionInfo & { definition: Flow; revision: string };

/** A draft's revision: the SHA-256 of its stored definition (no column needed; equal content, equal revision). */
export function draftRevision(storedDefinition: string): string {
  return createHash("sha256").update(storedDefinition).digest("hex");
}

/** The draft changed (or was published or discarded) since the editor read the revision it sent. */
export class StaleDraftError extends CodedError<"STORE_STALE_DRAFT"> {
  constructor(readonly slug: string) {
    super("STORE_STALE_DRAFT", `the draft of ${slug} was changed by someone else`, { slug });
    this.name = "StaleDraftError";
  }
}

/** Whether an error is a StaleDraftError, by its code (isCoded: whichever module graph threw it). */
export function isStaleDraft(error: unknown): error is StaleDraftError {
  return isCoded(error) && error.code === "STORE_STALE_DRAFT";
}

type Row = { slug: string; version: number; definition: string; publishedAt: Date | null };

function toRecord(row: Row): FlowVersionRecord {
  return { slug: row.slug, version: row.version, definition: JSON.parse(row.definition) as Flow, publishedAt: (row.publishedAt ?? new Date(0)).toISOString() };
}

async function latestPublished(db: TriageDb | TriageTx, slug: string): Promise<number> {
  const row = await db.flowVersion.findFirst({ where: { slug, status: "published" }, orderBy: { version: "desc" }, select: { version: true } });
  return row?.version ?? 0;
}

/** The latest published version of a flow, or undefined. */
export async function latestFlowVersion(db: TriageDb, slug: string): Promise<FlowVersionRecord | undefined> {
  const row = await db.flowVersion.findFirst({ where: { slug, status: "published" }, orderBy: { version: "desc" } });
  return row ? toRecord(row) : undefined;
}

/** The latest published version's number (0 when none), without its definition. */
export function latestPublishedVersion(db: TriageDb, slug: string): Promise<number> {
  return latestPublished(db, slug);
}

/** One published version (what a session pinned), or undefined. */
export async function flowVersion(db: TriageDb, slug: string, version: number): Promise<FlowVersionRecord | undefined> {
  const row = await db.flowVersion.findFirst({ where: { slug, version, status: "published" } });
  return row ? toRecord(row) : undefined;
}

/** The draft of a flow, if one is being edited. */
export async function flowDraft(db: TriageDb, slug: string): Promise<StoredDraft | undefined> {
  const row = await db.flowVersion.findFirst({ where: { slug, status: "draft" } });
  return row ? { ...toInfo(row), definition: JSON.parse(row.definition) as Flow, revision: draftRevision(row.definition) } : undefined;
}

function toInfo(row: { version: number; status: string; author: string; changeNote: string; createdAt: Date; publishedAt: Date | null }): FlowVersionInfo {
  const info: FlowVersionInfo = {
    version: row.version,
    status: row.status === "draft" ? "draft" : "published",
    author: row.author,
    changeNote: row.changeNote,
    createdAt: row.createdAt.toISOString(),
  };
  if (row.publishedAt) info.publishedAt = row.publishedAt.toISOString();
  return info;
}

/** A flow's versions, newest first (the console's history). */
export async function listFlowVersions(db: TriageDb, slug: string): Promise<FlowVersionInfo[]> {
  const rows = await db.flowVersion.findMany({
    where: { slug },
    orderBy: { version: "desc" },
    select: { version: true, status: true, author: true, changeNote: true, createdAt: true, publishedAt: true },
  });
  return rows.map(toInfo);
}

/** Every flow with its latest published version. */
export async function listFlows(db: TriageDb): Promise<FlowSummary[]> {
  const flows = await db.flow.findMany({ orderBy: { slug: "asc" }, include: { versions: { orderBy: { version: "desc" }, take: 2 } } });
  return flows.map((flow) => {
    const draft = flow.versions.find((v) => v.status === "draft");
    const published = flow.versions.find((v) => v.status === "published");
    const shown = published ?? draft;
    const definition = shown ? (JSON.parse(shown.definition) as Flow) : undefined;
    const title = definition ? (Object.values(definition.title)[0] ?? flow.slug) : flow.slug;
    const summary: FlowSummary = { slug: flow.slug, title, hasDraft: draft !== undefined };
    if (published) {
      summary.latestVersion = published.version;
      if (published.publishedAt) summary.publishedAt = published.publishedAt.toISOString();
    }
    return summary;
  });
}

/** Given a flow, returns it validated, with the version number the store assigns. */
function numbered(definition: Flow, version: number): string {
  return JSON.stringify(flowSchema.parse({ ...definition, version }));
}

/** Creates the flow row if needed. A write first: SQLite takes its write lock now rather than failing a later upgrade. */
async function ensureFlow(tx: TriageTx, slug: string, now: Date): Promise<void> {
  await tx.$executeRaw`INSERT INTO flows (slug, created_at) VALUES (${slug}, ${now}) ON CONFLICT (slug) DO NOTHING`;
}

/** Saves (creates or replaces) a flow's draft; returns its version number. */
export async function saveFlowDraft(tx: TriageTx, change: FlowChange, now: Date): Promise<number> {
  const slug = change.definition.slug;
  await ensureFlow(tx, slug, now);
  const version = (await latestPublished(tx, slug)) + 1;
  const definition = numbered(change.definition, version);
  const data = { definition, author: change.author, changeNote: change.changeNote, createdAt: now };
  if (change.expectedRevision !== undefined) {
    await replaceDraftIfUnchanged(tx, slug, version, change.expectedRevision, data);
  } else {
    const replaced = await tx.flowVersion.updateMany({ where: { slug, version, status: "draft" }, data });
    if (replaced.count === 0) await tx.flowVersion.create({ data: { slug, version, status: "draft", ...data } });
  }
  await appendInTransaction(
    tx,
    ADMIN_STREAM,
    [{ type: "flow.draft_saved", payload: { actor: change.author, details: { slug, version, changeNote: change.changeNote } } }],
    now.toISOString(),
  );
  return version;
}

/**
 * Compare-and-set: the UPDATE's WHERE carries the definition whose hash is the expected revision,
 * so a save that lands between our read and our write makes it match no row (no lost update).
 */
async function replaceDraftIfUnchanged(
  tx: TriageTx,
  slug: string,
  version: number,
  expected: string,
  data: { definition: string; author: string; changeNote: string; createdAt?: Date; status?: string; publishedAt?: Date },
): Promise<void> {
  const current = await tx.flowVersion.findFirst({ where: { slug, version, status: "draft" }, select: { definition: true } });
  if (!current || draftRevision(current.definition) !== expected) throw new StaleDraftError(slug);
  const replaced = await tx.flowVersion.updateMany({ where: { slug, version, status: "draft", definition: current.definition }, data });
  if (replaced.count !== 1) throw new StaleDraftError(slug);
}

/**
 * Deletes a flow's draft, only if it still has the revision the administrator saw (when given);
 * otherwise StaleDraftError. Returns the deleted draft's version, or undefined when there was none.
 */
export async function deleteDraftIfUnchanged(tx: TriageTx, slug: string, expected?: string): Promise<number | undefined> {
  const current = await tx.flowVersion.findFirst({ where: { slug, status: "draft" }, select: { version: true, definition: true } });
  if (!current) {
    if (expected !== undefined) throw new StaleDraftError(slug);
    return undefined;
  }
  if (expected !== undefined && draftRevision(current.definition) !== expected) throw new StaleDraftError(slug);
  // The definition in the WHERE is the compare-and-set: a save landing meanwhile matches no row.
  const deleted = await tx.flowVersion.deleteMany({ where: { slug, status: "draft", version: current.version, definition: current.definition } });
  if (deleted.count !== 1) throw new StaleDraftError(slug);
  return current.version;
}

/** A publish that must not touch the open draft (`withoutDraft`) found one. */
export class OpenDraftError extends CodedError<"STORE_OPEN_DRAFT"> {
  constructor(readonly slug: string) {
    super("STORE_OPEN_DRAFT", `${slug} has an open draft`, { slug });
    this.name = "OpenDraftError";
  }
}

/** Whether an error is an OpenDraftError, by its code, as isStaleDraft. */
export function isOpenDraft(error: unknown): error is OpenDraftError {
  return isCoded(error) && error.code === "STORE_OPEN_DRAFT";
}

/** Publishes the next version of a flow (its draft if any, replaced by `change`); returns the record. */
export async function publishFlowVersion(tx: TriageTx, change: FlowChange, now: Date): Promise<FlowVersionRecord> {
  const slug = change.definition.slug;
  await ensureFlow(tx, slug, now);
  const version = (await latestPublished(tx, slug)) + 1;
  const definition = numbered(change.definition, version);
  const data = { definition, author: change.author, changeNote: change.changeNote, status: "published", publishedAt: now };
  if (change.expectedRevision !== undefined) {
    // Publishes exactly the draft the administrator reviewed (issue 7): compare-and-set in this transaction.
    await replaceDraftIfUnchanged(tx, slug, version, change.expectedRevision, data);
  } else if (change.withoutDraft) {
    // A draft occupies (slug, version): one saved after this check makes the INSERT collide on
    // the primary key, and the retried transaction sees the draft and refuses.
    if (await tx.flowVersion.findFirst({ where: { slug, status: "draft" }, select: { version: true } })) throw new OpenDraftError(slug);
    await tx.flowVersion.create({ data: { slug, version, createdAt: now, ...data } });
  } else {
    // Only a draft can become published; a published row is never the target of an update.
    const fromDraft = await tx.flowVersion.updateMany({ where: { slug, version, status: "draft" }, data });
    if (fromDraft.count === 0) await tx.flowVersion.create({ data: { slug, version, createdAt: now, ...data } });
  }
  await appendInTransaction(
    tx,
    ADMIN_STREAM,
    [{ type: "flow.published", payload: { actor: change.author, details: { slug, version, changeNote: change.changeNote } } }],
    now.toISOString(),
  );
  return { slug, version, definition: JSON.parse(definition) as Flow, publishedAt: now.toISOString() };
}
