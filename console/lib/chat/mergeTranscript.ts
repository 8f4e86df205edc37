import type { WireChatMessage } from "$wire/chat";

/**
 * Given a transcript ordered by seq and messages that arrived (live, or replayed by a resume or a
 * re-watch), returns the transcript with the new ones in their place, in seq order, or undefined
 * when none is new. A seq already there keeps the message shown first: a replay never moves or
 * changes a line. Serves the chat page (one message at a time) and the case page (batches).
 */
export function mergeTranscript(messages: readonly WireChatMessage[], arrived: readonly WireChatMessage[]): WireChatMessage[] | undefined {
  const seen = new Set(messages.map((m) => m.seq));
  const fresh: WireChatMessage[] = [];
  for (const message of arrived) {
    if (seen.has(message.seq)) continue;
    seen.add(message.seq);
    fresh.push(message);
  }
  if (fresh.length === 0) return undefined;
  const merged = [...messages, ...fresh];
  // Live messages come in order: sort only when one arrived late.
  const inOrder = merged.every((m, i) => i === 0 || merged[i - 1]!.seq < m.seq);
  return inOrder ? merged : merged.sort((a, b) => a.seq - b.seq);
}
