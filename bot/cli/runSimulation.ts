import {
  answerSession,
  compileFlow,
  parseAnswer,
  resolverOf,
  sessionQuestion,
  sessionResult,
  startSession,
  type AnswerProblem,
  type CompiledFlow,
  type Flow,
  type FlowResolver,
  type SessionState,
  type TriageResult,
} from "../../flows/index.js";

/** Why a simulation stopped before an outcome. */
export type SimulationStop =
  | { code: "missing-answer"; question: string }
  | { code: "bad-answer"; question: string; given: unknown; problem: AnswerProblem }
  | { code: "runtime"; message: string };

export interface Simulation {
  resolver: FlowResolver;
  state: SessionState;
  /** Question ids asked, in order, across chained flows. */
  asked: string[];
  result?: TriageResult;
  stop?: SimulationStop;
}

/**
 * Compiles the flows a simulation may run, skipping library flows that do not compile (the main one
 * must). With question economy by default, as patients run them (bot/engine/flowCatalog.ts), so a
 * simulation skips what a patient would not be asked; `economy: false` asks every question.
 */
export function simulationResolver(main: Flow, context: readonly Flow[], options: { economy?: boolean } = {}): FlowResolver {
  const economy = options.economy ?? true;
  const compiled: CompiledFlow[] = [compileFlow(main, { economy })];
  for (const flow of context) {
    try {
      compiled.push(compileFlow(flow, { economy }));
    } catch {
      // A broken library flow only matters if the session hands over to it: then the runner says so.
    }
  }
  return resolverOf(compiled);
}

/**
 * Given a resolver, a flow slug and a raw answer per question id, runs the session with the pure
 * runner (following handovers) until an outcome, a question without an answer, or an answer that
 * does not parse. Never throws for those: the stop is part of the returned value.
 */
export function runSimulation(resolver: FlowResolver, slug: string, answers: Readonly<Record<string, unknown>>): Simulation {
  let state: SessionState;
  try {
    state = startSession(resolver, slug);
  } catch (error) {
    return { resolver, state: { frames: [] }, asked: [], stop: { code: "runtime", message: (error as Error).message } };
  }
  const asked: string[] = [];
  // Each answer moves the session forward; a flow asks each question at most once, so this bounds any loop.
  for (let turn = 0; turn < 1000; turn++) {
    const { question } = sessionQuestion(resolver, state);
    if (!question) {
      const result = sessionResult(resolver, state);
      return result
        ? { resolver, state, asked, result }
        : { resolver, state, asked, stop: { code: "runtime", message: "the session ended without an outcome" } };
    }
    if (!Object.hasOwn(answers, question.id)) return { resolver, state, asked, stop: { code: "missing-answer", question: question.id } };
    const given = answers[question.id];
    const parsed = parseAnswer(question, given);
    if (!parsed.ok) return { resolver, state, asked, stop: { code: "bad-answer", question: question.id, given, problem: parsed.problem } };
    asked.push(question.id);
    try {
      state = answerSession(resolver, state, question.id, parsed.value);
    } catch (error) {
      return { resolver, state, asked, stop: { code: "runtime", message: (error as Error).message } };
    }
  }
  return { resolver, state, asked, stop: { code: "runtime", message: "the session did not end after 1000 answers" } };
}
