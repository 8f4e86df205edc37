import type { ChatMessage } from "../../bot/engine/chatMessage.js";
import { tinyFlow } from "../fixtures/tinyFlow.js";
import { fakeConversations } from "./fakeConversations.js";
import { startWebTestServer } from "./webTestServer.js";

export interface WebHarness {
  url: string;
  /** A flow whose first question accepts "40". */
  flow: string;
  maxFrameBytes: number;
  hardMaxPayload: number;
  perConnectionPoints: number;
  transcript(sessionId: string): Promise<ChatMessage[]>;
  /** Runs `fn` against a second server whose heartbeat interval is `ms`. */
  withHeartbeat<T>(ms: number, fn: (url: string) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const LIMITS = { maxFrameBytes: 4096, hardMaxPayload: 64 * 1024, perConnection: { points: 10, durationSeconds: 60 } };

/** The web channel on a real HTTP server, over the conversation service under test. */
export async function webHarness(): Promise<WebHarness> {
  const conversations = fakeConversations([tinyFlow()]);
  const server = await startWebTestServer(conversations, LIMITS);
  return {
    url: server.url,
    flow: "tiny",
    maxFrameBytes: LIMITS.maxFrameBytes,
    hardMaxPayload: LIMITS.hardMaxPayload,
    perConnectionPoints: LIMITS.perConnection.points,
    transcript: async (id) => conversations.messages(id),
    async withHeartbeat(ms, fn) {
      const other = await startWebTestServer(conversations, { ...LIMITS, heartbeatMs: ms });
      try {
        return await fn(other.url);
      } finally {
        await other.close();
      }
    },
    close: () => server.close(),
  };
}
