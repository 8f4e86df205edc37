import type { ChatMessage } from "../../engine/chatMessage.js";

/** One numbered line of the transcript as the model reads it: the number is the message's seq, which the case page shows. */
export interface TranscriptLine {
  line: number;
  author: ChatMessage["author"];
  text: string;
}

const MAX_LINE = 600;
const MAX_LINES = 300;
const MAX_TOTAL = 40_000;

/** Given a session's transcript, returns its lines as text (bounded: the first lines of a very long chat). */
export function transcriptLines(messages: readonly ChatMessage[]): TranscriptLine[] {
  const lines: TranscriptLine[] = [];
  let total = 0;
  for (const message of messages) {
    const text = textOf(message).replace(/\s+/g, " ").trim().slice(0, MAX_LINE);
    if (!text) continue;
    if (lines.length >= MAX_LINES || total + text.length > MAX_TOTAL) break;
    total += text.length;
    lines.push({ line: message.seq, author: message.author, text });
  }
  return lines;
}

function textOf(message: ChatMessage): string {
  const body = message.body;
  switch (body.kind) {
    case "question":
      return body.question.text;
    case "answer":
      return body.display;
    case "outcome":
      return `${body.outcome.urgency}: ${body.outcome.title}`;
    default:
      return body.text;
  }
}
