import { sessionQuestion } from "../../flows/index.js";
import { decideHandoff, openHandoff } from "./decideHandoff.js";
import { textsFor } from "./engineTexts.js";
import { knownUrgency } from "./knownUrgency.js";
import type { HandoffDraft } from "./ports.js";
import { numbersInWords } from "./renderOutcome.js";
import { renderCurrentQuestion } from "./renderCurrentQuestion.js";
import { audit, botSays, type TurnDraft } from "./turnDraft.js";

/**
 * Opens a hand-off case at the urgency known so far (see knownUrgency) and tells the patient;
 * the audit says which basis chose the level. While a question is pending the patient may keep
 * answering, so it is shown again.
 */
export function requestHuman(draft: TurnDraft, cause: HandoffDraft["cause"], trigger: "patient_request" | "dead_end"): void {
  const { ctx, session } = draft;
  const { locale } = session;
  const known = knownUrgency(ctx.resolver, session.state);
  const firstReason = known.rules[0]?.reason;
  const handoff = decideHandoff(ctx.now, ctx.config, {
    urgency: known.urgency,
    cause,
    ...(firstReason ? { firstReason: { text: firstReason, sessionLocale: locale } } : {}),
  });
  draft.effects.push(handoff.effect);
  openHandoff(draft, handoff);
  audit(draft, "handoff.requested", {
    urgency: known.urgency,
    cause,
    trigger,
    slaMinutes: handoff.slaMinutes,
    slaDeadline: handoff.draft.slaDeadline,
    basis: known.basis,
    rules: known.rules.map((r) => ({ flow: r.flow, rule: r.rule, kind: r.kind, urgency: r.urgency })),
  });
  session.status = "handoff";
  session.urgency = known.urgency;

  const t = textsFor(locale);
  const { question } = sessionQuestion(ctx.resolver, session.state);
  const text = t.handoff.patientRequest({ wait: t.formatWait(handoff.slaMinutes), numbers: numbersInWords(ctx.config, locale) });
  botSays(draft, {
    kind: "handoff",
    status: "requested",
    text: question ? `${text} ${t.handoff.keepAnswering}` : text,
    expectedWaitMinutes: handoff.slaMinutes,
  });
  if (question && trigger === "patient_request")
    botSays(draft, { kind: "question", question: renderCurrentQuestion(ctx.resolver, session.state, question, locale) });
}
