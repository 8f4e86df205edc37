import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { WebSocketServer, type RawData, type WebSocket } from "ws";
import type { ConsoleIdentity } from "../../auth/consoleAuth.js";
import { CONSOLE_COOKIE, readCookie } from "../../auth/sessionCookie.js";
import type { Locale } from "../../../flows/index.js";
import { caseInLocale } from "../../cases/caseInLocale.js";
import type { CaseRecord } from "../../cases/caseStore.js";
import type { QueueGlance } from "../../cases/queueGlance.js";
import type { ChatMessage } from "../../engine/chatMessage.js";
import type { Bus, BusEvent } from "../../engine/ports.js";
import { asTriageError, type CodedErrorCode } from "../../errors.js";
import { errorAnswer, errorText } from "../../errorTexts.js";
import type { Logger } from "../../logger.js";
import type { Channel } from "../index.js";
import { CasePresence, type PresenceWatcher, type WatchedCase } from "./casePresence.js";
import { CONSOLE_CLOSE, type ConsoleClientMessage, type ConsoleServerMessage, type LevelLabels } from "./consoleProtocol.js";
import { consoleSocketLocale } from "./consoleSocketLocale.js";
import { decodeConsoleFrame } from "./decodeConsoleFrame.js";
import { OpenCaseViews } from "./openCaseViews.js";
import { startHeartbeat, watchSocket } from "./heartbeat.js";
import { PROTOCOL_VERSION } from "./protocol.js";
import { closeAllSockets, refuseUpgrade, sameOrigin, toBuffer } from "./socketServer.js";

export interface ConsoleChannelDeps {
  authenticate(token: string | undefined): Promise<ConsoleIdentity | undefined>;
  /** The queue, most urgent first. */
  queue(): Promise<CaseRecord[]>;
  getCase(caseId: string): Promise<CaseRecord | undefined>;
  activeForSession(sessionId: string): Promise<CaseRecord | undefined>;
  messagesAfter(sessionId: string, afterSeq: number): Promise<ChatMessage[]>;
  /** The queue's glance at a case's conversation (final flow, last message) in a language; without it cases go without. */
  glance?(found: CaseRecord, locale: Locale): Promise<QueueGlance>;
  /** The language of a socket whose page and browser say none (the deployment's default; French when not given). */
  defaultLocale?: Locale;
  /** The level labels in force (bot/settings/liveSettings.ts) and their changes, once they apply in this process. */
  levelLabels: { current(): LevelLabels; onChange(listener: () => void): () => void };
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

class ConsoleConnection implements PresenceWatcher {
  /** Watched cases (the case pages open on this socket), by case id. */
  readonly watched = new Map<string, WatchedCase>();

  constructor(
    readonly socket: WebSocket,
    readonly token: string,
    public identity: ConsoleIdentity,
    /** The page's language: cases are sent with their first reason in it. */
    readonly locale: Locale,
  ) {}

  get userId(): string {
    return this.identity.user.id;
  }

  send(message: ConsoleServerMessage): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
  }

  /** An error frame: the code for the page, its text from the one table in the page's language for the clinician. */
  sendError(code: CodedErrorCode, replyTo: string | undefined): void {
    this.send({ v: PROTOCOL_VERSION, type: "error", code, text: errorText(code, this.locale), ...(replyTo ? { replyTo } : {}) });
  }
}

/** The claim as presence and typing see it: the assignee of a claimed case, nobody otherwise. */
function assigneeOf(found: CaseRecord): string | undefined {
  return found.state === "claimed" ? found.assignee?.id : undefined;
}

/**
 * The console's live side of /ws: an upgrade to `/ws?console=1` is authenticated by the console
 * session cookie (401 without a valid session) and gets the queue, then every case change, and
 * the transcripts of the cases it watches. Bus events carry ids only; each instance reads the
 * case back from the store, so this works the same behind a Redis bus. Typing and presence are
 * relayed, never stored: the patient's typing to the consoles watching the case, the assigned
 * clinician's typing and presence (case claimed and open) to the patient through the bus.
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
  const publish = (event: BusEvent) => void deps.bus.publish(event).catch((error: unknown) => report(error, `publishing ${event.type}`));
  // Sessions whose patient has a page connected, as the web instances last said (issue 24: online/offline on the case and queue).
  const patientsOnline = new Set<string>();
  const presence = new CasePresence(
    () => connections,
    (sessionId, clinician) => publish({ type: "session.presence", sessionId, clinician }),
  );
  const watchersOf = function* (sessionId: string) {
    for (const connection of connections) {
      for (const [caseId, watched] of connection.watched) if (watched.sessionId === sessionId) yield { connection, caseId };
    }
  };

  const openCases = new OpenCaseViews();
  // A case as a page in `locale` shows it: first reason in its language and, when wired, the glance at its conversation.
  const viewIn = async (found: CaseRecord, locale: Locale) => {
    const glance = deps.glance;
    return { ...caseInLocale(found, locale), ...(glance ? await openCases.glance(found, locale, () => glance(found, locale)) : {}) };
  };
  /** Sends a case to every console, computing its view once per language. */
  const sendCase = async (found: CaseRecord, opened: boolean) => {
    const views = new Map<Locale, Awaited<ReturnType<typeof viewIn>>>();
    for (const connection of connections) {
      if (!views.has(connection.locale)) views.set(connection.locale, await viewIn(found, connection.locale));
      connection.send({ v: PROTOCOL_VERSION, type: "case", case: views.get(connection.locale)!, opened });
    }
  };

  const onEvent = async (event: BusEvent) => {
    if (connections.size === 0 && event.type !== "session.patient") return;
    if (event.type === "handoff.opened") {
      const opened = await deps.activeForSession(event.sessionId);
      if (!opened) return;
      openCases.note(opened);
      await sendCase(opened, true);
    } else if (event.type === "case.updated") {
      const changed = await deps.getCase(event.caseId);
      if (!changed) return;
      openCases.note(changed);
      // A claim, a release or a close changes who may type to the patient and whether they are "with" them.
      for (const connection of connections) {
        const watched = connection.watched.get(changed.id);
        if (watched) watched.assigneeId = assigneeOf(changed);
      }
      presence.refresh(changed.sessionId);
      if (changed.state === "closed") broadcast({ v: PROTOCOL_VERSION, type: "case_closed", caseId: changed.id, sessionId: changed.sessionId });
      else await sendCase(changed, false);
    } else if (event.type === "session.messages") {
      for (const { connection, caseId } of watchersOf(event.sessionId))
        connection.send({ v: PROTOCOL_VERSION, type: "transcript", caseId, messages: event.messages });
      // The queue's last message and unread mark follow the conversation (issue 24): the session's open case, sent again.
      // Not for the turn that opens a case: handoff.opened sends it, as opened (a case already listed would not ring).
      // The open case and its glance come from what the bus told (no store read per message).
      openCases.advance(event.sessionId, event.messages);
      const opening = event.messages.some((m) => m.body.kind === "outcome" || (m.body.kind === "handoff" && m.body.status === "requested"));
      const active = openCases.forSession(event.sessionId);
      if (deps.glance && !opening && active) await sendCase(active, false);
    } else if (event.type === "session.typing" && event.who === "patient") {
      for (const { connection, caseId } of watchersOf(event.sessionId)) connection.send({ v: PROTOCOL_VERSION, type: "typing", caseId, on: event.on });
    } else if (event.type === "session.patient") {
      if (event.online === patientsOnline.has(event.sessionId)) return;
      if (event.online) patientsOnline.add(event.sessionId);
      else patientsOnline.delete(event.sessionId);
      broadcast({ v: PROTOCOL_VERSION, type: "patient", sessionId: event.sessionId, online: event.online, at: deps.clock.now().toISOString() });
    } else if (event.type === "case.read") {
      // A clinician's read mark goes to their own pages only: each clinician has their own marks (issue 24).
      for (const connection of connections)
        if (connection.userId === event.userId) connection.send({ v: PROTOCOL_VERSION, type: "read", caseId: event.caseId, seq: event.seq });
    } else if (event.type === "session.presence_asked" || (event.type === "session.presence" && !event.clinician)) {
      presence.reassert(event.sessionId);
    }
  };
  const unsubscribe = deps.bus.subscribe((event) => void onEvent(event).catch((error: unknown) => report(error, `bus event ${event.type}`)));
  // Patients already connected to other instances before this one started say so again.
  publish({ type: "session.patients_asked" });

  // A save on any instance reaches this one as `settings.changed` (or its recheck); the settings
  // tell us once they have reloaded, so the labels pushed are the ones this process now uses.
  // Other settings (SLAs, numbers) change nothing on the pages: only a renamed level is pushed.
  const labelsMessage = (): ConsoleServerMessage => ({ v: PROTOCOL_VERSION, type: "labels", labels: deps.levelLabels.current() });
  let lastLabels = JSON.stringify(deps.levelLabels.current());
  const stopLabels = deps.levelLabels.onChange(() => {
    const labels = JSON.stringify(deps.levelLabels.current());
    if (labels === lastLabels) return;
    lastLabels = labels;
    broadcast(labelsMessage());
  });

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
      case "unwatch": {
        const watched = connection.watched.get(message.caseId);
        connection.watched.delete(message.caseId);
        if (watched) presence.refresh(watched.sessionId);
        return;
      }
      case "watch": {
        const found = await deps.getCase(message.caseId);
        if (!found) return connection.sendError("CONSOLE_CASE_NOT_FOUND", message.id);
        // Watch first, then read the backlog: a message committed in between arrives twice at worst (the page dedupes by seq).
        connection.watched.set(found.id, { sessionId: found.sessionId, assigneeId: assigneeOf(found) });
        presence.refresh(found.sessionId);
        const backlog = await deps.messagesAfter(found.sessionId, message.afterSeq);
        connection.send({ v: PROTOCOL_VERSION, type: "transcript", caseId: found.id, messages: backlog });
        return;
      }
      case "typing": {
        // Only the clinician the case is claimed by, from a page that has it open, types to the patient.
        const watched = connection.watched.get(message.caseId);
        if (!watched || watched.assigneeId !== connection.userId) return connection.sendError("CONSOLE_CASE_NOT_ASSIGNED", message.id);
        return publish({ type: "session.typing", sessionId: watched.sessionId, who: "clinician", on: message.on });
      }
    }
  };

  const connected = async (socket: WebSocket, token: string, identity: ConsoleIdentity, locale: Locale) => {
    const connection = new ConsoleConnection(socket, token, identity, locale);
    // The open cases are followed from bus events only while a console listens: the first one starts afresh.
    if (connections.size === 0) openCases.reset();
    connections.add(connection);
    watchSocket(socket);
    socket.on("close", () => {
      connections.delete(connection);
      for (const watched of connection.watched.values()) presence.refresh(watched.sessionId);
    });
    socket.on("error", (error) => logger.info({ code: (error as NodeJS.ErrnoException).code }, "console: socket error"));
    socket.on("message", (data: RawData, isBinary: boolean) => {
      const decoded = decodeConsoleFrame(toBuffer(data), isBinary, options.maxFrameBytes);
      if (!decoded.ok) return connection.sendError(decoded.code, decoded.replyTo);
      void handle(connection, decoded.message).catch((error: unknown) => {
        report(error, decoded.message.type);
        // A coded error keeps its code (recognised by shape); anything else is TRIAGE_INTERNAL, told nothing of.
        connection.sendError(errorAnswer(error, connection.locale).code, decoded.message.id);
      });
    });
    const cases = await deps.queue();
    openCases.merge(cases);
    connection.send({
      v: PROTOCOL_VERSION,
      type: "queue",
      cases: await Promise.all(cases.map((found) => viewIn(found, locale))),
      serverTime: deps.clock.now().toISOString(),
    });
    connection.send({
      v: PROTOCOL_VERSION,
      type: "patients",
      online: cases.filter((found) => patientsOnline.has(found.sessionId)).map((found) => found.sessionId),
    });
    // A page reconnecting after a missed rename catches up here.
    connection.send(labelsMessage());
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
        refuseUpgrade(socket, 403);
        return true;
      }
      socket.on("error", () => socket.destroy());
      const token = readCookie(req.headers.cookie, CONSOLE_COOKIE);
      deps.authenticate(token).then(
        (identity) => {
          if (!identity || !token) {
            refuseUpgrade(socket, 401);
            return;
          }
          wss.handleUpgrade(
            req,
            socket,
            head,
            (ws) =>
              void connected(ws, token, identity, consoleSocketLocale(req, deps.defaultLocale ?? "fr")).catch((error: unknown) =>
                report(error, "console connection"),
              ),
          );
        },
        (error: unknown) => {
          report(error, "console upgrade");
          refuseUpgrade(socket, 503);
        },
      );
      return true;
    },
    async close(): Promise<void> {
      stopHeartbeat();
      clearInterval(recheck);
      presence.withdrawAll();
      unsubscribe();
      stopLabels();
      await closeAllSockets(wss, 1001, "server shutting down");
    },
  };
}
