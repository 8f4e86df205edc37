import { sessionQuestion } from "../../flows/index.js";
import { backAsAsked } from "./backAsAsked.js";
import { textsFor } from "./engineTexts.js";
import type { Json } from "./ports.js";
import { reportProgress } from "./reportProgress.js";
import { audit, botSays, type TurnDraft } from "./turnDraft.js";

/**
 * "Change my last answer": goes back to the previous question and asks it again. The audit keeps
 * the answer being changed (answer.changed) next to the new one recorded later. Refused, with a
 * notice, when nothing has been answered yet or the questionnaire has ended.
 */
export function backTurn(draft: TurnDraft): void {
  const { ctx, session } = draft;
  const t = textsFor(session.locale);
  const state = session.state;
  if (!sessionQuestion(ctx.resolver, state).question) {
    audit(draft, "back.refused", { code: "TRIAGE_SESSION_CLOSED", reason: "session_ended" });
    botSays(draft, { kind: "notice", text: t.notice.backAfterEnd });
    return;
  }
  const previous = backAsAsked(ctx.resolver, state);
  if (!previous) {
    audit(draft, "back.refused", { code: "TRIAGE_NOTHING_TO_UNDO", reason: "nothing_to_undo" });
    botSays(draft, { kind: "notice", text: t.notice.nothingToUndo });
    return;
  }
  // backAsAsked went back inside the last frame it kept: its last answer is the one undone.
  const frame = state.frames[previous.frames.length - 1]!;
  const question = frame.snapshot.context.answered.at(-1)!;
  audit(draft, "answer.changed", {
    flow: frame.slug,
    version: frame.version,
    question,
    previous: (frame.snapshot.context.answers[question] ?? null) as Json,
  });
  botSays(draft, { kind: "notice", text: t.notice.backDone });
  reportProgress(draft, state, previous);
}
