import type { ClientMessage, ServerMessage } from "$wire/chat";
import { randomKey } from "./randomKey";
import { readBySchema } from "./readBySchema";
import { PROTOCOL_VERSION, SERVER_MESSAGE_SCHEMA } from "./serverMessageSchema.generated";

/*
 * The chat page's side of the patient protocol ($wire/chat): the frames it writes and the reading
 * of the frames it receives. No socket and no page state here. Frames are read against the JSON
 * Schema generated from the server's zod schema (scripts/writeServerMessageSchema.ts): the
 * patient's bundle carries no zod (issue 24, 4b).
 */

/** What the patient sends and the server acknowledges: kept in the outbox until then. */
export type Outgoing = Exclude<ClientMessage, { type: "resume" | "ping" | "typing" }>;
/** An outgoing message before it gets its version and id. */
export type OutgoingInput = Outgoing extends infer M ? (M extends Outgoing ? Omit<M, "v" | "id"> : never) : never;

/** Typing frames' ids start with this: an error about one (rate limit) is not the patient's business. */
const TYPING_ID_PREFIX = "typing-";

/** A message id: unique per session; the server makes a turn idempotent by it (a re-sent turn is applied once). */
export const newId = (): string => randomKey(16);

/** Given what the patient does, returns the frame with a fresh id (kept on every re-send). */
export function outgoing(input: OutgoingInput): Outgoing {
  return { v: PROTOCOL_VERSION, id: newId(), ...input } as Outgoing;
}

export function resumeFrame(resumeToken: string, afterSeq: number): ClientMessage {
  return { v: PROTOCOL_VERSION, type: "resume", id: newId(), resumeToken, afterSeq };
}

export function typingFrame(on: boolean): ClientMessage {
  return { v: PROTOCOL_VERSION, type: "typing", id: `${TYPING_ID_PREFIX}${newId()}`, on };
}

export function pingFrame(): ClientMessage {
  return { v: PROTOCOL_VERSION, type: "ping", id: newId() };
}

/** Whether a server error answers a typing frame (the page ignores those). */
export function isAboutTyping(replyTo: string | undefined): boolean {
  return replyTo?.startsWith(TYPING_ID_PREFIX) ?? false;
}

/** Given a raw frame, returns the server message, or undefined for anything that does not parse. */
export function readServerFrame(data: string): ServerMessage | undefined {
  try {
    return readBySchema(SERVER_MESSAGE_SCHEMA, JSON.parse(data)) as ServerMessage | undefined;
  } catch {
    return undefined;
  }
}
