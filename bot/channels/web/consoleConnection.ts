import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import type { ConsoleIdentity } from "../../auth/consoleAuth.js";
import { CONSOLE_COOKIE, readCookie } from "../../auth/sessionCookie.js";
import type { CaseRecord } from "../../cases/caseStore.js";
import type { ChatMessage } from "../../engine/chatMessage.js";
import type { Bus, BusEvent } from "../../engine/ports.js";
import { asTriageError } from "../../errors.js";
import type { Logger } from "../../logger.js";
import type { Channel } from "../index.js";
import { CONSOLE_CLOSE, type ConsoleClientMessage, type ConsoleServerMessage } from "./consoleProtocol.js";
import { decodeConsoleFrame } from "./decodeConsoleFrame.js";
import { startHeartbeat, watchSocket } from "./heartbeat.js";
import { PROTOCOL_VERSION } from "./protocol.js";

export interface ConsoleChannelDeps {
  authenticate(token: string | undefined): Promise<ConsoleIdentity | undefined>;
  /** The queue, most urgent first. */
  queue(): Promise<CaseRecord[]>;
  getCase(caseId: string): Promise<CaseRecord | undefined>;
  activeForSession(sessionId: string): Promise<CaseRecord | undefined>;
  messagesAfter(sessionId: string, afterSeq: number): Promise<ChatMessage[]>;
  bus: Bus;
  logger: Logger;
  clock: { now(): Date };
}

export interface ConsoleChannelOptions {
  path: string;
  maxFrameBytes: number;
  heartbeatMs: number;
  /** How often open consoles re-check their session (expiry, sign-out on another instance). */
  recheckMs: number;
}

export const DEFAULT_CONSOLE_CHANNEL_OPTIONS: ConsoleChannelOptions = { path: "/ws", maxFrameBytes: 4096, heartbeatMs: 30_000, recheckMs: 60_000 };

export interface ConsoleChannel extends Channel {
  readonly connectionCount: number;
  /** Closes the consoles of a session that just signed out (4401). */
  dropSession(tokenHash: string): void;
}

class ConsoleConnection {
  /** Watched cases: case id to its session id. */
  readonly watched = new Map<string, string>();

  constructor(
    readonly socket: WebSocket,
    readonly token: string,
    public identity: ConsoleIdentity,
  ) {}

  send(message: ConsoleServerMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }
}

/**
 * The console's live side of /ws: an upgrade to `/ws?console=1` is authenticated by the console
 * session cookie (401 without a valid session) and gets the queue, then every case change, and
 * the transcripts of the cases it watches. Bus events carry ids only; each instance reads the
 * case back from the store, so this works the same behind a Redis bus.
 */
export function createConsoleChannel(deps: ConsoleChannelDeps, options: ConsoleChannelOptions = DEFAULT_CONSOLE_CHANNEL_OPTIONS): ConsoleChannel {
  const { logger } = deps;
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxFrameBytes * 4, clientTracking: true });
  const connections = new Set<ConsoleConnection>();
  const stopHeartbeat = startHeartbeat(wss, options.heartbeatMs);

  const broadcast = (message: ConsoleServerMessage) => {
    for (const connection of connections) connection.send(message);
  };
  const report = (error: unknown, what: string) => logger.warn({ code: asTriageError(error).code }, `console: ${what} failed`);

  const onEvent = async (event: BusEvent) => {
    if (connections.size === 0) return;
    if (event.type === "handoff.opened") {
      const opened = await deps.activeForSession(event.sessionId);
      if (opened) broadcast({ v: PROTOCOL_VERSION, type: "case", case: opened, opened: true });
    } else if (event.type === "case.updated") {
      const changed = await deps.getCase(event.caseId);
      if (!changed) return;
      if (changed.state === "closed") broadcast({ v: PROTOCOL_VERSION, type: "case_closed", caseId: changed.id, sessionId: changed.sessionId });
      else broadcast({ v: PROTOCOL_VERSION, type: "case", case: changed, opened: false });
    } else if (event.type === "session.messages") {
      for (const connection of connections) {
        for (const [caseId, sessionId] of connection.watched) {
          if (sessionId === event.sessionId) connection.send({ v: PROTOCOL_VERSION, type: "transcript", caseId, messages: event.messages });
        }
      }
    }
  };
  const unsubscribe = deps.bus.subscribe((event) => void onEvent(event).catch((error: unknown) => report(error, `bus event ${event.type}`)));

  // Sessions end (expiry, sign-out elsewhere) while sockets stay open: check them now and then.
  const recheck = setInterval(() => {
    for (const connection of connections) {
      void deps.authenticate(connection.token).then(
        (identity) => {
          if (identity) connection.identity = identity;
          else connection.socket.close(CONSOLE_CLOSE.signedOut, "signed out");
        },
        (error: unknown) => report(error, "session re-check"),
      );
    }
  }, options.recheckMs);
  recheck.unref();

  const handle = async (connection: ConsoleConnection, message: ConsoleClientMessage) => {
    switch (message.type) {
      case "ping":
        return connection.send({ v: PROTOCOL_VERSION, type: "pong", replyTo: message.id });
      case "unwatch":
        connection.watched.delete(message.caseId);
        return;
      case "watch": {
        const found = await deps.getCase(message.caseId);
        if (!found) return connection.send({ v: PROTOCOL_VERSION, type: "error", code: "CONSOLE_CASE_NOT_FOUND", replyTo: message.id });
        // Watch first, then read the backlog: a message committed in between arrives twice at worst (the page dedupes by seq).
        connection.watched.set(found.id, found.sessionId);
        const backlog = await deps.messagesAfter(found.sessionId, message.afterSeq);
        connection.send({ v: PROTOCOL_VERSION, type: "transcript", caseId: found.id, messages: backlog });
      }
    }
  };

  const connected = async (socket: WebSocket, token: string, identity: ConsoleIdentity) => {
    const connection = new ConsoleConnection(socket, token, identity);
    connections.add(connection);
    watchSocket(socket);
    socket.on("close", () => connections.delete(connection));
    socket.on("error", (error) => logger.info({ code: (error as NodeJS.ErrnoException).code }, "console: socket error"));
    socket.on("message", (data: RawData, isBinary: boolean) => {
      const decoded = decodeConsoleFrame(toBuffer(data), isBinary, options.maxFrameBytes);
      if (!decoded.ok) return connection.send({ v: PROTOCOL_VERSION, type: "error", code: decoded.code, ...(decoded.replyTo ? { replyTo: decoded.replyTo } : {}) });
      void handle(connection, decoded.message).catch((error: unknown) => {
        report(error, decoded.message.type);
        connection.send({ v: PROTOCOL_VERSION, type: "error", code: asTriageError(error).code, replyTo: decoded.message.id });
      });
    });
    const cases = await deps.queue();
    connection.send({ v: PROTOCOL_VERSION, type: "queue", cases, serverTime: deps.clock.now().toISOString() });
  };

  return {
    name: "console",
    get connectionCount() {
      return connections.size;
    },
    dropSession(tokenHash: string) {
      for (const connection of connections) if (connection.identity.tokenHash === tokenHash) connection.socket.close(CONSOLE_CLOSE.signedOut, "signed out");
    },
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
      const url = new URL(req.url ?? "/", "http://localhost");
      if (url.pathname !== options.path || url.searchParams.get("console") !== "1") return false;
      if (!sameOrigin(req)) {
        socket.end("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n");
        return true;
      }
      socket.on("error", () => socket.destroy());
      const token = readCookie(req.headers.cookie, CONSOLE_COOKIE);
      deps.authenticate(token).then(
        (identity) => {
          if (!identity || !token) {
            socket.end("HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n");
            return;
          }
          wss.handleUpgrade(req, socket, head, (ws) => void connected(ws, token, identity).catch((error: unknown) => report(error, "console connection")));
        },
        (error: unknown) => {
          report(error, "console upgrade");
          socket.end("HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\n\r\n");
        },
      );
      return true;
    },
    async close(): Promise<void> {
      stopHeartbeat();
      clearInterval(recheck);
      unsubscribe();
      for (const socket of wss.clients) socket.close(1001, "server shutting down");
      await new Promise<void>((resolve) => {
        const cut = setTimeout(() => {
          for (const socket of wss.clients) socket.terminate();
        }, 2_000);
        wss.close(() => {
          clearTimeout(cut);
          resolve();
        });
      });
    },
  };
}

/** Browsers always send Origin: refuse other sites' pages (cross-site WebSocket hijacking with the cookie). */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}
