import { parseAnswer } from "../answers/parseAnswer.js";
import { answerSession, sessionQuestion, sessionResult, startSession, type FlowResolver } from "../run/runSession.js";
import type { Urgency } from "../urgency.js";
import type { Vignette } from "./vignetteSchema.js";

/** The entry flow every vignette starts from: the path a real patient takes. */
export const ENTRY_FLOW = "general";
/** A conversation longer than this is a loop, not a triage. */
const MAX_QUESTIONS = 100;

export type VignetteRun =
  | { id: string; ok: true; level: Urgency; routing: string; questions: number; asked: string[]; flows: string[]; reasons: string[] }
  | { id: string; ok: false; problem: string; asked: string[]; unanswered?: string };

/**
 * Given a vignette and the library, plays the patient from the entry flow: each question the bot
 * asks is answered from the vignette by its id. A question the vignette has no answer for, or an
 * answer that does not parse, is a problem of the vignette (never a silent default), so a renamed
 * question cannot quietly change what the patient said.
 */
export function runVignette(vignette: Vignette, resolver: FlowResolver, entry = ENTRY_FLOW): VignetteRun {
  const asked: string[] = [];
  try {
    let state = startSession(resolver, entry);
    for (;;) {
      const { question } = sessionQuestion(resolver, state);
      if (!question) break;
      if (asked.length >= MAX_QUESTIONS) return { id: vignette.id, ok: false, problem: `more than ${MAX_QUESTIONS} questions`, asked };
      if (!(question.id in vignette.answers)) return { id: vignette.id, ok: false, problem: `no answer for question "${question.id}"`, asked, unanswered: question.id };
      const parsed = parseAnswer(question, vignette.answers[question.id]);
      if (!parsed.ok) return { id: vignette.id, ok: false, problem: `answer to "${question.id}" does not parse (${parsed.problem.code})`, asked };
      asked.push(question.id);
      state = answerSession(resolver, state, question.id, parsed.value);
    }
    const result = sessionResult(resolver, state);
    if (!result) return { id: vignette.id, ok: false, problem: "the session ended without an outcome", asked };
    return {
      id: vignette.id,
      ok: true,
      level: result.urgency,
      routing: result.routing,
      questions: asked.length,
      asked,
      flows: state.frames.map((f) => f.slug),
      reasons: result.reasons.map((r) => r.text[vignette.locale] ?? r.rule),
    };
  } catch (error) {
    return { id: vignette.id, ok: false, problem: (error as Error).message, asked };
  }
}
