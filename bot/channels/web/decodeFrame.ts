import type { ErrorCode } from "../../errors.js";
import { CLIENT_MESSAGE_TYPES, PROTOCOL_VERSION, clientIdSchema, clientMessageSchema, type ClientMessage } from "./protocol.js";

/** Why a frame is not a client message; `replyTo` is the frame's id when one could be read. */
export interface FrameProblem {
  code: Extract<ErrorCode, "TRIAGE_BAD_FRAME" | "TRIAGE_FRAME_TOO_LARGE" | "TRIAGE_UNKNOWN_MESSAGE_TYPE">;
  replyTo?: string;
  /** For logs only: a short reason without any of the frame's content. */
  reason: string;
}

export type DecodedFrame = { ok: true; message: ClientMessage } | { ok: false; problem: FrameProblem };

const utf8 = new TextDecoder("utf-8", { fatal: true });

const fail = (code: FrameProblem["code"], reason: string, replyTo?: string): DecodedFrame => ({
  ok: false,
  problem: replyTo === undefined ? { code, reason } : { code, reason, replyTo },
});

/**
 * Given one WebSocket frame's payload, returns the typed client message or a coded problem.
 * Knows nothing of sockets (like ws's receiver): the wiring decides what to answer.
 */
export function decodeFrame(data: Uint8Array | string, isBinary: boolean, maxBytes: number): DecodedFrame {
  const size = typeof data === "string" ? Buffer.byteLength(data) : data.byteLength;
  if (size > maxBytes) return fail("TRIAGE_FRAME_TOO_LARGE", `frame of ${size} bytes over ${maxBytes}`);
  if (isBinary) return fail("TRIAGE_BAD_FRAME", "binary frame");

  let text: string;
  try {
    text = typeof data === "string" ? data : utf8.decode(data);
  } catch {
    return fail("TRIAGE_BAD_FRAME", "not UTF-8");
  }

  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail("TRIAGE_BAD_FRAME", "not JSON");
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) return fail("TRIAGE_BAD_FRAME", "not a JSON object");

  const record = json as Record<string, unknown>;
  const id = clientIdSchema.safeParse(record.id);
  const replyTo = id.success ? id.data : undefined;
  if (record.v !== PROTOCOL_VERSION) return fail("TRIAGE_BAD_FRAME", "unsupported protocol version", replyTo);
  if (typeof record.type !== "string" || !(CLIENT_MESSAGE_TYPES as readonly string[]).includes(record.type)) {
    return fail("TRIAGE_UNKNOWN_MESSAGE_TYPE", "unknown message type", replyTo);
  }

  const parsed = clientMessageSchema.safeParse(json);
  if (!parsed.success) {
    // Paths only: issue messages may quote the patient's input.
    const paths = parsed.error.issues.map((i) => i.path.join(".") || "(root)").join(",");
    return fail("TRIAGE_BAD_FRAME", `invalid fields: ${paths}`, replyTo);
  }
  return { ok: true, message: parsed.data };
}
