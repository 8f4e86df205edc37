import { randomBytes, randomUUID } from "node:crypto";
import {
  answerSession, backSession, compileFlow, describeAnswer, parseAnswer, resolverOf, sessionQuestion, sessionResult, startSession,
  DEFAULT_URGENCY_LABELS, type Flow, type Locale, type Question, type SessionState,
} from "../../flows/index.js";
import type { Conversations } from "../../bot/channels/index.js";
import type { ChatMessage, DraftMessage, QuestionView } from "../../bot/engine/chatMessage.js";
import type { CommittedTurn, InboundEvent, SessionRecord } from "../../bot/engine/ports.js";
import { TriageError } from "../../bot/errors.js";

/**
 * A small in-memory stand-in for the conversation service, for channel tests only: same API,
 * same idempotency (a repeated client id returns the stored turn), per-session seq.
 */
export function fakeConversations(flows: Flow[]): Conversations & { messages(sessionId: string): ChatMessage[] } {
  const resolver = resolverOf(flows.map(compileFlow));
  const sessions = new Map<string, { record: SessionRecord; token: string; log: ChatMessage[]; turns: Map<string, CommittedTurn> }>();

  const view = (q: Question, locale: Locale): QuestionView => {
    const base: QuestionView = { questionId: q.id, type: q.type, text: q.text[locale] ?? "" };
    if (q.type === "single_choice" || q.type === "multiple_choice") base.options = q.options.map((o) => ({ value: o.value, label: o.label[locale] ?? o.value }));
    if (q.type === "multiple_choice" && q.noneOption) base.noneOption = q.noneOption;
    if (q.type === "number") Object.assign(base, { unit: { symbol: q.unit.symbol, label: q.unit.label[locale] ?? "" }, min: q.min, max: q.max, integer: q.integer });
    if (q.type === "scale") Object.assign(base, { lowLabel: q.lowLabel[locale], highLabel: q.highLabel[locale] });
    return base;
  };

  const after = (state: SessionState, locale: Locale): DraftMessage[] => {
    const { question } = sessionQuestion(resolver, state);
    if (question) return [{ author: "bot", body: { kind: "question", question: view(question, locale) } }];
    const result = sessionResult(resolver, state)!;
    const drafts: DraftMessage[] = [];
    const numbers = [{ number: "15", label: "SAMU" }, { number: "112", label: "112" }];
    if (result.urgency === "EMERGENCY") drafts.push({ author: "system", body: { kind: "emergency", text: locale === "fr" ? "Appelez le 15" : "Call 15", numbers } });
    drafts.push({
      author: "bot",
      body: {
        kind: "outcome",
        outcome: {
          urgency: result.urgency, urgencyLabel: DEFAULT_URGENCY_LABELS[result.urgency][locale], routing: result.routing,
          title: result.outcome, nextSteps: "next", advice: "advice", safetyNet: "safety",
          ...(result.urgency === "EMERGENCY" ? { emergencyNumbers: numbers } : {}),
        },
      },
    });
    return drafts;
  };

  const commit = (id: string, clientMessageId: string, drafts: DraftMessage[]): CommittedTurn => {
    const s = sessions.get(id)!;
    const messages = drafts.map((d, i) => ({ ...d, sessionId: id, seq: s.log.length + i + 1, at: new Date().toISOString(), locale: s.record.locale }));
    s.log.push(...messages);
    const turn: CommittedTurn = { sessionId: id, clientMessageId, messages, status: s.record.status };
    s.turns.set(clientMessageId, turn);
    return turn;
  };

  return {
    async start({ flow, locale, channel, clientMessageId }) {
      let state: SessionState;
      try {
        state = startSession(resolver, flow);
      } catch {
        throw new TriageError("TRIAGE_FLOW_NOT_FOUND", "unknown flow");
      }
      const id = randomUUID();
      const token = randomBytes(24).toString("base64url");
      const now = new Date().toISOString();
      const record: SessionRecord = { id, flowSlug: flow, flowVersion: 1, locale, status: "active", channel, state, createdAt: now, updatedAt: now };
      sessions.set(id, { record, token, log: [], turns: new Map() });
      return { sessionId: id, resumeToken: token, turn: commit(id, clientMessageId, after(state, locale)) };
    },
    async send(sessionId, clientMessageId, event: InboundEvent) {
      const s = sessions.get(sessionId);
      if (!s) throw new TriageError("TRIAGE_SESSION_NOT_FOUND", "no such session");
      const done = s.turns.get(clientMessageId);
      if (done) return done;
      const { record } = s;
      const { question } = sessionQuestion(resolver, record.state);
      if (event.type === "set_locale") {
        record.locale = event.locale;
        return commit(sessionId, clientMessageId, question ? [{ author: "bot", body: { kind: "question", question: view(question, event.locale) } }] : []);
      }
      if (event.type === "back") {
        const previous = backSession(resolver, record.state);
        if (!previous) throw new TriageError("TRIAGE_NOTHING_TO_UNDO", "nothing to undo");
        record.state = previous;
        record.status = "active";
        return commit(sessionId, clientMessageId, after(previous, record.locale));
      }
      if (event.type === "ask_human") {
        record.status = "handoff";
        return commit(sessionId, clientMessageId, [{ author: "system", body: { kind: "handoff", status: "requested", text: "asked" } }]);
      }
      if (!question) throw new TriageError("TRIAGE_SESSION_CLOSED", "no question");
      const raw = event.type === "answer" ? event.value : event.type === "text" ? event.text : undefined;
      const parsed = parseAnswer(question, raw);
      if (!parsed.ok) {
        return commit(sessionId, clientMessageId, [{ author: "bot", body: { kind: "reask", questionId: question.id, problem: parsed.problem.code, text: "again" } }]);
      }
      record.state = answerSession(resolver, record.state, question.id, parsed.value);
      if (!sessionQuestion(resolver, record.state).question) record.status = "completed";
      const display = describeAnswer(question, parsed.value, [record.locale])[record.locale] ?? "";
      return commit(sessionId, clientMessageId, [
        { author: "patient", body: { kind: "answer", questionId: question.id, value: parsed.value, display } },
        ...after(record.state, record.locale),
      ]);
    },
    async resume(resumeToken, afterSeq) {
      const s = [...sessions.values()].find((x) => x.token === resumeToken);
      if (!s) throw new TriageError("TRIAGE_RESUME_FAILED", "unknown token");
      const { question } = sessionQuestion(resolver, s.record.state);
      const result = { session: s.record, messages: s.log.filter((m) => m.seq > afterSeq) };
      return question ? { ...result, question: view(question, s.record.locale) } : result;
    },
    messages: (sessionId) => sessions.get(sessionId)?.log ?? [],
  };
}
