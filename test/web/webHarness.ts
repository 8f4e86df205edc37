import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../../bot/config/config.js";
import type { ChatMessage } from "../../bot/engine/chatMessage.js";
import type { BusEvent } from "../../bot/engine/ports.js";
import { logger } from "../../bot/logger.js";
import { createRuntime, openRuntimeParts, type Runtime } from "../../bot/runtime.js";
import { createServer } from "../../bot/server.js";
import { migrate } from "../../bot/store/migrate.js";
import { tinyFlow } from "../fixtures/tinyFlow.js";

export interface WebHarness {
  url: string;
  /** A flow whose first question accepts "40". */
  flow: string;
  maxFrameBytes: number;
  hardMaxPayload: number;
  perConnectionPoints: number;
  /** The session's transcript as the database holds it. */
  transcript(sessionId: string): Promise<ChatMessage[]>;
  /** Publishes on the runtime's bus, as another part of the process (a clinician's reply) would. */
  publish(event: BusEvent): Promise<void>;
  /** Runs `fn` against a second server, on the same store, whose heartbeat interval is `ms`. */
  withHeartbeat<T>(ms: number, fn: (url: string) => Promise<T>): Promise<T>;
  /** Starts a second server on the same store; `close` shuts it down as SIGTERM does. */
  secondServer(): Promise<{ url: string; close(): Promise<void> }>;
  close(): Promise<void>;
}

const LIMITS = { maxFrameBytes: 4096, hardMaxPayload: 64 * 1024, perConnection: { points: 10, durationSeconds: 60 } };

/**
 * The real runtime (ConversationService over the Prisma store on a temporary SQLite file) behind
 * the real HTTP server, without the SvelteKit app: the web channel exactly as `npm start` wires it.
 */
export async function webHarness(): Promise<WebHarness> {
  const dir = mkdtempSync(join(tmpdir(), "triage-web-"));
  const config = loadConfig({ DATABASE_URL: `file:${join(dir, "triage.db")}`, LOG_LEVEL: "silent" });
  await migrate(config.env.DATABASE_URL, { logger: silent });
  const parts = await openRuntimeParts(config);
  await parts.store.publishFlowVersion({ definition: tinyFlow(), author: "test", changeNote: "protocol tests" });

  const serve = async (overrides: object) => {
    const runtime: Runtime = createRuntime(config, { ...parts, closeStore: async () => undefined }, { ...LIMITS, ...overrides });
    const server = createServer({ channels: runtime.channels });
    const port = await server.listen(0, "127.0.0.1");
    return { url: `ws://127.0.0.1:${port}/ws`, close: async () => (await server.close(), await runtime.close()) };
  };
  const main = await serve({});

  return {
    url: main.url,
    flow: "tiny",
    maxFrameBytes: LIMITS.maxFrameBytes,
    hardMaxPayload: LIMITS.hardMaxPayload,
    perConnectionPoints: LIMITS.perConnection.points,
    transcript: (id) => parts.store.messagesAfter(id, 0),
    publish: (event) => parts.bus.publish(event),
    async withHeartbeat(ms, fn) {
      const other = await serve({ heartbeatMs: ms });
      try {
        return await fn(other.url);
      } finally {
        await other.close();
      }
    },
    secondServer: () => serve({}),
    async close() {
      await main.close();
      await parts.store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const silent = logger.child({}, { level: "silent" });
