import { SocketModeReceiver, type App, type Logger as BoltLogger, type Receiver, type ReceiverEvent, type webApi } from "@slack/bolt";
import type { Logger } from "../../logger.js";
import { DeliveryGuard, deliveryKey } from "./deliveryGuard.js";

export interface SlackSocketReceiverOptions {
  /** The app-level token (xapp-..., connections:write). */
  appToken: string;
  /** The Web API client's options: apps.connections.open goes to the same `slackApiUrl` as the bot's calls. */
  clientOptions: webApi.WebClientOptions;
  /** Socket Mode's ping timeout, which is also its first reconnection delay (Bolt's default: 5 s). */
  pingTimeoutMs?: number;
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
 * (apps.connections.open, hello, pings, reconnection), and its envelopes go through the same guard
 * as HTTP requests: an envelope Slack redelivers (same event id or trigger id, e.g. after a
 * reconnect) is acknowledged and not processed again, and one nobody acknowledged in time is
 * acknowledged by the timer. Bolt's receiver does neither, so we listen to its client ourselves
 * and never hand it the app.
 */
export class SlackSocketReceiver implements Receiver {
  #app: App | undefined;
  readonly #socket: SocketModeReceiver;
  readonly #deliveries: DeliveryGuard;

  constructor(private readonly options: SlackSocketReceiverOptions) {
    // Reconnection calls apps.connections.open until it works: Socket Mode's own retry policy, not the bot's few retries.
    const { retryConfig: _botRetries, ...clientOptions } = options.clientOptions;
    this.#socket = new SocketModeReceiver({
      appToken: options.appToken,
      logger: options.boltLogger,
      installerOptions: { clientOptions },
      ...(options.pingTimeoutMs === undefined ? {} : { clientPingTimeout: options.pingTimeoutMs }),
    });
    this.#deliveries = new DeliveryGuard(options.dedupeSize, options.claim);
    this.#socket.client.on("slack_event", (delivery: SocketDelivery) => {
      void this.#handle(delivery).catch((error: unknown) => options.logger.error({ err: { message: (error as Error).message } }, "slack: envelope failed"));
    });
  }

  init(app: App): void {
    this.#app = app;
  }

  /** Connects (resolves once Slack said hello); the client reconnects by itself after a drop. */
  async start(): Promise<void> {
    await this.#socket.client.start();
  }

  /** Closes the socket; a peer that never completes the close handshake does not hold shutdown up. */
  async stop(): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const bounded = new Promise<void>((resolve) => (timer = setTimeout(resolve, 3_000).unref()));
    await Promise.race([this.#socket.client.disconnect(), bounded]);
    clearTimeout(timer);
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
