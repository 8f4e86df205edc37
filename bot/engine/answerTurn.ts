import { answerSession, describeAnswer, parseAnswer, sessionQuestion, type ParsedAnswer } from "../../flows/index.js";
import { auditNamedSigns, withNamedSigns } from "./askNamedSigns.js";
import type { TurnAssistData } from "./assistSuggestions.js";
import { textsFor } from "./engineTexts.js";
import type { Json } from "./ports.js";
import { readTypedAnswer } from "./readTypedAnswer.js";
import { proposedValue } from "./proposedValue.js";
import { numbersInWords } from "./renderOutcome.js";
import { renderCurrentQuestion } from "./renderCurrentQuestion.js";
import { renderReask } from "./renderReask.js";
import { reportProgress } from "./reportProgress.js";
import { toJson } from "./toJson.js";
import { audit, botSays, patientSays, type TurnDraft } from "./turnDraft.js";

/** What the patient sent as an answer: a button value (answer) or typed text, with what a model read in it (recorded, never asked here). */
export type Reply = ({ via: "answer"; value: unknown; questionId?: string } | { via: "text"; text: string }) & { assist?: TurnAssistData };

const MAX_DISPLAY = 500;

/**
 * Given a reply to the current question, records it and moves the flow on; a reply that does not
 * parse gets a re-ask naming what was wrong and what is expected, and changes nothing in the flow.
 * Either way the patient's message is in the transcript and the audit.
 */
export function answerTurn(draft: TurnDraft, reply: Reply): void {
  const { ctx, session } = draft;
  const { locale } = session;
  const t = textsFor(locale);
  const { question } = sessionQuestion(ctx.resolver, session.state);

  if (!question) {
    patientSays(draft, { kind: "text", text: displayRaw(reply) });
    audit(draft, "answer.rejected", { question: null, problem: "no_question" });
    // In a hand-off the patient is talking to a clinician: keep the message, say nothing.
    if (session.status !== "handoff") botSays(draft, { kind: "notice", text: t.notice.finished(numbersInWords(ctx.config, locale)) });
    return;
  }
  if (reply.via === "answer" && reply.questionId !== undefined && reply.questionId !== question.id) {
    patientSays(draft, { kind: "text", text: displayRaw(reply) });
    audit(draft, "answer.rejected", { question: reply.questionId, problem: "stale_question" });
    botSays(draft, { kind: "notice", text: t.notice.staleQuestion });
    botSays(draft, { kind: "question", question: renderCurrentQuestion(ctx.resolver, session.state, question, locale) });
    return;
  }

  const parsed: ParsedAnswer = reply.via === "text" ? readTypedAnswer(question, reply.text) : parseAnswer(question, reply.value);
  if (!parsed.ok) {
    patientSays(
      draft,
      reply.via === "text"
        ? { kind: "text", text: reply.text }
        : { kind: "answer", questionId: question.id, value: toJson(reply.value), display: displayRaw(reply) },
    );
    audit(draft, "answer.rejected", { question: question.id, problem: parsed.problem.code, detail: toJson(parsed.problem) });
    // Typed text that is no answer, during a hand-off, is most likely meant for the clinician.
    if (reply.via === "text" && session.status === "handoff") return;
    // A value a model read in the words is only shown back: the patient's "yes" sends it as their answer.
    const proposal = reply.assist?.proposal === undefined ? undefined : proposedValue(question, reply.assist.proposal, locale);
    botSays(
      draft,
      proposal
        ? {
            kind: "reask",
            questionId: question.id,
            problem: parsed.problem.code,
            text: proposal.text,
            proposal: { value: proposal.value, display: proposal.display },
          }
        : { kind: "reask", questionId: question.id, problem: parsed.problem.code, text: renderReask(question, parsed.problem, locale) },
    );
    return;
  }

  const display = describeAnswer(question, parsed.value, [locale])[locale] ?? String(parsed.value);
  patientSays(draft, reply.via === "text" ? { kind: "text", text: reply.text } : { kind: "answer", questionId: question.id, value: parsed.value, display });
  const frame = session.state.frames.at(-1)!;
  audit(draft, "answer.recorded", { flow: frame.slug, version: frame.version, question: question.id, value: parsed.value as Json });
  const after = answerSession(ctx.resolver, session.state, question.id, parsed.value);
  // Signs a model named in free text make the flow ask its own confirmation; nothing else moves.
  const asked = reply.assist?.signs?.length ? withNamedSigns(ctx.resolver, session.state, after, question.id, reply.assist.signs) : after;
  auditNamedSigns(draft, after, asked, reply.assist?.signs ?? []);
  reportProgress(draft, session.state, asked);
}

function displayRaw(reply: Reply): string {
  const raw = reply.via === "text" ? reply.text : reply.value;
  const text = typeof raw === "string" ? raw : Array.isArray(raw) ? raw.map(String).join(", ") : JSON.stringify(toJson(raw));
  return text.length > MAX_DISPLAY ? `${text.slice(0, MAX_DISPLAY)}…` : text;
}
