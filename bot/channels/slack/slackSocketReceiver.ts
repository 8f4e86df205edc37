import { SocketModeReceiver, type App, type Logger as BoltLogger, type Receiver, type ReceiverEvent, type webApi } from "@slack/bolt";
import type { Logger } from "../../logger.js";
import { DeliveryGuard, deliveryKey } from "./deliveryGuard.js";

export interface SlackSocketReceiverOptions {
  /** The app-level token (xapp-..., connections:write). */
  appToken: string;
  /** The Web API client's options: apps.connections.open goes to the same `slackApiUrl` as the bot's calls. */
  clientOptions: webApi.WebClientOptions;
  /** Wait before the first reconnection attempt; it grows with each failure, up to a minute. */
  reconnectDelayMs: number;
  ackTimeoutMs: number;
  dedupeSize: number;
  claim?(key: string): Promise<boolean>;
  logger: Logger;
  boltLogger: BoltLogger;
}

/** One envelope as @slack/socket-mode's client emits it (`slack_event`). */
interface SocketDelivery {
  ack(response?: unknown): Promise<void>;
  envelope_id?: string;
  type: string;
  body?: Record<string, unknown>;
  retry_num?: number;
  retry_reason?: string;
}

/**
 * Socket Mode for deployments without a public URL: Bolt's SocketModeReceiver keeps the WebSocket
 * (apps.connections.open, hello, pings), and its envelopes go through the same guard as HTTP
 * requests: an envelope Slack redelivers (same event id or trigger id, e.g. after a reconnect) is
 * acknowledged and not processed again, and one nobody acknowledged in time is acknowledged by the
 * timer. Bolt's receiver does neither, so we listen to its client ourselves and never hand it the app.
 *
 * Reconnection is ours too: the client's own gives up, with an unhandled rejection that would stop
 * the process, when apps.connections.open fails on reconnect (Slack 5xx, network, revoked token).
 */
export class SlackSocketReceiver implements Receiver {
  #app: App | undefined;
  readonly #socket: SocketModeReceiver;
  readonly #deliveries: DeliveryGuard;
  #stopping = false;
  #failures = 0;
  #reconnecting: NodeJS.Timeout | undefined;

  constructor(private readonly options: SlackSocketReceiverOptions) {
    this.#socket = new SocketModeReceiver({
      appToken: options.appToken,
      logger: options.boltLogger,
      installerOptions: { clientOptions: options.clientOptions },
      autoReconnectEnabled: false,
    });
    this.#deliveries = new DeliveryGuard(options.dedupeSize, options.claim);
    this.#socket.client.on("slack_event", (delivery: SocketDelivery) => {
      void this.#handle(delivery).catch((error: unknown) => options.logger.error({ err: { message: (error as Error).message } }, "slack: envelope failed"));
    });
    // Emitted when the socket closed for good (drop, Slack's `disconnect`, failed handshake) or we stopped.
    this.#socket.client.on("disconnected", () => this.#reconnectLater());
  }

  init(app: App): void {
    this.#app = app;
  }

  /** Connects (resolves once Slack said hello); a failure is retried later, and so is every drop. */
  async start(): Promise<void> {
    this.#stopping = false;
    await this.#connect();
  }

  /** Closes the socket; a peer that never completes the close handshake does not hold shutdown up. */
  async stop(): Promise<void> {
    this.#stopping = true;
    clearTimeout(this.#reconnecting);
    this.#reconnecting = undefined;
    let timer: NodeJS.Timeout | undefined;
    const bounded = new Promise<void>((resolve) => (timer = setTimeout(resolve, 3_000).unref()));
    await Promise.race([this.#socket.client.disconnect(), bounded]);
    clearTimeout(timer);
  }

  async #connect(): Promise<void> {
    try {
      await this.#socket.client.start();
      this.#failures = 0;
    } catch (error) {
      const e = error as { code?: string; data?: { error?: string } };
      this.options.logger.warn({ code: e.code ?? "unknown", slackError: e.data?.error ?? null }, "slack: Socket Mode connection failed, will retry");
      this.#reconnectLater();
    }
  }

  /** One pending attempt at a time, later after each failure (linear, at most a minute). */
  #reconnectLater(): void {
    if (this.#stopping || this.#reconnecting) return;
    this.#failures += 1;
    const delay = Math.min(this.options.reconnectDelayMs * this.#failures, 60_000);
    this.#reconnecting = setTimeout(() => {
      this.#reconnecting = undefined;
      if (!this.#stopping) void this.#connect();
    }, delay);
  }

  async #handle(delivery: SocketDelivery): Promise<void> {
    const { logger } = this.options;
    const body = delivery.body ?? {};
    const key = deliveryKey(body);
    if (key && !(await this.#deliveries.first(key))) {
      logger.info({ delivery: key, retryNum: delivery.retry_num ?? null }, "slack: repeated envelope acknowledged, not processed");
      await delivery.ack();
      return;
    }
    let acked = false;
    const ack = async (response?: unknown): Promise<void> => {
      if (acked) return;
      acked = true;
      await delivery.ack(response === "" || response === null ? undefined : response);
    };
    const safeAck = () => ack().catch((error: unknown) => logger.warn({ err: { message: (error as Error).message } }, "slack: acknowledgement not sent"));
    const timer = setTimeout(() => void safeAck(), this.options.ackTimeoutMs);
    const event: ReceiverEvent = {
      body,
      ack,
      ...(delivery.retry_num === undefined ? {} : { retryNum: delivery.retry_num }),
      ...(delivery.retry_reason === undefined ? {} : { retryReason: delivery.retry_reason }),
    };
    try {
      if (!this.#app) throw new Error("the Slack receiver has no app");
      await this.#app.processEvent(event);
    } catch (error) {
      logger.warn({ code: (error as { code?: string }).code ?? "unknown" }, "slack: processing failed");
    } finally {
      clearTimeout(timer);
      await safeAck();
    }
  }
}
