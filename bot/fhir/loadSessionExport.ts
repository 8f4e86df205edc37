import { compileFlow, flowSchema, sessionResult, resolverOf, type CompiledFlow, type Locale, type LocalizedText, type Urgency } from "../../flows/index.js";
import { caseReasonIn, decodeCaseReason } from "../cases/caseReason.js";
import { knownUrgency } from "../engine/knownUrgency.js";
import type { StoredAuditEvent } from "../store/auditLog.js";
import type { PrismaStore } from "../store/prismaStore.js";
import { FhirExportError } from "./fhirExportError.js";
import type { HandoffExport, SessionExport } from "./sessionBundle.js";

/** The Provenance agent. (Not read from package.json: this module is also bundled into the console's build.) */
export const SOFTWARE = "Triage";

/** Session ids are UUIDs; anything much longer is not one of ours. */
const MAX_SESSION_ID = 128;

export interface LoadOptions {
  locale?: Locale;
  urgencyLabels?: Record<Urgency, LocalizedText>;
  now?: () => Date;
}

/**
 * Given the store and a session id, reads what the export needs: the session, its pinned flow
 * versions (compiled), its transcript and audit chain, and its latest hand-off case. A session
 * handed to a clinician before its outcome ("talk to a human" mid-flow) is exported with the
 * urgency known at that point. Throws FHIR_SESSION_NOT_FOUND, or FHIR_SESSION_NOT_FINISHED while
 * the session has neither an outcome nor a hand-off.
 */
export async function loadSessionExport(
  store: Pick<PrismaStore, "getSession" | "messagesAfter" | "readAuditEvents" | "flowVersion" | "prisma">,
  sessionId: string,
  options: LoadOptions = {},
): Promise<SessionExport> {
  const session = sessionId.length <= MAX_SESSION_ID ? await store.getSession(sessionId) : undefined;
  if (!session) throw new FhirExportError("FHIR_SESSION_NOT_FOUND", "no session with this id", { sessionId: sessionId.slice(0, MAX_SESSION_ID) });
  const erased = await store.prisma.session.findUnique({ where: { id: session.id }, select: { erasedAt: true } });
  if (erased?.erasedAt) throw new FhirExportError("FHIR_SESSION_ERASED", "the session's health data was erased", { sessionId });
  const compiled: CompiledFlow[] = [];
  for (const frame of session.state.frames) {
    const record = await store.flowVersion(frame.slug, frame.version);
    if (!record) throw new FhirExportError("FHIR_FLOW_MISSING", "a flow version the session ran is missing", { flow: `${frame.slug}@${frame.version}` });
    compiled.push(compileFlow(flowSchema.parse(record.definition)));
  }
  const resolver = resolverOf(compiled);
  const result = sessionResult(resolver, session.state);
  const locale = options.locale ?? session.locale;
  const handoff = await latestHandoff(store, session.id, locale);
  if (!result && !handoff) throw new FhirExportError("FHIR_SESSION_NOT_FINISHED", "the triage has no outcome yet", { sessionId });
  const audit: StoredAuditEvent[] = [];
  for (let after = 0; ;) {
    const page = await store.readAuditEvents(session.id, after, 1000);
    audit.push(...page);
    if (page.length < 1000) break;
    after = page[page.length - 1]!.seq;
  }
  return {
    session,
    frames: session.state.frames.map((frame, index) => ({ compiled: compiled[index]!, snapshot: frame.snapshot })),
    ...(result ? { result } : { beforeOutcome: knownUrgency(resolver, session.state) }),
    transcript: await store.messagesAfter(session.id, 0),
    audit,
    ...(handoff ? { handoff } : {}),
    ...(options.urgencyLabels ? { urgencyLabels: options.urgencyLabels } : {}),
    locale,
    exportedAt: (options.now?.() ?? new Date()).toISOString(),
    software: SOFTWARE,
  };
}

async function latestHandoff(store: Pick<PrismaStore, "prisma">, sessionId: string, locale: Locale): Promise<HandoffExport | undefined> {
  const row = await store.prisma.handoffCase.findFirst({ where: { sessionId }, orderBy: { openedAt: "desc" }, include: { assignee: true } });
  if (!row) return undefined;
  const iso = (date: Date | null) => (date ? date.toISOString() : undefined);
  const found: HandoffExport = {
    id: row.id,
    urgency: row.urgency as Urgency,
    state: row.state as HandoffExport["state"],
    cause: row.cause as HandoffExport["cause"],
    openedAt: row.openedAt.toISOString(),
    slaDeadline: row.slaDeadline.toISOString(),
  };
  if (row.firstReason !== null) found.firstReason = caseReasonIn(decodeCaseReason(row.firstReason), locale);
  if (row.disposition !== null) found.disposition = row.disposition;
  if (row.dispositionNote) found.dispositionNote = row.dispositionNote;
  for (const [key, value] of [
    ["claimedAt", iso(row.claimedAt)],
    ["closedAt", iso(row.closedAt)],
    ["breachedAt", iso(row.breachedAt)],
  ] as const)
    if (value) found[key] = value;
  if (row.assignee) found.assignee = { id: row.assignee.id, displayName: row.assignee.displayName || "clinician" };
  return found;
}
