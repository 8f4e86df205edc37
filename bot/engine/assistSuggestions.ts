import type { TurnOutcome } from "./turnContext.js";

/** What a model contributed to a turn: with the inbound event, in the ports (re-exported for the assist's callers). */
export type { TurnAssistData } from "./ports.js";

/** Most suggestions shown at once, the flow's own and the model's together: a shortcut, not a second list. */
export const MAX_SHOWN_SUGGESTIONS = 5;

/**
 * Given a turn's outcome and the options a model suggested, returns the outcome whose asked single
 * choice shows them too: after the flow's own suggestions, only values the question has, never
 * chosen for the patient. Pure; anything else in the outcome is unchanged.
 */
export function withAssistSuggestions(outcome: TurnOutcome, suggested: readonly string[]): TurnOutcome {
  if (suggested.length === 0) return outcome;
  const messages = outcome.messages.map((message) => {
    if (message.author !== "bot" || message.body.kind !== "question" || message.body.question.type !== "single_choice") return message;
    const view = message.body.question;
    const values = new Set((view.options ?? []).map((o) => o.value));
    const merged = [...new Set([...(view.suggested ?? []), ...suggested.filter((v) => values.has(v))])].slice(0, MAX_SHOWN_SUGGESTIONS);
    if (merged.length === 0) return message;
    return { ...message, body: { ...message.body, question: { ...view, suggested: merged } } };
  });
  return { ...outcome, messages };
}
