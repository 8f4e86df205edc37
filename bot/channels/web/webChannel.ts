import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import type { Locale } from "../../../flows/index.js";
import { compareQueue, type QueuePlace } from "../../cases/queueOrder.js";
import type { BusEvent } from "../../engine/ports.js";
import type { Channel, ChannelContext } from "../index.js";
import { FloodGuard } from "./floodGuard.js";
import { startHeartbeat, watchSocket } from "./heartbeat.js";
import { PatientConnection } from "./patientConnection.js";
import { closeAllSockets, refuseUpgrade, sameOrigin, toBuffer } from "./socketServer.js";
import { CLOSE_CODES } from "./protocol.js";
import type { WebChannelOptions } from "./webOptions.js";

/** The least time between two refreshes of the waiting screens (see refreshCases). */
const WAITING_SCREENS_REFRESH_MS = 1000;

/** The web channel as the server and tests see it. */
export interface WebChannel extends Channel {
  /** Open patient connections (for tests and metrics). */
  readonly connectionCount: number;
}

/**
 * The patient web channel: a `ws` server in noServer mode on the HTTP server's `upgrade` event
 * at /ws. Socket wiring only; frames are decoded in decodeFrame.ts and turns run in
 * PatientConnection.
 */
export function createWebChannel(context: ChannelContext, options: WebChannelOptions & { defaultLocale: Locale; logIntervalMs?: number }): WebChannel {
  const { logger } = context;
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.hardMaxPayload, clientTracking: true });
  const flood = new FloodGuard(options);
  const bySession = new Map<string, Set<PatientConnection>>();
  const stopHeartbeat = startHeartbeat(wss, options.heartbeatMs);

  const unbind = (connection: PatientConnection, sessionId: string | undefined) => {
    if (!sessionId) return;
    const set = bySession.get(sessionId);
    set?.delete(connection);
    if (set?.size === 0) {
      bySession.delete(sessionId);
      // The last page on this session here went: its clinician sees the patient offline (issue 24).
      publish({ type: "session.patient", sessionId, online: false });
    }
  };

  // Sessions whose clinician has the case open, as the console instances last said (session.presence).
  const clinicianPresent = new Set<string>();
  const publish = (event: BusEvent) =>
    void context.bus.publish(event).catch((error: unknown) => logger.warn({ event: event.type, err: error }, "web: bus publication failed"));

  // Messages committed elsewhere (a clinician's reply, another tab, another instance) reach every socket
  // on the session; so do the clinician's typing and presence (the patient's own typing goes to consoles only).
  const unsubscribe = context.bus.subscribe((event) => {
    if (event.type === "session.messages") {
      for (const connection of bySession.get(event.sessionId) ?? []) connection.pushMessages(event.messages);
    } else if (event.type === "session.typing" && event.who === "clinician") {
      for (const connection of bySession.get(event.sessionId) ?? []) connection.pushTyping(event.on);
    } else if (event.type === "handoff.opened" && event.slaDeadline !== undefined && event.openedAt !== undefined) {
      refreshCases(event.sessionId, { urgency: event.urgency, slaDeadline: event.slaDeadline, openedAt: event.openedAt });
    } else if (event.type === "handoff.opened" || event.type === "case.updated") {
      refreshCases(event.sessionId, "everywhere");
    } else if (event.type === "session.patients_asked") {
      for (const sessionId of bySession.keys()) publish({ type: "session.patient", sessionId, online: true });
    } else if (event.type === "session.presence") {
      if (event.clinician) clinicianPresent.add(event.sessionId);
      else clinicianPresent.delete(event.sessionId);
      for (const connection of bySession.get(event.sessionId) ?? []) connection.pushPresence(event.clinician);
    }
  });

  /**
   * A case changed somewhere, so the queue moved: every page here that follows a case (and the
   * changed cases' own) gets its waiting screen again. Changes arriving while a refresh runs, or
   * within a second of the last one, are folded into the next: with thousands waiting, a refresh
   * per new case kept the event loop busy ranking and comparing screens (the full benchmark's
   * think-time p99). A place in the queue a second late is still honest; the patient's own turns
   * and a clinician's messages do not wait for it.
   *
   * A case opening moves back only the screens waiting behind its place: a case opened at the back
   * of the queue (the usual one: the latest deadline of its level) refreshes none but its own. Any
   * other change (a case taken, closed, left, its level changed) may move every screen.
   */
  let changedSessions: Set<string> | undefined;
  /** The places of the cases opened since the last refresh (the earliest is enough), or "everywhere". */
  let movedFrom: QueuePlace | "everywhere" | undefined;
  let refreshing: Promise<void> | undefined;
  let lastRefreshAt = 0;
  const refreshCases = (changedSessionId: string, from: QueuePlace | "everywhere") => {
    (changedSessions ??= new Set()).add(changedSessionId);
    if (movedFrom === "everywhere" || from === "everywhere") movedFrom = "everywhere";
    else if (!movedFrom || compareQueue(from, movedFrom) < 0) movedFrom = from;
    refreshing ??= (async () => {
      while (changedSessions) {
        const wait = lastRefreshAt + WAITING_SCREENS_REFRESH_MS - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait).unref());
        lastRefreshAt = Date.now();
        const changed = changedSessions!;
        const from = movedFrom!;
        changedSessions = undefined;
        movedFrom = undefined;
        await refreshWaitingScreens(changed, from);
      }
      refreshing = undefined;
    })();
  };
  const refreshWaitingScreens = async (changed: ReadonlySet<string>, from: QueuePlace | "everywhere") => {
    const cases = context.cases;
    if (!cases) return;
    const moved = (c: PatientConnection) => (from === "everywhere" ? c.followsCase : c.movedBy(from));
    const targets = [...bySession.entries()].filter(([sessionId, set]) => changed.has(sessionId) || [...set].some(moved));
    if (targets.length === 0) return;
    try {
      const views = await cases.views(targets.map(([sessionId]) => sessionId));
      for (const [sessionId, set] of targets) {
        for (const connection of set) {
          if (connection.sessionId !== sessionId) continue;
          // Another case moved: a screen whose place did not change is not sent again.
          if (changed.has(sessionId)) connection.pushHandoff(views.get(sessionId) ?? null);
          else connection.refreshHandoff(views.get(sessionId) ?? null);
        }
      }
    } catch (error) {
      logger.warn({ code: (error as { code?: string }).code ?? "TRIAGE_INTERNAL" }, "web: waiting screens not refreshed");
    }
  };

  wss.on("connection", (socket: WebSocket, req: IncomingMessage) => {
    const id = randomUUID();
    const ip = options.clientIp(req.socket.remoteAddress, req.headers["x-forwarded-for"]);
    const connection = new PatientConnection(id, socket, req.socket, ip, requestedLocale(req) ?? options.defaultLocale, {
      conversations: context.conversations,
      ...(context.cases ? { cases: context.cases } : {}),
      flood,
      logger,
      maxFrameBytes: options.maxFrameBytes,
      onBind(bound, previous) {
        unbind(bound, previous);
        if (!bound.sessionId) return;
        const set = bySession.get(bound.sessionId) ?? new Set();
        if (set.size === 0) publish({ type: "session.patient", sessionId: bound.sessionId, online: true });
        set.add(bound);
        bySession.set(bound.sessionId, set);
      },
      onTyping: (sessionId, on) => publish({ type: "session.typing", sessionId, who: "patient", on }),
      clinicianPresent: (sessionId) => clinicianPresent.has(sessionId),
      askPresence: (sessionId) => publish({ type: "session.presence_asked", sessionId }),
      observeTurn: (kind, seconds) => context.metrics?.observeTurn("web", kind, seconds),
      ...(options.logIntervalMs === undefined ? {} : { logIntervalMs: options.logIntervalMs }),
    });
    watchSocket(socket);
    socket.on("message", (data: RawData, isBinary: boolean) => void connection.receive(toBuffer(data), isBinary));
    socket.on("error", (error) => logger.info({ connection: id, code: (error as NodeJS.ErrnoException).code }, "web: socket error"));
    socket.on("close", () => {
      connection.closed();
      unbind(connection, connection.sessionId);
      void flood.forget(id);
    });
  });

  return {
    name: "web",
    get connectionCount() {
      return wss.clients.size;
    },
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
      if (pathOf(req) !== options.path) return false;
      if (!sameOrigin(req, options.allowedOriginHosts)) {
        refuseUpgrade(socket, 403);
        return true;
      }
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit("connection", ws, req));
      return true;
    },
    async close(): Promise<void> {
      stopHeartbeat();
      unsubscribe();
      await closeAllSockets(wss, CLOSE_CODES.goingAway, "server shutting down");
    },
  };
}

function pathOf(req: IncomingMessage): string {
  return new URL(req.url ?? "/", "http://localhost").pathname;
}

function requestedLocale(req: IncomingMessage): Locale | undefined {
  const lang = new URL(req.url ?? "/", "http://localhost").searchParams.get("lang");
  return lang === "fr" || lang === "en" ? lang : undefined;
}
