import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { Locale } from "../../flows/index.js";
import type { ChatMessage, QuestionView } from "../engine/chatMessage.js";
import type { Bus, CommittedTurn, InboundEvent, SessionRecord } from "../engine/ports.js";
import type { FirstTurnPreview } from "../engine/previewFirstTurn.js";
import type { PatientCasePort } from "../cases/patientCases.js";
import type { Logger } from "../logger.js";
import type { TurnMetrics } from "../metrics/metrics.js";

/*
 * The channel boundary. A channel (web over WebSocket, Slack over Bolt) translates its own messages
 * into engine events and the engine's transcript messages back. The engine never learns which
 * channel a session came from: it only stores the `channel` name given at start.
 * Like Bolt's receivers, a channel is a small interface the composition root (bot/server.ts)
 * mounts without knowing what is behind it.
 */

/** What a channel may ask of the conversation service (bot/engine/conversationService.ts). */
export interface Conversations {
  start(input: { flow: string; locale: Locale; channel: string; clientMessageId: string; clientKey?: string }): Promise<{
    sessionId: string;
    resumeToken: string;
    turn: CommittedTurn;
  }>;
  send(sessionId: string, clientMessageId: string, event: InboundEvent): Promise<CommittedTurn>;
  resume(resumeToken: string, afterSeq: number): Promise<{ session: SessionRecord; messages: ChatMessage[]; question?: QuestionView }>;
  /** What a new session of the flow would say first in one language (nothing stored), and its title: the web chat page renders it on the server. */
  firstTurn?(flow: string, locale: Locale): Promise<FirstTurnPreview | undefined>;
}

/** What the composition root hands every channel. */
export interface ChannelContext {
  conversations: Conversations;
  /** The patient's own hand-off case (bot/cases/patientCases.ts); absent when the console is not wired. */
  cases?: PatientCasePort;
  bus: Bus;
  logger: Logger;
  /** Where turn durations go (GET /metrics); absent in tests that do not look. */
  metrics?: TurnMetrics;
}

/** One channel, mounted on the process's single HTTP server. */
export interface Channel {
  /** Stored on each session it starts ("web", "slack"). */
  readonly name: string;
  /** Handles an HTTP request under the channel's own path (e.g. /slack/events); false when not its own. */
  handleRequest?(req: IncomingMessage, res: ServerResponse): boolean;
  /** Takes an HTTP upgrade under the channel's own path (e.g. /ws); false when not its own. */
  handleUpgrade?(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Closes every connection (going away) and stops timers; resolves once they are closed. */
  close(): Promise<void>;
}
