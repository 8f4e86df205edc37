import type { CompiledFlow } from "../compile/compileFlow.js";
import type { AnswerValue, FlowSnapshot } from "../compile/flowContext.js";
import { evaluateResult, explainReasons, type TriageResult } from "../evaluate/evaluateResult.js";
import type { Question } from "../schema/flowSchema.js";
import { answerQuestion, currentQuestion, goBack, startFlow } from "./stepFlow.js";

/** Finds compiled flows: the latest published version (to chain into) or an exact pinned one (to replay). */
export interface FlowResolver {
  latest(slug: string): CompiledFlow | undefined;
  exact(slug: string, version: number): CompiledFlow | undefined;
}

/** One flow of a session; a session moves to the next frame when a flow hands over. */
export interface SessionFrame {
  slug: string;
  version: number;
  snapshot: FlowSnapshot;
}

/** A session's triage state: plain JSON, stored as is. The last frame is the running flow. */
export interface SessionState {
  frames: SessionFrame[];
}

export class FlowNotFoundError extends Error {
  constructor(
    readonly slug: string,
    readonly version?: number,
  ) {
    super(`flow ${slug}${version ? `@${version}` : ""} is not available`);
  }
}

function compiledOf(resolver: FlowResolver, frame: SessionFrame): CompiledFlow {
  const compiled = resolver.exact(frame.slug, frame.version);
  if (!compiled) throw new FlowNotFoundError(frame.slug, frame.version);
  return compiled;
}

/** Follows handovers: while the running flow ended by handing over, start the next flow with the carried answers. */
function followHandovers(resolver: FlowResolver, state: SessionState): SessionState {
  let frames = state.frames;
  for (;;) {
    const last = frames[frames.length - 1]!;
    const handover = last.snapshot.context.handover;
    if (last.snapshot.status !== "done" || !handover) return { frames };
    if (frames.length > 8) throw new Error("flows chained more than 8 times: the library has a handover loop");
    const next = resolver.latest(handover.flow);
    if (!next) throw new FlowNotFoundError(handover.flow);
    frames = [...frames, { slug: next.flow.slug, version: next.flow.version, snapshot: startFlow(next, handover.carry) }];
  }
}

/** Given a flow slug, returns a new session's state at its first question (pure). */
export function startSession(resolver: FlowResolver, slug: string): SessionState {
  const compiled = resolver.latest(slug);
  if (!compiled) throw new FlowNotFoundError(slug);
  const frame = { slug, version: compiled.flow.version, snapshot: startFlow(compiled) };
  return followHandovers(resolver, { frames: [frame] });
}

/** The running flow and the question it waits on (undefined once the session has an outcome). */
export function sessionQuestion(resolver: FlowResolver, state: SessionState): { compiled: CompiledFlow; question?: Question } {
  const frame = state.frames[state.frames.length - 1]!;
  const compiled = compiledOf(resolver, frame);
  const question = currentQuestion(compiled, frame.snapshot);
  return question ? { compiled, question } : { compiled };
}

/** Given a parsed answer to the current question, returns the next session state (pure). */
export function answerSession(resolver: FlowResolver, state: SessionState, question: string, value: AnswerValue): SessionState {
  const frame = state.frames[state.frames.length - 1]!;
  const snapshot = answerQuestion(compiledOf(resolver, frame), frame.snapshot, question, value);
  return followHandovers(resolver, { frames: [...state.frames.slice(0, -1), { ...frame, snapshot }] });
}

/**
 * "Change my last answer": goes back one question, into the previous flow if the running one
 * has no answer yet. Returns undefined when there is nothing to go back to.
 */
export function backSession(resolver: FlowResolver, state: SessionState): SessionState | undefined {
  const frames = [...state.frames];
  while (frames.length > 0) {
    const frame = frames.pop()!;
    const previous = goBack(compiledOf(resolver, frame), frame.snapshot);
    if (previous) return { frames: [...frames, { ...frame, snapshot: previous }] };
  }
  return undefined;
}

/** The session's result once its last flow reached an outcome: urgency, routing and every flow's reasons. */
export function sessionResult(resolver: FlowResolver, state: SessionState): TriageResult | undefined {
  const last = state.frames[state.frames.length - 1]!;
  const result = evaluateResult(compiledOf(resolver, last), last.snapshot);
  if (!result) return undefined;
  const earlier = state.frames.slice(0, -1).flatMap((f) => explainReasons(compiledOf(resolver, f), f.snapshot));
  return { ...result, reasons: [...earlier, ...result.reasons] };
}

/** Every answer given so far in the session, across chained flows, by id. */
export function sessionAnswers(state: SessionState): Record<string, AnswerValue> {
  return Object.assign({}, ...state.frames.map((f) => f.snapshot.context.answers));
}

/** A resolver over an in-memory list of compiled flows (the CLI, tests and the simulator use it). */
export function resolverOf(compiled: Iterable<CompiledFlow>): FlowResolver {
  const all = [...compiled];
  return {
    latest: (slug) => all.filter((c) => c.flow.slug === slug).sort((a, b) => b.flow.version - a.flow.version)[0],
    exact: (slug, version) => all.find((c) => c.flow.slug === slug && c.flow.version === version),
  };
}
