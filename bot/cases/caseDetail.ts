import {
  describeAnswer,
  explainReasons,
  sessionResult,
  type FlowResolver,
  type Locale,
  type LocalizedText,
  type Routing,
  type SessionState,
  type Urgency,
} from "../../flows/index.js";
import type { ChatMessage } from "../engine/chatMessage.js";
import type { SessionRecord, SessionStatus, Store } from "../engine/ports.js";
import { caseInLocale } from "./caseInLocale.js";
import type { CaseNoteRecord, CaseRecord, CaseView } from "./caseStore.js";
import { readUrgencyChanges, type AuditReader, type UrgencyChangeView } from "./urgencyChanges.js";
import { NOT_ASKED } from "../engine/notAskedTexts.js";

/** One answer as the case page's table shows it. */
export interface AnswerRow {
  flow: string;
  questionId: string;
  question: string;
  answer: string;
}

export interface ReasonView {
  flow: string;
  rule: string;
  kind: "red_flag" | "branch" | "decision" | "handover";
  text: string;
  /** The answers the rule read, in words. */
  answers: { question: string; answer: string }[];
}

/** Everything the case page shows, with flow texts resolved to the clinician's language. */
export interface CaseDetail {
  /** The case with its first reason in the clinician's language. */
  case: CaseView;
  session: { id: string; status: SessionStatus; locale: Locale; channel: string; createdAt: string; updatedAt: string; urgency?: Urgency };
  flows: { slug: string; version: number; title: string }[];
  transcript: ChatMessage[];
  answers: AnswerRow[];
  result?: { urgency: Urgency; routing: Routing; outcome: string };
  reasons: ReasonView[];
  redFlags: ReasonView[];
  notes: CaseNoteRecord[];
  /** The clinicians' urgency changes with their written reasons, oldest first. */
  urgencyChanges: UrgencyChangeView[];
}

export interface CaseDetailSources {
  store: Pick<Store, "getSession" | "messagesAfter">;
  resolverForState(state: SessionState): Promise<FlowResolver>;
  /** The session's audit chain, where urgency-change reasons are kept; without it none are shown. */
  audit?: AuditReader;
}

/** A text in the clinician's language, else in any language the flow has. */
function inLocale(text: LocalizedText | undefined, locale: Locale): string {
  if (!text) return "";
  return text[locale] ?? Object.values(text).find((t) => t !== undefined) ?? "";
}

/**
 * Given a case, its notes and the clinician's language, returns the case page's content: the
 * transcript as committed, the answers in words, and the urgency's reasons (rule texts and the
 * answers each read) recomputed from the session's pinned flow versions, as the engine decided.
 */
export async function caseDetail(sources: CaseDetailSources, found: CaseRecord, notes: CaseNoteRecord[], locale: Locale): Promise<CaseDetail | undefined> {
  const session = await sources.store.getSession(found.sessionId);
  if (!session) return undefined;
  const transcript = await sources.store.messagesAfter(session.id, 0);
  const resolver = await sources.resolverForState(session.state);
  const flows: CaseDetail["flows"] = [];
  const answers: AnswerRow[] = [];
  const reasons: ReasonView[] = [];
  for (const frame of session.state.frames) {
    const compiled = resolver.exact(frame.slug, frame.version);
    flows.push({ slug: frame.slug, version: frame.version, title: inLocale(compiled?.flow.title, locale) || frame.slug });
    if (!compiled) continue;
    const context = frame.snapshot.context;
    for (const id of context.answered) {
      const node = compiled.nodes.get(id);
      const value = context.answers[id];
      if (value === undefined) continue;
      answers.push({
        flow: frame.slug,
        questionId: id,
        question: node?.kind === "question" ? inLocale(node.text, locale) : id,
        answer: inLocale(describeAnswer(node, value, [locale]), locale) || String(value),
      });
    }
    // Question economy (issue 18): what was not asked, and why, among the answers.
    for (const skipped of context.skipped ?? []) {
      const node = compiled.nodes.get(skipped.id);
      if (node?.kind !== "question" || skipped.reason === "reads_skipped") continue;
      answers.push({ flow: frame.slug, questionId: skipped.id, question: inLocale(node.text, locale), answer: NOT_ASKED[skipped.reason][locale] });
    }
    for (const reason of explainReasons(compiled, frame.snapshot)) {
      reasons.push({
        flow: reason.flow,
        rule: reason.rule,
        kind: reason.kind,
        text: inLocale(reason.text, locale),
        answers: reason.answers.map((a) => ({ question: inLocale(a.question, locale), answer: inLocale(a.display, locale) })),
      });
    }
  }
  const result = sessionResult(resolver, session.state);
  const detail: CaseDetail = {
    case: caseInLocale(found, locale),
    session: sessionView(session),
    flows,
    transcript,
    answers,
    reasons,
    redFlags: reasons.filter((r) => r.kind === "red_flag"),
    notes,
    urgencyChanges: sources.audit ? await readUrgencyChanges(sources.audit, session.id) : [],
  };
  if (result) detail.result = { urgency: result.urgency, routing: result.routing, outcome: result.outcome };
  return detail;
}

function sessionView(session: SessionRecord): CaseDetail["session"] {
  const view: CaseDetail["session"] = {
    id: session.id,
    status: session.status,
    locale: session.locale,
    channel: session.channel,
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
  };
  if (session.urgency) view.urgency = session.urgency;
  return view;
}
