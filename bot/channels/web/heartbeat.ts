import type { WebSocket, WebSocketServer } from "ws";

const alive = new WeakSet<WebSocket>();

/** Marks a socket alive now and on every pong it sends back. */
export function watchSocket(socket: WebSocket): void {
  alive.add(socket);
  socket.on("pong", () => alive.add(socket));
}

/**
 * Pings every socket each interval and terminates those that did not answer the previous ping
 * (a dead mobile connection never sends a close frame). Returns a function that stops it.
 */
export function startHeartbeat(server: WebSocketServer, intervalMs: number): () => void {
  const timer = setInterval(() => {
    for (const socket of server.clients) {
      if (!alive.has(socket)) {
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
