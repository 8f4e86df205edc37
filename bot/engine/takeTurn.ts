import { TriageError } from "../errors.js";
import { answerTurn } from "./answerTurn.js";
import { askHumanTurn } from "./askHumanTurn.js";
import { withAssistSuggestions } from "./assistSuggestions.js";
import { backTurn } from "./backTurn.js";
import type { InboundEvent, SessionRecord } from "./ports.js";
import { setLocaleTurn } from "./setLocaleTurn.js";
import { toJson } from "./toJson.js";
import type { TurnContext, TurnOutcome } from "./turnContext.js";
import { audit, closeTurn, openTurn } from "./turnDraft.js";

/**
 * Given the context (flows, time, configuration), a session and what the patient sent, returns
 * the next session, the transcript messages, the effects, the audit events and any hand-off case.
 * Pure: no I/O, no clock, no randomness, so replaying the audit log gives the same result.
 */
export function takeTurn(ctx: TurnContext, session: SessionRecord, event: InboundEvent): TurnOutcome {
  if (session.status === "closed") throw new TriageError("TRIAGE_SESSION_CLOSED", `session ${session.id} is closed`);
  const draft = openTurn(ctx, session);
  audit(draft, "patient.inbound", { event: toJson(event), clientMessageId: ctx.clientMessageId ?? null, at: ctx.now.toISOString() });
  switch (event.type) {
    case "answer":
      answerTurn(draft, {
        via: "answer",
        value: event.value,
        ...(event.questionId === undefined ? {} : { questionId: event.questionId }),
        ...(event.assist ? { assist: event.assist } : {}),
      });
      break;
    case "text":
      answerTurn(draft, { via: "text", text: event.text, ...(event.assist ? { assist: event.assist } : {}) });
      break;
    case "ask_human":
      askHumanTurn(draft);
      break;
    case "set_locale":
      setLocaleTurn(draft, event.locale);
      break;
    case "back":
      backTurn(draft);
      break;
    case "start":
      throw new TriageError("TRIAGE_BAD_FRAME", "a started session cannot be started again");
  }
  const outcome = closeTurn(draft);
  // A model's suggestions (recorded in the event, so a replay reads the same) only add choices to show.
  return (event.type === "answer" || event.type === "text") && event.assist ? withAssistSuggestions(outcome, event.assist.suggested) : outcome;
}
