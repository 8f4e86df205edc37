import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Registry } from "prom-client";
import { logger } from "../logger.js";

/*
 * GET /metrics for a Prometheus scraper, behind a bearer token (METRICS_TOKEN): the numbers say
 * nothing about patients, but how busy a clinic's triage is stays between it and its operators.
 * Without a token configured the path is not served at all.
 */

export const METRICS_PATH = "/metrics";

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/** Given the registry and the token, returns a handler that answers /metrics and leaves every other path (false). */
export function metricsEndpoint(registry: Registry, token: string): (req: IncomingMessage, res: ServerResponse) => boolean {
  const expected = digest(`Bearer ${token}`);
  return (req, res) => {
    if (req.url?.split("?")[0] !== METRICS_PATH) return false;
    // Compared as digests: the same length whatever was sent, and in constant time.
    if (!timingSafeEqual(digest(req.headers.authorization ?? ""), expected)) {
      res.writeHead(401, { "content-type": "text/plain; charset=utf-8", "www-authenticate": 'Bearer realm="metrics"' });
      res.end("A valid METRICS_TOKEN bearer token is required.\n");
      return true;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" });
      res.end("Only GET.\n");
      return true;
    }
    registry.metrics().then(
      (text) => {
        res.writeHead(200, { "content-type": registry.contentType, "cache-control": "no-store" });
        res.end(req.method === "HEAD" ? undefined : text);
      },
      (error: unknown) => {
        logger.warn({ err: error }, "metrics: collection failed");
        res.writeHead(500, { "content-type": "text/plain; charset=utf-8" });
        res.end("Metrics could not be collected.\n");
      },
    );
    return true;
  };
}
