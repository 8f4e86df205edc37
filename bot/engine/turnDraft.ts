import type { ChatBody } from "./chatMessage.js";
import type { Json, SessionRecord } from "./ports.js";
import type { TurnContext, TurnOutcome } from "./turnContext.js";

/**
 * A turn being built: the handlers of one turn append to it, in order, and takeTurn returns it.
 * Local mutation inside a pure function; nothing outside the turn sees it before it is returned.
 */
export interface TurnDraft extends TurnOutcome {
  ctx: TurnContext;
}

/** Given the context and the session before the turn, returns an empty draft on a copy of the session. */
export function openTurn(ctx: TurnContext, session: SessionRecord): TurnDraft {
  return {
    ctx,
    session: { ...session, updatedAt: ctx.now.toISOString() },
    messages: [],
    effects: [],
    audit: [],
  };
}

export function botSays(draft: TurnDraft, body: ChatBody): void {
  draft.messages.push({ author: "bot", body });
}

export function patientSays(draft: TurnDraft, body: ChatBody): void {
  draft.messages.push({ author: "patient", body });
}

export function audit(draft: TurnDraft, type: string, payload: { [key: string]: Json }): void {
  draft.audit.push({ type, payload });
}

/** Given a finished draft, returns the outcome (without the working context). */
export function closeTurn(draft: TurnDraft): TurnOutcome {
  const { ctx: _ctx, ...outcome } = draft;
  return outcome;
}
