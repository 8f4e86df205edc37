import { startSession, type SessionState } from "../../flows/index.js";
import { textsFor } from "./engineTexts.js";
import { localText } from "./localText.js";
import type { SessionRecord } from "./ports.js";
import { numbersInWords } from "./renderOutcome.js";
import { reportProgress } from "./reportProgress.js";
import type { StartSessionInput, TurnContext, TurnOutcome } from "./turnContext.js";
import { audit, botSays, closeTurn, openTurn } from "./turnDraft.js";

/**
 * Given the context and a new session's id, flow, locale and channel, returns its first turn: the
 * session pinned to the flow's latest version, a greeting that asks nothing personal, and the first
 * question. Pure, like takeTurn.
 */
export function startSessionTurn(ctx: TurnContext, input: StartSessionInput): TurnOutcome {
  const state = startSession(ctx.resolver, input.flow);
  const entry = state.frames[0]!;
  const now = ctx.now.toISOString();
  const empty: SessionState = { frames: [] };
  const session: SessionRecord = {
    id: input.id,
    flowSlug: entry.slug,
    flowVersion: entry.version,
    locale: input.locale,
    status: "active",
    channel: input.channel,
    state: empty,
    createdAt: now,
    updatedAt: now,
  };
  const draft = openTurn(ctx, session);
  // Recorded so a replay runs the session as it ran: sessions from before question economy (no
  // flag) replay asking every question.
  const economy = ctx.resolver.exact(entry.slug, entry.version)?.economy === true;
  audit(draft, "session.started", {
    sessionId: input.id,
    flow: entry.slug,
    version: entry.version,
    locale: input.locale,
    channel: input.channel,
    ...(economy ? { economy: true } : {}),
  });
  audit(draft, "patient.inbound", {
    event: { type: "start", flow: input.flow, locale: input.locale },
    clientMessageId: ctx.clientMessageId ?? null,
    at: now,
  });
  const title = localText(ctx.resolver.exact(entry.slug, entry.version)?.flow.title, input.locale);
  botSays(draft, { kind: "text", text: textsFor(input.locale).greeting({ title, numbers: numbersInWords(ctx.config, input.locale) }) });
  reportProgress(draft, empty, state);
  return closeTurn(draft);
}
