import type { WireChatMessage } from "$wire/chat";

/**
 * Given the transcript (ordered by seq) and a message, returns the transcript with it in its place,
 * or undefined when that seq is already there (a resume replays what the page may have seen).
 */
export function mergeTranscript(messages: readonly WireChatMessage[], message: WireChatMessage): WireChatMessage[] | undefined {
  if (messages.some((m) => m.seq === message.seq)) return undefined;
  const last = messages.at(-1);
  return !last || last.seq < message.seq ? [...messages, message] : [...messages, message].sort((a, b) => a.seq - b.seq);
}
