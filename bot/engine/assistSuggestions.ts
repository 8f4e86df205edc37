import type { Json } from "./ports.js";
import type { TurnOutcome } from "./turnContext.js";

/** Most suggestions shown at once, the flow's own and the model's together: a shortcut, not a second list. */
export const MAX_SHOWN_SUGGESTIONS = 5;

/**
 * What a language model contributed to a turn, attached to the inbound event by the service
 * before the pure turn (bot/llm) and recorded with it in `patient.inbound`: a replay reads it
 * back instead of asking the model. `call` is the call's audit record (purpose, model, prompt
 * hash, output, latency, result), kept whether or not it suggested anything.
 */
export interface TurnAssistData {
  /** Option values a model suggests for the single choice this turn asks. */
  suggested: string[];
  /** Options of the flow's signs confirmation a model says the free text answered in this turn may describe: the confirmation is asked (askNamedSigns). */
  signs?: string[];
  /** A value a model read in typed words the parser could not read: shown back for the patient to confirm (proposedValue). */
  proposal?: Json;
  /** A live-chat message relayed to the clinician: the language a model read it in and its translation into the clinicians' language (relayTurn). */
  translated?: { language: string; translation?: { language: string; text: string } };
  call: { [key: string]: Json };
}

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
