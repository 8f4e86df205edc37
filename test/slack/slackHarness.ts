import { createHmac, randomUUID } from "node:crypto";
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
import { urgentFlow } from "./slackFlows.js";

export const SIGNING_SECRET = "test-signing-secret-8f2b";
export const CLINICIANS = "CCLINICIANS";

type Block = { type: string; block_id?: string; text?: { text: string }; elements?: Element[] };
type Element = { type: string; action_id?: string; value?: string; options?: { text: { text: string }; value: string }[] };

export interface SlackWorld {
  api: FakeSlackApi;
  runtime: Runtime;
  store: PrismaStore;
  baseUrl: string;
  /** POSTs a raw body to /slack/events, signed with `secret` at `timestamp` (seconds). */
  post(body: string, contentType: string, options?: { secret?: string; timestamp?: number; retryNum?: number; second?: boolean }): Promise<Response>;
  /** A DM from `user` (event_callback message.im); returns the event id used. */
  dm(user: string, text: string, options?: { eventId?: string; retryNum?: number; second?: boolean }): Promise<{ response: Response; eventId: string }>;
  /** Starts a second instance on the same database and bus (as behind a load balancer with Redis); `second: true` posts to it. */
  startSecond(): Promise<void>;
  /** `/triage [flow]` from `user`. */
  command(user: string, text: string): Promise<Response>;
  /** Clicks the control `actionId` (prefix) of a posted message; `option` picks a select option or the checkboxes to tick. */
  click(user: string, message: ApiCall, actionId: string, options?: { option?: string | string[]; channel?: string; triggerId?: string }): Promise<Response>;
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
export async function slackWorld(): Promise<SlackWorld> {
  const api = new FakeSlackApi();
  const apiUrl = await api.start();
  const dir = mkdtempSync(join(tmpdir(), "triage-slack-"));
  const config = loadConfig({
    DATABASE_URL: `file:${join(dir, "triage.db")}`,
    LOG_LEVEL: "silent",
    TRIAGE_DEFAULT_LOCALE: "en",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: "xoxb-test",
    SLACK_CLINICIANS_CHANNEL: CLINICIANS,
  });
  await migrate(config.env.DATABASE_URL, { logger: logger.child({}, { level: "silent" }) });
  const parts = await openRuntimeParts(config);
  await parts.store.publishFlowVersion({ definition: tinyFlow(), author: "test", changeNote: "slack tests" });
  await parts.store.publishFlowVersion({ definition: urgentFlow(), author: "test", changeNote: "slack tests" });
  const serve = async () => {
    // As the composition root wires it: the DM <-> session table in the database.
    const runtime = createRuntime(config, { ...parts, closeStore: async () => undefined, slackConversations: new SlackConversationRepository(parts.store), slackDeliveries: new SlackDeliveryRepository(parts.store) }, {}, { slackApiUrl: apiUrl, defaultFlow: "tiny", retries: 2 });
    const server: TriageServer = createServer({ channels: runtime.channels });
    const port = await server.listen(0, "127.0.0.1");
    return { runtime, server, baseUrl: `http://127.0.0.1:${port}` };
  };
  let current = await serve();
  let second: Awaited<ReturnType<typeof serve>> | undefined;

  const post: SlackWorld["post"] = (body, contentType, options = {}) => {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const signature = `v0=${createHmac("sha256", options.secret ?? SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`;
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
      const eventId = options.eventId ?? `Ev${randomUUID().replace(/-/g, "").slice(0, 12)}`;
      const body = JSON.stringify({
        token: "legacy",
        team_id: "T1",
        api_app_id: "A1",
        type: "event_callback",
        event_id: eventId,
        event_time: Math.floor(Date.now() / 1000),
        authorizations: [{ team_id: "T1", user_id: "UBOT", is_bot: true }],
        event: { type: "message", channel_type: "im", channel: `D${user}`, user, team: "T1", text, ts: `${Date.now() / 1000}`, client_msg_id: randomUUID() },
      });
      return { response: await post(body, "application/json", { ...(options.retryNum ? { retryNum: options.retryNum } : {}), ...(options.second ? { second: true } : {}) }), eventId };
    },
    command(user, text) {
      const body = new URLSearchParams({
        token: "legacy",
        team_id: "T1",
        api_app_id: "A1",
        channel_id: `D${user}`,
        user_id: user,
        command: "/triage",
        text,
        trigger_id: randomUUID(),
        response_url: `${apiUrl}respond`,
      }).toString();
      return post(body, "application/x-www-form-urlencoded");
    },
    click(user, message, actionId, options = {}) {
      const blocks = message.args["blocks"] as Block[];
      const actionsBlock = blocks.find((b) => b.type === "actions" && b.elements?.some((e) => e.action_id?.startsWith(actionId)));
      const element = actionsBlock?.elements?.find((e) => e.action_id?.startsWith(actionId));
      if (!actionsBlock || !element) throw new Error(`no control ${actionId} in the message`);
      const ticked = Array.isArray(options.option) ? options.option : [];
      const pickBox = actionsBlock.elements?.find((e) => e.type === "checkboxes");
      const state = pickBox
        ? { values: { [actionsBlock.block_id!]: { [pickBox.action_id!]: { type: "checkboxes", selected_options: (pickBox.options ?? []).filter((o) => ticked.includes(o.value) || ticked.includes(o.text.text)) } } } }
        : { values: {} };
      const selected = element.type === "static_select" ? element.options!.find((o) => o.text.text.startsWith(String(options.option))) : undefined;
      const action = {
        type: element.type,
        action_id: element.action_id,
        block_id: actionsBlock.block_id ?? "b",
        action_ts: `${Date.now() / 1000}${Math.random().toString().slice(2, 6)}`,
        ...(selected ? { selected_option: selected } : { value: element.value }),
      };
      const channel = options.channel ?? String(message.args["channel"]);
      const payload = {
        type: "block_actions",
        api_app_id: "A1",
        token: "legacy",
        trigger_id: options.triggerId ?? randomUUID(),
        team: { id: "T1" },
        user: { id: user, team_id: "T1" },
        channel: { id: channel },
        container: { type: "message", channel_id: channel, message_ts: message.args["ts"] ?? "1.0" },
        message: { ts: String(message.args["ts"] ?? (message as ApiCall & { ts?: string }).ts ?? "1.0"), blocks },
        state,
        actions: [action],
        response_url: `${apiUrl}respond`,
      };
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
          const found = posts(channel).slice(after).filter((c) => (typeof text === "string" ? textOf(c).includes(text) : text.test(textOf(c))));
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
      await api.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The text of a posted message: its fallback and every block's text, joined. */
export function textOf(call: ApiCall): string {
  const blocks = (call.args["blocks"] as Block[] | undefined) ?? [];
  const label = (e: unknown) => {
    const text = (e as { text?: string | { text: string } }).text;
    return typeof text === "string" ? text : text?.text ?? "";
  };
  const parts = blocks.flatMap((b) => [b.text?.text ?? "", ...(b.elements ?? []).map(label)]);
  return [String(call.args["text"] ?? ""), ...parts].join("\n");
}
