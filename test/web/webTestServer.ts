import type { Conversations } from "../../bot/channels/index.js";
import { createWebChannel, type WebChannel } from "../../bot/channels/web/webChannel.js";
import { webOptionsFromEnv, type WebChannelOptions } from "../../bot/channels/web/webOptions.js";
import type { Bus, BusEvent } from "../../bot/engine/ports.js";
import { logger } from "../../bot/logger.js";
import { createServer } from "../../bot/server.js";

/** A process-local bus for tests that need one without the rest of the runtime. */
export function testBus(): Bus & { events: BusEvent[] } {
  const handlers = new Set<(event: BusEvent) => void>();
  const events: BusEvent[] = [];
  return {
    events,
    async publish(event) {
      events.push(event);
      for (const h of handlers) h(event);
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => handlers.delete(handler);
    },
  };
}

/** Starts the real HTTP server with only the web channel on a random port (no SvelteKit app). */
export async function startWebTestServer(conversations: Conversations, overrides: Partial<WebChannelOptions> = {}, bus: Bus = testBus()) {
  const options = { ...webOptionsFromEnv({}), ...overrides, defaultLocale: "en" as const };
  const web: WebChannel = createWebChannel({ conversations, bus, logger: logger.child({ test: true }, { level: "silent" }) }, options);
  const server = createServer({ channels: [web] });
  const port = await server.listen(0, "127.0.0.1");
  return { url: `ws://127.0.0.1:${port}/ws`, port, web, bus, close: () => server.close() };
}
