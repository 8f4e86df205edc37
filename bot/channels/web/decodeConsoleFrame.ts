import { PROTOCOL_VERSION } from "./protocol.js";
import { CONSOLE_CLIENT_TYPES, consoleClientSchema, type ConsoleClientMessage } from "./consoleProtocol.js";

export type DecodedConsoleFrame =
  | { ok: true; message: ConsoleClientMessage }
  | { ok: false; code: "TRIAGE_BAD_FRAME" | "TRIAGE_FRAME_TOO_LARGE" | "TRIAGE_UNKNOWN_MESSAGE_TYPE"; replyTo?: string };

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Given one console WebSocket frame, returns the typed message or a coded problem (knows nothing of sockets). */
export function decodeConsoleFrame(data: Uint8Array, isBinary: boolean, maxBytes: number): DecodedConsoleFrame {
  if (data.byteLength > maxBytes) return { ok: false, code: "TRIAGE_FRAME_TOO_LARGE" };
  if (isBinary) return { ok: false, code: "TRIAGE_BAD_FRAME" };
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(data));
  } catch {
    return { ok: false, code: "TRIAGE_BAD_FRAME" };
  }
  if (json === null || typeof json !== "object" || Array.isArray(json)) return { ok: false, code: "TRIAGE_BAD_FRAME" };
  const record = json as Record<string, unknown>;
  const replyTo = typeof record.id === "string" && record.id.length <= 64 ? { replyTo: record.id } : {};
  if (record.v !== PROTOCOL_VERSION) return { ok: false, code: "TRIAGE_BAD_FRAME", ...replyTo };
  if (!(CONSOLE_CLIENT_TYPES as readonly unknown[]).includes(record.type)) return { ok: false, code: "TRIAGE_UNKNOWN_MESSAGE_TYPE", ...replyTo };
  const parsed = consoleClientSchema.safeParse(json);
  return parsed.success ? { ok: true, message: parsed.data } : { ok: false, code: "TRIAGE_BAD_FRAME", ...replyTo };
}
