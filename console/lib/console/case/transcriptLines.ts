import type { WireChatMessage } from "$wire/chat";
import type { UrgencyChangeView } from "../../../../bot/cases/urgencyChanges.js";

/** One line of the case page's transcript: a message, or a clinician's urgency change where it happened. */
export type TranscriptLine = { key: string; message: WireChatMessage } | { key: string; change: UrgencyChangeView };

/**
 * Given the messages (by seq) and the clinicians' urgency changes (oldest first), returns the lines
 * in time order: each change before the first message after it (changes are never sent to the patient).
 */
export function transcriptLines(messages: readonly WireChatMessage[], changes: readonly UrgencyChangeView[]): TranscriptLine[] {
  const out: TranscriptLine[] = [];
  let next = 0;
  for (const message of messages) {
    while (next < changes.length && changes[next]!.at < message.at) out.push({ key: `u${next}`, change: changes[next++]! });
    out.push({ key: `m${message.seq}`, message });
  }
  while (next < changes.length) out.push({ key: `u${next}`, change: changes[next++]! });
  return out;
}
