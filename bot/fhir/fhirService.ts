import type { Bundle, Questionnaire } from "fhir/r4";
import { flowSchema, type Locale, type LocalizedText, type Urgency } from "../../flows/index.js";
import { appendAdminEvent } from "../audit/appendAdminEvent.js";
import type { PrismaStore } from "../store/prismaStore.js";
import { FhirExportError } from "./fhirExportError.js";
import { flowToQuestionnaire } from "./flowQuestionnaire.js";
import { loadSessionExport } from "./loadSessionExport.js";
import { sessionBundle } from "./sessionBundle.js";

/** FHIR R4 export for the CLI and the console API: every export of patient data is an audited action. */
export interface FhirService {
  /** Given a session id, returns its Bundle; audited as `fhir.exported` by `actor` in the admin stream. */
  exportSession(sessionId: string, options: { actor: string; locale?: Locale }): Promise<Bundle>;
  /** Given a hand-off case id, returns its session's Bundle (the console's case page); audited the same way. */
  exportCase(caseId: string, options: { actor: string; locale?: Locale }): Promise<{ sessionId: string; bundle: Bundle }>;
  /** Given a published flow (latest version unless given), returns it as a Questionnaire. */
  questionnaire(slug: string, version?: number, locale?: Locale): Promise<Questionnaire>;
}

export interface FhirServiceDeps {
  store: Pick<PrismaStore, "getSession" | "messagesAfter" | "readAuditEvents" | "flowVersion" | "latestFlowVersion" | "prisma" | "appendAuditEvents">;
  /** The level labels in force (renamed in the console's settings). */
  urgencyLabels?: () => Record<Urgency, LocalizedText>;
  now?: () => Date;
}

/** Given the store (and the live labels), returns the export service. */
export function createFhirService(deps: FhirServiceDeps): FhirService {
  const exportSession = async (sessionId: string, options: { actor: string; locale?: Locale }, caseId?: string) => {
    const input = await loadSessionExport(deps.store, sessionId, {
      ...(options.locale ? { locale: options.locale } : {}),
      ...(deps.urgencyLabels ? { urgencyLabels: deps.urgencyLabels() } : {}),
      ...(deps.now ? { now: deps.now } : {}),
    });
    const bundle = sessionBundle(input);
    await appendAdminEvent(deps.store, {
      stream: "admin",
      type: "fhir.exported",
      actor: options.actor,
      payload: { sessionId, ...(caseId ? { caseId } : {}), resources: bundle.entry?.length ?? 0 },
    });
    return bundle;
  };
  return {
    exportSession: (sessionId, options) => exportSession(sessionId, options),
    async exportCase(caseId, options) {
      const found = caseId.length <= 128 ? await deps.store.prisma.handoffCase.findUnique({ where: { id: caseId }, select: { sessionId: true } }) : null;
      if (!found) throw new FhirExportError("FHIR_SESSION_NOT_FOUND", "no case with this id", { caseId: caseId.slice(0, 128) });
      return { sessionId: found.sessionId, bundle: await exportSession(found.sessionId, options, caseId) };
    },
    async questionnaire(slug, version, locale) {
      const record = version === undefined ? await deps.store.latestFlowVersion(slug) : await deps.store.flowVersion(slug, version);
      if (!record)
        throw new FhirExportError("FHIR_FLOW_MISSING", "no published flow version with this slug", {
          flow: version === undefined ? slug : `${slug}@${version}`,
        });
      return flowToQuestionnaire(flowSchema.parse(record.definition), locale);
    },
  };
}
