import type { webApi } from "@slack/bolt";
import type { Logger } from "../../logger.js";
import type { SlackMessage } from "./renderMessages.js";

type WebClient = webApi.WebClient;

/**
 * Posts and updates messages. Rate limits (429 with Retry-After) and server errors are retried by
 * the WebClient itself (retryConfig, Retry-After honoured); what still fails is logged with the
 * Slack error code and ids only, never the text, and never thrown: the patient's turn is already
 * committed and stays in the transcript (the console shows it; the next turn goes on from it).
 */
export class SlackPoster {
  constructor(
    private readonly client: WebClient,
    private readonly logger: Logger,
  ) {}

  async post(channel: string, message: SlackMessage, context: Record<string, string> = {}): Promise<string | undefined> {
    try {
      const result = await this.client.chat.postMessage({ channel, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false });
      return result.ts;
    } catch (error) {
      this.#report(error, "chat.postMessage", channel, context);
      return undefined;
    }
  }

  /** Posts `text` as a reply in the thread of the message `threadTs`; the reply's ts, or undefined when Slack refused it. */
  async reply(channel: string, threadTs: string, text: string, context: Record<string, string> = {}): Promise<string | undefined> {
    try {
      const result = await this.client.chat.postMessage({ channel, thread_ts: threadTs, text, unfurl_links: false, unfurl_media: false });
      return result.ts;
    } catch (error) {
      this.#report(error, "chat.postMessage", channel, context);
      return undefined;
    }
  }

  async update(channel: string, ts: string, message: SlackMessage, context: Record<string, string> = {}): Promise<boolean> {
    try {
      await this.client.chat.update({ channel, ts, text: message.text, blocks: message.blocks });
      return true;
    } catch (error) {
      this.#report(error, "chat.update", channel, context);
      return false;
    }
  }

  async ephemeral(channel: string, user: string, text: string): Promise<void> {
    try {
      await this.client.chat.postEphemeral({ channel, user, text });
    } catch (error) {
      this.#report(error, "chat.postEphemeral", channel, {});
    }
  }

  #report(error: unknown, method: string, channel: string, context: Record<string, string>): void {
    const e = error as { code?: string; data?: { error?: string }; retryAfter?: number };
    this.logger.warn({ method, channel, slackError: e.data?.error ?? null, code: e.code ?? null, ...context }, "slack: Web API call failed");
  }
}
