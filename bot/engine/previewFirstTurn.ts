import { LOCALES, type FlowResolver, type Locale } from "../../flows/index.js";
import type { ChatBody, QuestionView } from "./chatMessage.js";
import { startSessionTurn } from "./startSessionTurn.js";
import type { EngineConfig } from "./turnContext.js";

/** What a new session of a flow says first, in one language: its bot messages, the last of them the question it waits on. */
export interface FirstTurnText {
  messages: ChatBody[];
  question: QuestionView;
}

/** A flow's first turn in every language, and the published version it comes from. */
export interface FirstTurnPreview {
  flow: string;
  version: number;
  turns: Record<Locale, FirstTurnText>;
}

/**
 * Given a resolver holding a flow's latest version, returns what its start turn says in each
 * language, computed by that turn itself (pure; nothing stored), so the chat page can render the
 * first question on the server (issue 24, 4b) without drifting from what a session will ask.
 * Undefined when the flow has no published version or does not open with a question.
 */
export function previewFirstTurn(resolver: FlowResolver, flow: string, config: EngineConfig, now: Date): FirstTurnPreview | undefined {
  if (!resolver.latest(flow)) return undefined;
  const turns = {} as Record<Locale, FirstTurnText>;
  let version = 0;
  for (const locale of LOCALES) {
    const outcome = startSessionTurn({ resolver, now, config }, { id: "preview", flow, locale, channel: "web" });
    const messages = outcome.messages.map((m) => m.body);
    const last = messages.at(-1);
    if (last?.kind !== "question") return undefined;
    turns[locale] = { messages, question: last.question };
    version = outcome.session.flowVersion;
  }
  return { flow, version, turns };
}
