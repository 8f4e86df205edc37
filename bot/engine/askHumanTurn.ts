import { textsFor } from "./engineTexts.js";
import { numbersInWords } from "./renderOutcome.js";
import { requestHuman } from "./requestHuman.js";
import { audit, botSays, type TurnDraft } from "./turnDraft.js";

/** The patient asks for a person: opens a case at the urgency known so far, once per session. */
export function askHumanTurn(draft: TurnDraft): void {
  const { ctx, session } = draft;
  if (session.status === "handoff") {
    audit(draft, "handoff.already_requested", { urgency: session.urgency ?? null });
    botSays(draft, { kind: "notice", text: textsFor(session.locale).handoff.already(numbersInWords(ctx.config, session.locale)) });
    return;
  }
  requestHuman(draft, "patient_request", "patient_request");
}
