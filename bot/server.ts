import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Channel } from "./channels/index.js";
import { DEFAULT_MAX_BODY_BYTES, refuseDeclaredOversize, refuseUndeclaredLength } from "./http/bodyLimit.js";
import { compressResponses } from "./http/compressResponses.js";
import { baseSecurityHeaders, securityPolicy, type SecurityPolicy } from "./http/securityHeaders.js";
import { logger } from "./logger.js";

/** A Connect-style request handler: SvelteKit's adapter-node `handler` has this shape. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

/** A path of the server's own, outside the app and the channels (GET /metrics): true when it took the request. */
export type Door = (req: IncomingMessage, res: ServerResponse) => boolean;

export interface TriageServer {
  readonly http: Server;
  /** Starts listening; resolves with the port actually bound (PORT=0 picks a free one). */
  listen(port: number, host?: string): Promise<number>;
  /** Stops accepting, closes every channel (WebSockets with 1001) and the HTTP server. */
  close(): Promise<void>;
}

/**
 * One HTTP server, three doors: the server's own paths (GET /metrics), channel routes (the web
 * channel's /ws upgrade, and Slack's /slack/events), then the SvelteKit app (pages, /widget.js,
 * the console, JSON routes).
 * Without an app handler (protocol tests) every other request gets 404.
 * Ahead of all of them, every response gets the security headers (bot/http/securityHeaders.ts)
 * and a body declared over `maxBodyBytes` is answered 413 unread; the app takes only bodies of a
 * declared length (411 otherwise). The app's responses are compressed for clients that ask
 * (bot/http/compressResponses.ts).
 */
export function createServer(options: {
  channels: Channel[];
  app?: RequestHandler;
  doors?: Door[];
  maxBodyBytes?: number;
  security?: SecurityPolicy;
}): TriageServer {
  const { channels, doors = [], maxBodyBytes = DEFAULT_MAX_BODY_BYTES } = options;
  const app = options.app && compressResponses(options.app);
  const security = options.security ?? securityPolicy({ WIDGET_ALLOWED_ORIGINS: "*" });

  const http = createHttpServer((req, res) => {
    setSecurityHeaders(res, security, req.url);
    if (refuseDeclaredOversize(req, res, maxBodyBytes)) return;
    for (const door of doors) if (door(req, res)) return;
    for (const channel of channels) if (channel.handleRequest?.(req, res)) return;
    if (!app) return notFound(res);
    if (refuseUndeclaredLength(req, res)) return;
    app(req, res, () => notFound(res));
  });

  attachUpgrades(http, channels, { refuseOthers: true });

  // Node's defaults let a slow client hold a socket for minutes; patients' phones reconnect anyway.
  http.headersTimeout = 20_000;
  http.requestTimeout = 60_000;
  http.keepAliveTimeout = 5_000;

  return {
    http,
    listen(port, host) {
      return new Promise((resolve, reject) => {
        http.once("error", reject);
        // A deep accept queue: patients' pages all reconnect at once after a restart or a network blip.
        http.listen({ port, host, backlog: 2048 }, () => {
          http.off("error", reject);
          resolve((http.address() as AddressInfo).port);
        });
      });
    },
    async close() {
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      await Promise.all(channels.map((c) => c.close().catch((err: unknown) => logger.warn({ err, channel: c.name }, "channel close failed"))));
      http.closeIdleConnections();
      // Keep-alive page requests in flight get a moment; then everything is cut.
      const cut = setTimeout(() => http.closeAllConnections(), 3_000);
      await closed;
      clearTimeout(cut);
    },
  };
}

/**
 * Routes WebSocket upgrades to the channels. Under `vite dev` other upgrades (Vite's HMR socket)
 * belong to someone else and are left alone; on our own server they are refused.
 */
export function attachUpgrades(http: Server, channels: Channel[], options: { refuseOthers: boolean }): void {
  http.on("upgrade", (req, socket, head: Buffer) => {
    for (const channel of channels) if (channel.handleUpgrade?.(req, socket, head)) return;
    if (options.refuseOthers) socket.end("HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n");
  });
}

/** A Connect middleware offering each request to the channels first (their own paths, e.g. /slack/events). */
export function channelMiddleware(channels: Channel[], maxBodyBytes = DEFAULT_MAX_BODY_BYTES): RequestHandler {
  return (req, res, next) => {
    if (refuseDeclaredOversize(req, res, maxBodyBytes)) return;
    for (const channel of channels) if (channel.handleRequest?.(req, res)) return;
    if (next) next();
    else notFound(res);
  };
}

function setSecurityHeaders(res: ServerResponse, policy: SecurityPolicy, url: string | undefined): void {
  const pathname = (url ?? "/").split("?", 1)[0]!;
  for (const [name, value] of Object.entries(baseSecurityHeaders(policy, pathname))) if (value !== undefined) res.setHeader(name, value);
}

function notFound(res: ServerResponse): void {
  res.writeHead(404, { "content-type": "text/plain; charset=utf-8" });
  res.end("Not found");
}
