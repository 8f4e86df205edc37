import { sessionQuestion, type CompiledFlow, type FlowResolver, type Locale, type SessionState, type TriageResult } from "../../flows/index.js";
import type { ChatBody, QuestionView } from "../engine/chatMessage.js";
import { startSessionTurn } from "../engine/startSessionTurn.js";
import { takeTurn } from "../engine/takeTurn.js";
import type { EngineConfig } from "../engine/turnContext.js";
import { skippedQuestions, type SkippedQuestion } from "./skippedQuestions.js";

/** One answer of a simulated conversation, as the chat page would send it. */
export interface SimulatedAnswer {
  questionId: string;
  value: string | number | boolean | string[];
}

/** Where a simulated conversation stands after replaying its answers through the pure engine. */
export interface Simulation {
  /** The transcript (bot and patient), in order. */
  messages: { author: string; body: ChatBody }[];
  /** The question being asked now, if the flow has not ended. */
  question?: QuestionView;
  /** The node the running flow is in (a question id, or the outcome reached). */
  currentNode?: string;
  /** The slug of the running flow (it differs from the draft's after a handover). */
  currentFlow: string;
  answers: Record<string, unknown>;
  result?: TriageResult;
  /** The last answer the engine did not accept (re-asked), if any. */
  refused?: { questionId: string; problem: string };
  /** The questions question economy did not ask, with why, in the simulation's language (patients skip the same). */
  skipped: SkippedQuestion[];
}

/** Given a compiled draft, returns a resolver where it is its slug's latest (and exact) version and every other flow comes from `others`. */
export function draftResolver(draft: CompiledFlow, others: FlowResolver): FlowResolver {
  const slug = draft.flow.slug;
  return {
    latest: (s) => (s === slug ? draft : others.latest(s)),
    exact: (s, v) => (s === slug && v === draft.flow.version ? draft : others.exact(s, v)),
  };
}

/** A question some flow of the session skipped (question economy): an answer to it can no longer be given. */
function wasSkipped(state: SessionState, questionId: string): boolean {
  return state.frames.some((frame) => frame.snapshot.context.skipped?.some((s) => s.id === questionId));
}

/**
 * Given a resolver (the draft as its slug's latest), a locale and the answers so far, replays the
 * conversation through the same pure engine as patients (startSessionTurn, takeTurn) and returns
 * where it stands, with the questions question economy skipped when the flows are compiled with it.
 * Nothing is stored: the caller keeps the answers and sends them all each time. An answer to a
 * question the replay skipped (a test case saved when every question was asked) is passed over.
 */
export function simulateDraft(input: {
  resolver: FlowResolver;
  config: EngineConfig;
  flow: string;
  locale: Locale;
  answers: readonly SimulatedAnswer[];
  now: Date;
}): Simulation {
  const ctx = { resolver: input.resolver, now: input.now, config: input.config };
  let turn = startSessionTurn(ctx, { id: "simulation", flow: input.flow, locale: input.locale, channel: "simulation" });
  const messages = turn.messages.map((m) => ({ author: m.author, body: m.body }));
  let result: TriageResult | undefined;
  let refused: Simulation["refused"];
  for (const answer of input.answers) {
    if (turn.session.status === "closed" || result) break;
    const waiting = sessionQuestion(input.resolver, turn.session.state).question;
    if (waiting && waiting.id !== answer.questionId && wasSkipped(turn.session.state, answer.questionId)) continue;
    turn = takeTurn(ctx, turn.session, { type: "answer", value: answer.value, questionId: answer.questionId });
    messages.push(...turn.messages.map((m) => ({ author: m.author, body: m.body })));
    for (const effect of turn.effects) if (effect.type === "outcome_decided") result = effect.result;
    const reask = turn.messages.find((m) => m.body.kind === "reask");
    refused = reask && reask.body.kind === "reask" ? { questionId: reask.body.questionId, problem: reask.body.text } : undefined;
  }
  const frame = turn.session.state.frames[turn.session.state.frames.length - 1];
  const context = frame?.snapshot.context;
  const lastQuestion = [...messages].reverse().find((m) => m.body.kind === "question" || m.body.kind === "outcome");
  const simulation: Simulation = {
    messages,
    currentFlow: frame?.slug ?? input.flow,
    answers: { ...(context?.answers ?? {}) },
    skipped: skippedQuestions(input.resolver, turn.session.state, input.locale),
  };
  if (!result && lastQuestion?.body.kind === "question") {
    simulation.question = lastQuestion.body.question;
    simulation.currentNode = lastQuestion.body.question.questionId;
  }
  if (result) {
    simulation.result = result;
    simulation.currentNode = result.outcome;
  }
  if (refused) simulation.refused = refused;
  return simulation;
}
