import type { WebSocket, WebSocketServer } from "ws";

const alive = new WeakSet<WebSocket>();

/** Marks a socket alive now and on every pong it sends back. */
export function watchSocket(socket: WebSocket): void {
  alive.add(socket);
  socket.on("pong", () => alive.add(socket));
}

/** Sockets pinged before the heartbeat lets other work run (thousands at once held the event loop for tens of ms). */
const PINGS_PER_SLICE = 200;

/**
 * Pings every socket each interval and terminates those that did not answer the previous ping
 * (a dead mobile connection never sends a close frame). Returns a function that stops it.
 */
export function startHeartbeat(server: WebSocketServer, intervalMs: number): () => void {
  let stopped = false;
  const beat = (sockets: WebSocket[], from: number) => {
    if (stopped) return;
    for (const socket of sockets.slice(from, from + PINGS_PER_SLICE)) {
      if (!alive.has(socket)) {
        socket.terminate();
        continue;
      }
      alive.delete(socket);
      socket.ping();
    }
    if (from + PINGS_PER_SLICE < sockets.length) setImmediate(() => beat(sockets, from + PINGS_PER_SLICE));
  };
  const timer = setInterval(() => beat([...server.clients], 0), intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearInterval(timer);
  };
}
