import type {
  Bundle,
  BundleEntry,
  CodeableConcept,
  Communication,
  Encounter,
  Extension,
  FhirResource,
  Patient,
  Provenance,
  QuestionnaireResponse,
  QuestionnaireResponseItemAnswer,
  Reference,
  RiskAssessment,
} from "fhir/r4";
import {
  DEFAULT_URGENCY_LABELS,
  DONT_KNOW,
  type AnswerValue,
  type CompiledFlow,
  type FlowSnapshot,
  type Locale,
  type LocalizedText,
  type Routing,
  type TriageResult,
  type Urgency,
} from "../../flows/index.js";
import type { ChatMessage } from "../engine/chatMessage.js";
import type { KnownUrgency } from "../engine/knownUrgency.js";
import type { SessionRecord } from "../engine/ports.js";
import type { StoredAuditEvent } from "../store/auditLog.js";
import { SYSTEMS, flowCanonical, optionSystem, ruleSystem, stableUuid, textIn } from "./fhirCodes.js";
import { flowToQuestionnaire, questionnaireId } from "./flowQuestionnaire.js";

/*
 * A finished triage as a FHIR R4 Bundle (type collection), built from stored data only, purely:
 *   Patient                  known only by the session (Triage asks no name)
 *   Encounter                the virtual visit: priority from the urgency, the hand-off and its disposition
 *   Questionnaire            each flow version the session ran
 *   QuestionnaireResponse    the answers, per flow, pointing at Questionnaire canonical|version
 *   RiskAssessment           the urgency (the flow's rules only) and every reason, with the rule ids
 *   Communication            each live-chat message between the patient and a clinician
 *   Provenance               over all of them, one entity per audit event (its hash in the chain)
 */

/** The hand-off case of a session as the export reads it. */
export interface HandoffExport {
  id: string;
  urgency: Urgency;
  state: "open" | "claimed" | "closed";
  cause: "outcome" | "patient_request";
  firstReason?: string;
  disposition?: string;
  dispositionNote?: string;
  openedAt: string;
  slaDeadline: string;
  claimedAt?: string;
  closedAt?: string;
  breachedAt?: string;
  assignee?: { id: string; displayName: string };
}

export interface SessionExport {
  session: SessionRecord;
  /** Each flow the session ran, compiled, with its snapshot (chained flows in order). */
  frames: { compiled: CompiledFlow; snapshot: FlowSnapshot }[];
  /** The flow's outcome; absent when the session was handed to a clinician before reaching one. */
  result?: TriageResult;
  /** Without an outcome: the urgency known when the session was handed off, and the rules that held. */
  beforeOutcome?: KnownUrgency;
  transcript: ChatMessage[];
  /** The session's audit chain, in seq order. */
  audit: StoredAuditEvent[];
  handoff?: HandoffExport;
  /** Level labels in force (renamed in the console's settings); default the platform's. */
  urgencyLabels?: Record<Urgency, LocalizedText>;
  /** Language of the texts (default the session's). */
  locale?: Locale;
  exportedAt: string;
  /** e.g. "Triage 0.1.0". */
  software: string;
}

/** v3 ActPriority for each level (EMERGENCY emergency, URGENT urgent, SOON as soon as possible, ROUTINE routine, SELF_CARE elective). */
const PRIORITY: Record<Urgency, { code: string; display: string }> = {
  EMERGENCY: { code: "EM", display: "emergency" },
  URGENT: { code: "UR", display: "urgent" },
  SOON: { code: "A", display: "ASAP" },
  ROUTINE: { code: "R", display: "routine" },
  SELF_CARE: { code: "EL", display: "elective" },
};

type Entry = { resource: FhirResource; fullUrl: string };

const ASKED_UNKNOWN = { system: "http://terminology.hl7.org/CodeSystem/data-absent-reason", code: "asked-unknown", display: "Asked But Unknown" };

function answerOf(compiled: CompiledFlow, questionId: string, value: AnswerValue): QuestionnaireResponseItemAnswer[] {
  const node = compiled.nodes.get(questionId);
  if (node?.kind !== "question") return [];
  // "Don't know" to a duration or a number: asked, and the patient could not say (FHIR's own code for it).
  if (value === DONT_KNOW && (node.type === "duration" || node.type === "number")) return [{ valueCoding: ASKED_UNKNOWN }];
  switch (node.type) {
    case "yes_no":
      return [{ valueBoolean: value === true }];
    case "single_choice":
    case "multiple_choice": {
      const values = Array.isArray(value) ? value : [String(value)];
      return values.map((code) => {
        const option = node.options.find((o) => o.value === code);
        return {
          valueCoding: {
            system: optionSystem(compiled.flow.slug, node.id),
            code,
            ...(option ? { display: textIn(option.label, compiled.flow.locales[0]!) } : {}),
          },
        };
      });
    }
    case "number":
      return [node.integer ? { valueInteger: Number(value) } : { valueDecimal: Number(value) }];
    case "scale":
      return [{ valueInteger: Number(value) }];
    case "duration":
      return [{ valueDecimal: Number(value) }];
    case "free_text":
      // FHIR strings are never empty: an optional text left empty is no answer.
      return String(value).trim() === "" ? [] : [{ valueString: String(value) }];
  }
}

function concept(system: string, code: string, display: string): CodeableConcept {
  return { coding: [{ system, code, display }], text: display };
}

/** Where a session handed off before its outcome went: to the clinicians' queue. */
const ROUTING_BEFORE_OUTCOME: Routing = "on_call_clinician";

/** Why a RiskAssessment without an outcome is preliminary, in the export's language. */
const BEFORE_OUTCOME: LocalizedText = {
  fr: "Transmis à l'équipe soignante avant la fin du questionnaire : niveau connu à ce moment (jamais en dessous de URGENT sans règle qui le justifie)",
  en: "Handed to a clinician before the questionnaire ended: the level known at that point (never below URGENT without a rule that justifies it)",
};

/** Given a finished or handed-off session's stored data, returns its FHIR R4 Bundle (deterministic for the same input). */
export function sessionBundle(input: SessionExport): Bundle {
  const { session } = input;
  const result = resultOf(input);
  const locale = input.locale ?? session.locale;
  const labels = input.urgencyLabels ?? DEFAULT_URGENCY_LABELS;
  const id = (kind: string, ...rest: string[]) => stableUuid(session.id, kind, ...rest);
  const ref = (uuid: string): Reference => ({ reference: `urn:uuid:${uuid}` });
  const entries: Entry[] = [];
  const add = (uuid: string, resource: FhirResource) => entries.push({ fullUrl: `urn:uuid:${uuid}`, resource: { ...resource, id: uuid } as FhirResource });

  const patientId = id("Patient");
  const patient: Patient = { resourceType: "Patient", identifier: [{ system: SYSTEMS.session, value: session.id }] };
  add(patientId, patient);

  const encounterId = id("Encounter");
  add(encounterId, encounter(input, locale, labels, ref(patientId)));

  const responses: Reference[] = [];
  const seen = new Set<string>();
  input.frames.forEach(({ compiled, snapshot }, index) => {
    const { flow } = compiled;
    const key = questionnaireId(flow.slug, flow.version);
    if (!seen.has(key)) {
      seen.add(key);
      add(id("Questionnaire", key), flowToQuestionnaire(flow, locale));
    }
    const responseId = id("QuestionnaireResponse", String(index));
    const response: QuestionnaireResponse = {
      resourceType: "QuestionnaireResponse",
      questionnaire: `${flowCanonical(flow.slug)}|${flow.version}`,
      status: snapshot.status === "done" ? "completed" : "stopped",
      subject: ref(patientId),
      encounter: ref(encounterId),
      authored: session.updatedAt,
      language: locale,
      item: snapshot.context.answered.flatMap((questionId) => {
        const value = snapshot.context.answers[questionId];
        const node = compiled.nodes.get(questionId);
        const answer = value === undefined ? [] : answerOf(compiled, questionId, value);
        if (answer.length === 0 || node?.kind !== "question") return [];
        return [{ linkId: questionId, text: textIn(node.text, locale), answer }];
      }),
    };
    add(responseId, response);
    responses.push(ref(responseId));
  });

  const label = textIn(labels[result.urgency], locale) || result.urgency;
  const lastFlow = input.frames[input.frames.length - 1]!.compiled.flow;
  const risk: RiskAssessment = {
    resourceType: "RiskAssessment",
    // Without an outcome the level may still rise with answers never given: not final.
    status: input.result ? "final" : "preliminary",
    subject: ref(patientId),
    encounter: ref(encounterId),
    occurrenceDateTime: session.updatedAt,
    method: { text: `Triage flow ${lastFlow.slug} version ${lastFlow.version} (deterministic rules)` },
    basis: responses,
    reasonCode: result.reasons.map((reason) => concept(ruleSystem(reason.flow), reason.rule, textIn(reason.text, locale))),
    prediction: [
      {
        outcome: {
          coding: [
            { system: SYSTEMS.urgency, code: result.urgency, display: label },
            { system: SYSTEMS.routing, code: result.routing },
          ],
          text: label,
        },
        rationale: result.reasons.map((reason) => textIn(reason.text, locale)).join("; ") || label,
      },
    ],
  };
  const notes = [
    ...result.reasons.filter((r) => r.kind === "red_flag").map((r) => `red flag ${r.rule}: ${textIn(r.text, locale)}`),
    ...(input.handoff && input.handoff.urgency !== result.urgency ? [`urgency changed by a clinician to ${input.handoff.urgency}`] : []),
    ...(input.result ? [] : [textIn(BEFORE_OUTCOME, locale)]),
  ];
  if (notes.length > 0) risk.note = notes.map((text) => ({ text }));
  add(id("RiskAssessment"), risk);

  for (const message of input.transcript) {
    if (message.body.kind !== "text" || (message.author !== "patient" && message.author !== "clinician")) continue;
    const clinician: Reference = { display: input.handoff?.assignee?.displayName ?? "clinician" };
    const communication: Communication = {
      resourceType: "Communication",
      status: "completed",
      subject: ref(patientId),
      encounter: ref(encounterId),
      sent: message.at,
      sender: message.author === "patient" ? ref(patientId) : clinician,
      recipient: [message.author === "patient" ? clinician : ref(patientId)],
      payload: [{ contentString: message.body.text }],
    };
    add(id("Communication", String(message.seq)), communication);
  }

  const provenance: Provenance = {
    resourceType: "Provenance",
    target: entries.map((entry) => ({ reference: entry.fullUrl })),
    recorded: input.exportedAt,
    agent: [
      {
        type: { coding: [{ system: "http://terminology.hl7.org/CodeSystem/provenance-participant-type", code: "assembler" }] },
        who: { display: input.software },
      },
    ],
    entity: input.audit.map((event) => ({
      role: "source",
      what: { identifier: { system: SYSTEMS.auditEvent, value: event.hash }, display: `${event.stream} #${event.seq} ${event.type} at ${event.at}` },
    })),
  };
  if (provenance.entity!.length === 0) delete provenance.entity;
  add(id("Provenance"), provenance);

  return {
    resourceType: "Bundle",
    id: id("Bundle"),
    identifier: { system: SYSTEMS.session, value: session.id },
    type: "collection",
    timestamp: input.exportedAt,
    entry: entries.map((entry): BundleEntry => ({ fullUrl: entry.fullUrl, resource: entry.resource })),
  };
}

/** The outcome, or for a session handed off before one, the level known then with the rules that held. */
function resultOf(input: SessionExport): TriageResult {
  if (input.result) return input.result;
  const known = input.beforeOutcome;
  if (!known) throw new TypeError("a session export needs its result or the urgency known before it");
  return {
    urgency: known.urgency,
    routing: ROUTING_BEFORE_OUTCOME,
    outcome: "handoff-before-outcome",
    reasons: known.rules.map((rule) => ({ flow: rule.flow, rule: rule.rule, kind: rule.kind, text: rule.reason, answers: [] })),
  };
}

function encounter(input: SessionExport, locale: Locale, labels: Record<Urgency, LocalizedText>, subject: Reference): Encounter {
  const { session, handoff } = input;
  const urgency = handoff?.urgency ?? resultOf(input).urgency;
  const label = textIn(labels[urgency], locale) || urgency;
  const finished = session.status === "completed" || session.status === "closed" || handoff?.state === "closed";
  const end = handoff?.closedAt ?? (finished ? session.updatedAt : undefined);
  const found: Encounter = {
    resourceType: "Encounter",
    status: finished ? "finished" : "in-progress",
    class: { system: "http://terminology.hl7.org/CodeSystem/v3-ActCode", code: "VR", display: "virtual" },
    type: [{ text: `triage (${session.channel})` }],
    priority: {
      coding: [
        { system: "http://terminology.hl7.org/CodeSystem/v3-ActPriority", ...PRIORITY[urgency] },
        { system: SYSTEMS.urgency, code: urgency, display: label },
      ],
      text: label,
    },
    subject,
    period: { start: session.createdAt, ...(end ? { end } : {}) },
  };
  if (!handoff) return found;
  found.statusHistory = [
    { status: "triaged", period: { start: session.createdAt, end: handoff.claimedAt ?? handoff.closedAt ?? handoff.openedAt } },
    ...(handoff.claimedAt
      ? [{ status: "in-progress" as const, period: { start: handoff.claimedAt, ...(handoff.closedAt ? { end: handoff.closedAt } : {}) } }]
      : []),
  ];
  if (handoff.firstReason) found.reasonCode = [{ text: handoff.firstReason }];
  if (handoff.assignee)
    found.participant = [
      {
        type: [{ coding: [{ system: "http://terminology.hl7.org/CodeSystem/v3-ParticipationType", code: "PPRF", display: "primary performer" }] }],
        individual: { display: handoff.assignee.displayName },
      },
    ];
  if (handoff.disposition) {
    found.hospitalization = {
      dischargeDisposition: { coding: [{ system: SYSTEMS.disposition, code: handoff.disposition }], text: handoff.dispositionNote || handoff.disposition },
    };
  }
  const details: Extension[] = [
    { url: "cause", valueCode: handoff.cause },
    { url: "state", valueCode: handoff.state },
    { url: "openedAt", valueDateTime: handoff.openedAt },
    { url: "slaDeadline", valueDateTime: handoff.slaDeadline },
    ...(handoff.breachedAt ? [{ url: "breachedAt", valueDateTime: handoff.breachedAt }] : []),
  ];
  found.extension = [{ url: SYSTEMS.handoffExtension, extension: details }];
  return found;
}
