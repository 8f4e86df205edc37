import type { IncomingMessage, ServerResponse } from "node:http";
import { HTTPModuleFunctions, isRawBodyError, type App, type Receiver, type ReceiverEvent } from "@slack/bolt";
import type { Logger as BoltLogger } from "@slack/bolt";
import { BodyTooLargeError, readLimitedBody, refuseBody } from "../../http/bodyLimit.js";
import type { Logger } from "../../logger.js";
import { DeliveryGuard, deliveryKey } from "./deliveryGuard.js";
import { checkSlackTimestamp } from "./slackTimestamp.js";

export interface SlackReceiverOptions {
  signingSecret: string;
  /** Largest body read (HTTP_MAX_BODY_BYTES): past it the request is answered 413 before any signature work. */
  maxBodyBytes: number;
  /** Milliseconds before an unanswered request is acknowledged anyway (Slack gives up after 3 s). */
  ackTimeoutMs: number;
  /** How many delivery ids are remembered for de-duplication. */
  dedupeSize: number;
  now(): number;
  /** Claims a delivery id across instances (a retry may reach another one): false when already claimed. */
  claim?(key: string): Promise<boolean>;
  logger: Logger;
  boltLogger: BoltLogger;
}

/**
 * Bolt's receiver for our own HTTP server: no Express, no second port. Each POST to /slack/events
 * is read up to a size limit (413 past it, counted while it streams, so memory stays flat), then
 * goes through Bolt's signature check (HMAC SHA-256 of `v0:timestamp:body`, 5-minute window, and
 * no timestamp more than 5 minutes ahead either), is
 * de-duplicated by Slack's event id or the interaction's trigger id (a retry after a slow
 * acknowledgement is answered once) and handed to `app.processEvent`; listeners acknowledge first
 * and work after, and a request nobody acknowledged in time is acknowledged by the timer.
 */
export class SlackHttpReceiver implements Receiver {
  #app: App | undefined;
  readonly #deliveries: DeliveryGuard;

  constructor(private readonly options: SlackReceiverOptions) {
    this.#deliveries = new DeliveryGuard(options.dedupeSize, options.claim);
  }

  init(app: App): void {
    this.#app = app;
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  /** Takes one request to /slack/events; never throws. */
  handle(req: IncomingMessage, res: ServerResponse): void {
    void this.#handle(req, res).catch((error: unknown) => {
      this.options.logger.error({ err: { message: (error as Error).message } }, "slack: request failed");
      if (!res.headersSent) HTTPModuleFunctions.buildNoBodyResponse(res, 500);
    });
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { logger } = this.options;
    if (req.method !== "POST") return HTTPModuleFunctions.buildNoBodyResponse(res, 405);
    // The timestamp is checked before the body is read: a request outside the window costs nothing.
    const timestamp = checkSlackTimestamp(req.headers["x-slack-request-timestamp"], this.options.now());
    if (timestamp !== "ok" && timestamp !== "absent") {
      logger.warn({ ip: req.socket.remoteAddress, timestamp }, "slack: request refused (timestamp)");
      return HTTPModuleFunctions.buildNoBodyResponse(res, 401);
    }
    try {
      // Bolt's verifier reads `rawBody` when it is already there instead of buffering without a limit.
      (req as IncomingMessage & { rawBody?: Buffer }).rawBody = await readLimitedBody(req, this.options.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) return refuseBody(req, res, this.options.maxBodyBytes);
      throw error;
    }
    let buffered;
    try {
      buffered = await HTTPModuleFunctions.parseAndVerifyHTTPRequest(
        { signingSecret: this.options.signingSecret, nowMilliseconds: this.options.now, logger: this.options.boltLogger },
        req,
      );
    } catch (error) {
      if (isRawBodyError(error)) return HTTPModuleFunctions.buildNoBodyResponse(res, 413);
      logger.warn({ ip: req.socket.remoteAddress }, "slack: request refused (signature or timestamp)");
      return HTTPModuleFunctions.buildNoBodyResponse(res, 401);
    }
    let body: Record<string, unknown>;
    try {
      body = HTTPModuleFunctions.parseHTTPRequestBody(buffered) as Record<string, unknown>;
    } catch {
      return HTTPModuleFunctions.buildNoBodyResponse(res, 400);
    }
    if (body["ssl_check"]) return HTTPModuleFunctions.buildSSLCheckResponse(res);
    if (body["type"] === "url_verification") return HTTPModuleFunctions.buildUrlVerificationResponse(res, body);

    const retryNum = HTTPModuleFunctions.extractRetryNumFromHTTPRequest(req);
    const key = deliveryKey(body);
    if (key && !(await this.#deliveries.first(key))) {
      logger.info({ delivery: key, retryNum: retryNum ?? null }, "slack: repeated delivery acknowledged, not processed");
      return HTTPModuleFunctions.buildNoBodyResponse(res, 200);
    }

    let acked = false;
    const ack = async (response?: unknown): Promise<void> => {
      if (acked || res.headersSent) return;
      acked = true;
      if (response === undefined || response === null || response === "") HTTPModuleFunctions.buildNoBodyResponse(res, 200);
      else HTTPModuleFunctions.buildContentResponse(res, response);
    };
    const timer = setTimeout(() => void ack(), this.options.ackTimeoutMs);
    const event: ReceiverEvent = { body, ack, ...(retryNum === undefined ? {} : { retryNum }) };
    const retryReason = HTTPModuleFunctions.extractRetryReasonFromHTTPRequest(req);
    if (retryReason) event.retryReason = retryReason;
    try {
      if (!this.#app) throw new Error("the Slack receiver has no app");
      await this.#app.processEvent(event);
    } catch (error) {
      logger.warn({ code: (error as { code?: string }).code ?? "unknown" }, "slack: processing failed");
      if (!acked && !res.headersSent) {
        acked = true;
        HTTPModuleFunctions.buildNoBodyResponse(res, 500);
      }
    } finally {
      clearTimeout(timer);
      await ack();
    }
  }
}
