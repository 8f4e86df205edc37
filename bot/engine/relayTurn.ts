import type { InboundEvent, SessionRecord } from "./ports.js";
import { toJson } from "./toJson.js";
import type { TurnOutcome } from "./turnContext.js";

const MAX_DISPLAY = 2000;

/**
 * While a clinician is in the patient's case, what the patient types or picks is for the
 * clinician: it goes into the transcript and the audit (`patient.to_clinician`, which a replay
 * skips like other non-flow events), the flow does not move and the bot says nothing. A
 * translation the LLM assist made for the clinician (recorded in the event) goes with the text. Pure.
 */
export function relayTurn(
  ctx: { now: Date; clientMessageId?: string },
  session: SessionRecord,
  event: Extract<InboundEvent, { type: "text" | "answer" }>,
): TurnOutcome {
  const raw = event.type === "text" ? event.text : event.value;
  const text = typeof raw === "string" ? raw : Array.isArray(raw) ? raw.map(String).join(", ") : JSON.stringify(toJson(raw));
  const at = ctx.now.toISOString();
  return {
    session: { ...session, updatedAt: at },
    messages: [{ author: "patient", body: { kind: "text", text: text.slice(0, MAX_DISPLAY), ...translatedFor(event) } }],
    effects: [],
    audit: [{ type: "patient.to_clinician", payload: { event: toJson(event), clientMessageId: ctx.clientMessageId ?? null, at } }],
  };
}

/** The language and translation the assist attached to the event, if any (the text stays what the patient wrote). */
function translatedFor(event: Extract<InboundEvent, { type: "text" | "answer" }>): { language?: string; translation?: { language: string; text: string } } {
  const translated = event.assist?.translated;
  if (!translated) return {};
  return {
    language: translated.language,
    ...(translated.translation ? { translation: { language: translated.translation.language, text: translated.translation.text.slice(0, MAX_DISPLAY) } } : {}),
  };
}
