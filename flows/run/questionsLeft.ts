import { evaluateTruth } from "../logic/evaluateTruth.js";
import type { CompiledFlow } from "../compile/compileFlow.js";
import type { AnswerValue } from "../compile/flowContext.js";
import type { FlowResolver, SessionState } from "./runSession.js";

/** The questions and scores of a flow without an answer: the same along the whole walk within one flow. */
function unknownOf(compiled: CompiledFlow, answers: Record<string, AnswerValue>): ReadonlySet<string> {
  return new Set(compiled.flow.nodes.filter((n) => (n.kind === "question" || n.kind === "score") && answers[n.id] === undefined).map((n) => n.id));
}

/** A conversation longer than this is not estimated further. */
const MOST = 99;

/**
 * Given a session waiting on a question, returns about how many questions are left, this one
 * included: those on the likely path, where no answer still to come opens a branch (the path of a
 * patient with nothing unusual to report), through the flows it surely hands over to. Red flags
 * are assumed not to fire and questions already answered (or skipped) are not counted; question
 * economy may still skip some of those counted, so it is an estimate ("about N"), never a promise.
 */
export function questionsLeft(resolver: FlowResolver, state: SessionState): number | undefined {
  const frame = state.frames.at(-1)!;
  if (frame.snapshot.status !== "active") return undefined;
  let compiled = resolver.exact(frame.slug, frame.version);
  let answers: Record<string, AnswerValue> = frame.snapshot.context.answers;
  let skipped = new Set((frame.snapshot.context.skipped ?? []).map((s) => s.id));
  // Computed once per flow of the walk (not kept after it: a cache keyed by live sessions' answers
  // would hold a set per idle session).
  let unknown = compiled ? unknownOf(compiled, answers) : new Set<string>();
  let id: string | undefined = frame.snapshot.value;
  let count = 0;
  const seen = new Set<string>();
  while (compiled && id !== undefined && count < MOST) {
    const key = `${compiled.flow.slug}:${id}`;
    if (seen.has(key)) break;
    seen.add(key);
    const node = compiled.nodes.get(id);
    if (!node || node.kind === "outcome" || node.kind === "decision") break;
    if (node.kind === "handover") {
      const carried: Record<string, AnswerValue> = {};
      for (const c of node.carry) if (answers[c] !== undefined) carried[c] = answers[c]!;
      compiled = resolver.latest(node.flow);
      answers = carried;
      skipped = new Set();
      unknown = compiled ? unknownOf(compiled, answers) : new Set<string>();
      id = compiled?.flow.start;
      continue;
    }
    if (node.kind === "question" && answers[node.id] === undefined && !skipped.has(node.id)) count++;
    const taken = node.next.branches.find((b) => evaluateTruth(b.when, answers, unknown) === "yes");
    id = taken ? taken.to : node.next.default;
  }
  return count;
}
