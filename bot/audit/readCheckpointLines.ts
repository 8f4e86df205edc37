import { createReadStream } from "node:fs";

/** A checkpoint line longer than this is not one Triage wrote for any plausible deployment. */
export const MAX_CHECKPOINT_LINE_BYTES = 256 * 1024 * 1024;

/** One line of a checkpoints file: its number (from 1) and text, or `tooLong` when it passed the limit (its text dropped). */
export type CheckpointLine = { number: number; text: string; tooLong?: false } | { number: number; tooLong: true };

/**
 * Yields the non-empty lines of a JSON-lines file without ever holding more than one line of at
 * most `maxLineBytes`: the rest of a longer line is skipped, not buffered.
 */
export async function* readCheckpointLines(path: string, maxLineBytes = MAX_CHECKPOINT_LINE_BYTES): AsyncGenerator<CheckpointLine> {
  let parts: Buffer[] = [];
  let length = 0;
  let tooLong = false;
  let number = 0;
  const finish = (): CheckpointLine | undefined => {
    number += 1;
    const line: CheckpointLine | undefined = tooLong
      ? { number, tooLong: true }
      : length > 0
        ? { number, text: Buffer.concat(parts).toString("utf8") }
        : undefined;
    parts = [];
    length = 0;
    tooLong = false;
    return line;
  };
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    let start = 0;
    for (;;) {
      const newline = chunk.indexOf(0x0a, start);
      const end = newline === -1 ? chunk.length : newline;
      if (!tooLong) {
        if (length + (end - start) > maxLineBytes) tooLong = true;
        else if (end > start) {
          parts.push(chunk.subarray(start, end));
          length += end - start;
        }
      }
      if (newline === -1) break;
      const line = finish();
      if (line && (line.tooLong || line.text.trim() !== "")) yield line;
      start = newline + 1;
    }
  }
  if (length > 0 || tooLong) {
    const line = finish();
    if (line && (line.tooLong || line.text.trim() !== "")) yield line;
  }
}
