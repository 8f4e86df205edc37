import { answerQuestion, variablesOf, type CompiledFlow, type FlowResolver, type Question, type SessionState } from "../../flows/index.js";
import type { Json } from "./ports.js";
import { audit, type TurnDraft } from "./turnDraft.js";

type MultipleChoice = Extract<Question, { type: "multiple_choice" }>;

/**
 * Given a flow and a free-text question, returns the question that confirms the signs such a
 * text may describe: the multiple choice with a "none" option that one of the question's own
 * branches leads to and that the flow's red flags read (the entry flow's `text_signs_confirm`,
 * asked when the keyword lists match). Undefined when the flow has none.
 */
export function signsConfirmationOf(compiled: CompiledFlow, questionId: string): MultipleChoice | undefined {
  const node = compiled.nodes.get(questionId);
  if (node?.kind !== "question" || node.type !== "free_text") return undefined;
  for (const branch of node.next.branches) {
    const target = compiled.nodes.get(branch.to);
    if (target?.kind !== "question" || target.type !== "multiple_choice" || !target.noneOption) continue;
    if (compiled.flow.redFlags.some((flag) => variablesOf(flag.when).includes(target.id))) return target;
  }
  return undefined;
}

/**
 * Given the session's flow state before and after a free-text answer, and the confirmation
 * options a model named for that text, returns the state that asks the confirmation question
 * next (as the flow does when its keywords match), or `after` unchanged. Only an addition: the
 * state is moved only when the answer did not already end the flow, fire a red flag, chain to
 * another flow or reach the confirmation, and when answering it "none" leads exactly where the
 * flow was going. The patient's answer then goes through the flow's own red flags; a named sign
 * is never ticked for them. Pure.
 */
export function withNamedSigns(resolver: FlowResolver, before: SessionState, after: SessionState, questionId: string, named: readonly string[]): SessionState {
  const prior = before.frames.at(-1);
  const next = after.frames.at(-1);
  if (!prior || !next || before.frames.length !== after.frames.length || prior.slug !== next.slug || prior.version !== next.version) return after;
  const compiled = resolver.exact(next.slug, next.version);
  const confirm = compiled && signsConfirmationOf(compiled, questionId);
  if (!compiled || !confirm || !named.some((value) => value !== confirm.noneOption && confirm.options.some((o) => o.value === value))) return after;
  const { context } = next.snapshot;
  if (next.snapshot.status !== "active" || context.redFlag || next.snapshot.value === confirm.id || context.answers[confirm.id] !== undefined) return after;
  const answer = context.answers[questionId];
  if (answer === undefined) return after;
  const base = prior.snapshot.context;
  const asking = {
    value: confirm.id,
    status: "active" as const,
    context: { ...base, answers: { ...base.answers, [questionId]: answer }, answered: [...base.answered, questionId], trail: [...base.trail, confirm.id] },
  };
  // The routing stays the flow's: "none of these" must lead where the answer alone was going.
  const declined = answerQuestion(compiled, asking, confirm.id, [confirm.noneOption!]);
  if (declined.status !== next.snapshot.status || declined.value !== next.snapshot.value) return after;
  return { frames: [...after.frames.slice(0, -1), { ...next, snapshot: asking }] };
}

/** Records, in the turn's audit, that a model's reading of the text made the flow ask its confirmation question. */
export function auditNamedSigns(draft: TurnDraft, after: SessionState, asked: SessionState, named: readonly string[]): void {
  if (asked === after) return;
  const frame = asked.frames.at(-1)!;
  audit(draft, "assist.signs_asked", { flow: frame.slug, version: frame.version, question: frame.snapshot.value, named: [...named] as Json });
}
