import { answerQuestion, backSession, startFlow, type FlowResolver, type SessionState } from "../../flows/index.js";
import { signsConfirmationOf, withNamedSigns } from "./askNamedSigns.js";

/**
 * "Change my last answer" in a session where a model's reading made the flow ask its signs
 * confirmation (askNamedSigns, issue 21): goes back like backSession, but replays the answers
 * kept the way they were asked. backSession replays them through the flow alone, which passes
 * the confirmation by: the patient's "none" to it was dropped, and undoing that "none" asked the
 * next question again instead of the confirmation. Here the confirmation is asked again where the
 * patient met it (the answer undone) or keeps its answer (an earlier one). Without such a
 * confirmation in the log, it is backSession's result. Pure.
 */
export function backAsAsked(resolver: FlowResolver, state: SessionState): SessionState | undefined {
  const previous = backSession(resolver, state);
  if (!previous) return undefined;
  // backSession went back inside this frame: its answers, the last one undone, are replayed.
  const index = previous.frames.length - 1;
  const original = state.frames[index]!;
  const compiled = resolver.exact(original.slug, original.version);
  const { answered, answers, carried } = original.snapshot.context;
  const confirmations = compiled ? answered.map((id) => signsConfirmationOf(compiled, id)?.id) : [];
  if (!compiled || !confirmations.some((confirm, i) => confirm !== undefined && answered[i + 1] === confirm)) return previous;

  const frameAt = (snapshot: SessionState["frames"][number]["snapshot"]): SessionState => ({
    frames: [...previous.frames.slice(0, index), { ...original, snapshot }],
  });
  let at = frameAt(startFlow(compiled, Object.fromEntries(carried.filter((id) => answers[id] !== undefined).map((id) => [id, answers[id]!]))));
  for (let i = 0; i < answered.length - 1; i++) {
    const id = answered[i]!;
    let after = frameAt(answerQuestion(compiled, at.frames[index]!.snapshot, id, answers[id]!));
    // The patient met the confirmation right after this free text: the model had named a sign in it.
    const confirm = signsConfirmationOf(compiled, id);
    if (confirm && answered[i + 1] === confirm.id)
      after = withNamedSigns(
        resolver,
        at,
        after,
        id,
        confirm.options.map((o) => o.value),
      );
    at = after;
  }
  return at;
}
