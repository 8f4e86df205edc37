import type { CommittedTurn } from "../engine/ports.js";

/** Given the stored reply of a turn (turns.reply), returns it; undefined when there is none. */
export function parseReply(text: string | undefined): CommittedTurn | undefined {
  return text === undefined ? undefined : (JSON.parse(text) as CommittedTurn);
}
