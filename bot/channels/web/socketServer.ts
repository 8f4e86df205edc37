import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import type { RawData, WebSocketServer } from "ws";

/*
 * The server-side socket pieces both WebSocket doors share (patients on /ws, the console on
 * /ws?console=1): the origin check at the upgrade, refusing an upgrade, reading a frame's bytes,
 * and closing every socket at shutdown.
 */

/**
 * Browsers always send Origin: a page of another site is refused (cross-site WebSocket hijacking,
 * with the console's cookie too); tools send none. `allowedHosts`: our public address's host when
 * a reverse proxy rewrites Host.
 */
export function sameOrigin(req: IncomingMessage, allowedHosts: readonly string[] = []): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    const host = new URL(origin).host;
    return host === req.headers.host || allowedHosts.includes(host);
  } catch {
    return false;
  }
}

const REASONS = { 401: "Unauthorized", 403: "Forbidden", 503: "Service Unavailable" } as const;

/** Answers an upgrade with a plain HTTP refusal and closes the socket. */
export function refuseUpgrade(socket: Duplex, status: keyof typeof REASONS): void {
  socket.end(`HTTP/1.1 ${status} ${REASONS[status]}\r\nConnection: close\r\n\r\n`);
}

/** A frame's bytes, however ws delivered them (one buffer, fragments, or an ArrayBuffer). */
export function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/** Closes every socket with `code`, cuts those that do not finish the closing handshake within `graceMs`, then the server. */
export function closeAllSockets(wss: WebSocketServer, code: number, reason: string, graceMs = 2_000): Promise<void> {
  for (const socket of wss.clients) socket.close(code, reason);
  return new Promise<void>((resolve) => {
    const cut = setTimeout(() => {
      for (const socket of wss.clients) socket.terminate();
    }, graceMs);
    wss.close(() => {
      clearTimeout(cut);
      resolve();
    });
  });
}
