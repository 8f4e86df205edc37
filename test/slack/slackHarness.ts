import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { vi } from "vitest";
import type { ConsoleUser } from "../../bot/auth/authStore.js";
import { loadConfig } from "../../bot/config/config.js";
import type { ChatMessage } from "../../bot/engine/chatMessage.js";
import { logger } from "../../bot/logger.js";
import { createRuntime, openRuntimeParts, type Runtime } from "../../bot/runtime.js";
import { createServer, type TriageServer } from "../../bot/server.js";
import { migrate } from "../../bot/store/migrate.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { SlackConversationRepository } from "../../bot/store/slackConversationRepository.js";
import { SlackDeliveryRepository } from "../../bot/store/slackDeliveryRepository.js";
import { tinyFlow } from "../fixtures/tinyFlow.js";
import { FakeSlackApi, type ApiCall } from "./fakeSlackApi.js";
import { FakeSocketMode } from "./fakeSocketMode.js";
import { blockActions, dmEvent, newEventId, slashCommand, type ClickOptions } from "./slackPayloads.js";
import { urgentFlow } from "./slackFlows.js";

export const SIGNING_SECRET = "test-signing-secret-8f2b";
export const CLINICIANS = "CCLINICIANS";

type Block = { type: string; text?: { text: string }; elements?: unknown[] };

export interface SlackWorldOptions {
  /** Socket Mode (SLACK_APP_TOKEN) against a fake Socket Mode server instead of HTTP events. */
  socketMode?: boolean;
  /** More environment variables (e.g. SLACK_CLINICIANS_LOCALE). */
  env?: Record<string, string>;
  /** Slack users the fake Web API knows from the start: their Slack locale by user id. */
  userLocales?: Record<string, string>;
}

export interface SlackWorld {
  api: FakeSlackApi;
  /** The fake Socket Mode server, in a Socket Mode world. */
  socket?: FakeSocketMode;
  /** Where `respond()` posts (slash commands' and clicks' response_url); the fake records it as method "respond". */
  responseUrl: string;
  runtime: Runtime;
  store: PrismaStore;
  baseUrl: string;
  /** POSTs a raw body to /slack/events, signed with `secret` at `timestamp` (seconds). */
  post(body: string, contentType: string, options?: { secret?: string; timestamp?: number; retryNum?: number; second?: boolean }): Promise<Response>;
  /** A DM from `user` (event_callback message.im); returns the event id used. */
  dm(user: string, text: string, options?: { eventId?: string; retryNum?: number; second?: boolean }): Promise<{ response: Response; eventId: string }>;
  /** Starts a second instance on the same database and bus (as behind a load balancer with Redis); `second: true` posts to it. */
  startSecond(): Promise<void>;
  /** `/triage [flow]` from `user`, typed in their DM with the app unless `channel` says where. */
  command(user: string, text: string, options?: { channel?: string }): Promise<Response>;
  /** Clicks the control `actionId` (prefix) of a posted message; `option` picks a select option or the checkboxes to tick. */
  click(user: string, message: ApiCall, actionId: string, options?: ClickOptions): Promise<Response>;
  /** chat.postMessage calls to a channel, as the fake recorded them. */
  posts(channel: string): ApiCall[];
  /** Waits until `channel` received at least `count` messages; returns them all. */
  waitForPosts(channel: string, count: number): Promise<ApiCall[]>;
  /** Waits until a message posted to `channel` (after the first `after`) contains `text`; returns the latest such one. */
  waitForText(channel: string, text: string | RegExp, after?: number): Promise<ApiCall>;
  /** Shuts the server and runtime down and starts new ones on the same database (a restart). */
  restart(): Promise<void>;
  clinician(email: string, displayName: string): Promise<ConsoleUser>;
  transcript(sessionId: string): Promise<ChatMessage[]>;
  close(): Promise<void>;
}

/**
 * The real runtime (ConversationService on a temporary SQLite file, the console's case service)
 * behind the real HTTP server with the Slack channel on, and a fake Slack Web API for its client.
 */
export async function slackWorld(options: SlackWorldOptions = {}): Promise<SlackWorld> {
  const api = new FakeSlackApi();
  for (const [id, locale] of Object.entries(options.userLocales ?? {})) api.users.set(id, { id, locale });
  const apiUrl = await api.start();
  const responseUrl = `${apiUrl}respond`;
  const socket = options.socketMode ? new FakeSocketMode() : undefined;
  if (socket) api.socketUrl = await socket.start();
  const dir = mkdtempSync(join(tmpdir(), "triage-slack-"));
  const config = loadConfig({
    DATABASE_URL: `file:${join(dir, "triage.db")}`,
    LOG_LEVEL: "silent",
    TRIAGE_DEFAULT_LOCALE: "en",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: "xoxb-test",
    SLACK_CLINICIANS_CHANNEL: CLINICIANS,
    ...(options.socketMode ? { SLACK_APP_TOKEN: "xapp-test" } : {}),
    ...options.env,
  });
  await migrate(config.env.DATABASE_URL, { logger: logger.child({}, { level: "silent" }) });
  const parts = await openRuntimeParts(config);
  await parts.store.publishFlowVersion({ definition: tinyFlow(), author: "test", changeNote: "slack tests" });
  await parts.store.publishFlowVersion({ definition: urgentFlow(), author: "test", changeNote: "slack tests" });
  const serve = async () => {
    // As the composition root wires it: the DM <-> session table in the database.
    const runtime = createRuntime(
      config,
      {
        ...parts,
        closeStore: async () => undefined,
        slackConversations: new SlackConversationRepository(parts.store),
        slackDeliveries: new SlackDeliveryRepository(parts.store),
      },
      {},
      {
        slackApiUrl: apiUrl,
        defaultFlow: "tiny",
        retries: 2,
        // A dropped socket is reconnected after this (Bolt waits 5 s).
        ...(socket ? { socketReconnectDelayMs: 200 } : {}),
      },
    );
    const server: TriageServer = createServer({ channels: runtime.channels });
    const port = await server.listen(0, "127.0.0.1");
    return { runtime, server, baseUrl: `http://127.0.0.1:${port}` };
  };
  let current = await serve();
  let second: Awaited<ReturnType<typeof serve>> | undefined;

  const post: SlackWorld["post"] = (body, contentType, options = {}) => {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac("sha256", options.secret ?? SIGNING_SECRET)
      .update(`v0:${timestamp}:${body}`)
      .digest("hex")}`;
    return fetch(`${(options.second ? second! : current).baseUrl}/slack/events`, {
      method: "POST",
      headers: {
        "content-type": contentType,
        "x-slack-signature": signature,
        "x-slack-request-timestamp": String(timestamp),
        ...(options.retryNum ? { "x-slack-retry-num": String(options.retryNum), "x-slack-retry-reason": "http_timeout" } : {}),
      },
      body,
    });
  };

  const posts = (channel: string) => api.of("chat.postMessage", channel);

  return {
    api,
    ...(socket ? { socket } : {}),
    responseUrl,
    get runtime() {
      return current.runtime;
    },
    store: parts.store,
    get baseUrl() {
      return current.baseUrl;
    },
    async startSecond() {
      second = await serve();
    },
    async restart() {
      await current.server.close();
      await current.runtime.close();
      current = await serve();
    },
    post,
    async dm(user, text, options = {}) {
      const eventId = options.eventId ?? newEventId();
      const body = JSON.stringify(dmEvent(user, text, eventId));
      return {
        response: await post(body, "application/json", {
          ...(options.retryNum ? { retryNum: options.retryNum } : {}),
          ...(options.second ? { second: true } : {}),
        }),
        eventId,
      };
    },
    command(user, text, options = {}) {
      return post(new URLSearchParams(slashCommand(user, text, responseUrl, options.channel)).toString(), "application/x-www-form-urlencoded");
    },
    click(user, message, actionId, options = {}) {
      const payload = blockActions(user, message, actionId, responseUrl, options);
      return post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), "application/x-www-form-urlencoded");
    },
    posts,
    async waitForPosts(channel, count) {
      return vi.waitFor(
        () => {
          const found = posts(channel);
          if (found.length < count) throw new Error(`${channel} has ${found.length} of ${count} messages`);
          return found;
        },
        { timeout: 10_000, interval: 20 },
      );
    },
    async waitForText(channel, text, after = 0) {
      return vi.waitFor(
        () => {
          const found = posts(channel)
            .slice(after)
            .filter((c) => (typeof text === "string" ? textOf(c).includes(text) : text.test(textOf(c))));
          if (found.length === 0) throw new Error(`no message with ${String(text)} in ${channel}`);
          return found.at(-1)!;
        },
        { timeout: 10_000, interval: 20 },
      );
    },
    async clinician(email, displayName) {
      return (await current.runtime.console!.auth.addUser({ email, role: "clinician", displayName, password: "correct horse battery staple" }, "test")).user;
    },
    transcript: (id) => parts.store.messagesAfter(id, 0),
    async close() {
      if (second) {
        await second.server.close();
        await second.runtime.close();
      }
      await current.server.close();
      await current.runtime.close();
      await parts.store.close();
      await socket?.close();
      await api.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The text of a posted message: its fallback and every block's text, joined. */
/** The texts (textOf) of the messages posted to `channel` after the first `after`. */
export function textsAfter(world: SlackWorld, channel: string, after: number): string[] {
  return world.posts(channel).slice(after).map(textOf);
}

export function textOf(call: ApiCall): string {
  const blocks = (call.args["blocks"] as Block[] | undefined) ?? [];
  const label = (e: unknown) => {
    const text = (e as { text?: string | { text: string } }).text;
    return typeof text === "string" ? text : (text?.text ?? "");
  };
  const parts = blocks.flatMap((b) => [b.text?.text ?? "", ...(b.elements ?? []).map(label)]);
  return [String(call.args["text"] ?? ""), ...parts].join("\n");
}
