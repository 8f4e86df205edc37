import { sessionQuestion, sessionResult, type Locale } from "../../flows/index.js";
import { textsFor } from "./engineTexts.js";
import { renderEmergency, renderOutcome } from "./renderOutcome.js";
import { renderCurrentQuestion } from "./renderCurrentQuestion.js";
import { audit, botSays, type TurnDraft } from "./turnDraft.js";

/** Switches the session's language and shows the current question (or the outcome) again in it. */
export function setLocaleTurn(draft: TurnDraft, locale: Locale): void {
  const { ctx, session } = draft;
  audit(draft, "locale.changed", { from: session.locale, to: locale });
  session.locale = locale;
  botSays(draft, { kind: "notice", text: textsFor(locale).notice.localeChanged });
  const { compiled, question } = sessionQuestion(ctx.resolver, session.state);
  if (question) {
    botSays(draft, { kind: "question", question: renderCurrentQuestion(ctx.resolver, session.state, question, locale) });
    return;
  }
  const result = sessionResult(ctx.resolver, session.state);
  if (!result) return;
  // The emergency numbers come first whenever an EMERGENCY outcome is shown, in any language.
  if (result.urgency === "EMERGENCY") draft.messages.unshift({ author: "bot", body: renderEmergency(ctx.config, locale) });
  botSays(draft, { kind: "outcome", outcome: renderOutcome(compiled, result, locale, ctx.config) });
}
