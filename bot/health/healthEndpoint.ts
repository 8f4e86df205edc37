import type { IncomingMessage, ServerResponse } from "node:http";
import { runCheck, type CheckResult, type ReadinessCheck } from "./readinessCheck.js";

/*
 * GET /healthz and GET /readyz for orchestrators and load balancers (issue 25). Both are served
 * without credentials, before the app, and say nothing about patients: a status, and per
 * dependency `ok` or a code.
 *   /healthz: the process is alive and its event loop answers (200 always).
 *   /readyz:  send traffic here (200) or not (503): the database reachable with every migration
 *             applied, Redis reachable when configured, the process not draining.
 */

export const HEALTHZ_PATH = "/healthz";
export const READYZ_PATH = "/readyz";

export interface HealthEndpointOptions {
  checks: ReadinessCheck[];
  /** A check slower than this counts as failed (default 2 s: a probe must not hang with the database). */
  timeoutMs?: number;
  /**
   * Probes within this window share one round of checks (default 1 s), so a flood of /readyz
   * requests costs the database at most one query per window.
   */
  cacheMs?: number;
  now?: () => number;
}

export interface ReadyzBody {
  status: "ready" | "not_ready";
  draining: boolean;
  checks: Record<string, CheckResult>;
}

export interface HealthEndpoint {
  /** The server door (bot/server.ts): true when it answered the request. */
  door(req: IncomingMessage, res: ServerResponse): boolean;
  /** From now on /readyz answers 503 `draining` (the process is shutting down); /healthz stays 200. */
  startDraining(): void;
  readonly draining: boolean;
}

/** Given the readiness checks, returns the door serving /healthz and /readyz and the draining switch. */
export function healthEndpoint(options: HealthEndpointOptions): HealthEndpoint {
  const { checks, timeoutMs = 2_000, cacheMs = 1_000, now = Date.now } = options;
  let draining = false;
  let last: { at: number; result: Promise<Record<string, CheckResult>> } | undefined;

  const runChecks = (): Promise<Record<string, CheckResult>> => {
    const at = now();
    if (!last || at - last.at >= cacheMs) {
      last = { at, result: Promise.all(checks.map(async (check) => [check.name, await runCheck(check, timeoutMs)] as const)).then(Object.fromEntries) };
    }
    return last.result;
  };

  const readyz = async (): Promise<{ status: number; body: ReadyzBody }> => {
    // While draining the store may already be closing: the answer is 503 whatever it would say.
    if (draining) return { status: 503, body: { status: "not_ready", draining, checks: {} } };
    const results = await runChecks();
    const ready = Object.values(results).every((result) => result.status === "ok");
    return { status: ready ? 200 : 503, body: { status: ready ? "ready" : "not_ready", draining, checks: results } };
  };

  return {
    door(req, res) {
      const path = req.url?.split("?")[0];
      if (path !== HEALTHZ_PATH && path !== READYZ_PATH) return false;
      if (req.method !== "GET" && req.method !== "HEAD") {
        send(res, req, 405, { error: "method_not_allowed" }, { allow: "GET, HEAD" });
        return true;
      }
      if (path === HEALTHZ_PATH) {
        send(res, req, 200, { status: "ok" });
        return true;
      }
      readyz().then(
        ({ status, body }) => send(res, req, status, body),
        () => send(res, req, 503, { status: "not_ready", draining, checks: {} }),
      );
      return true;
    },
    startDraining() {
      draining = true;
    },
    get draining() {
      return draining;
    },
  };
}

function send(res: ServerResponse, req: IncomingMessage, status: number, body: object, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store", ...headers });
  res.end(req.method === "HEAD" ? undefined : JSON.stringify(body));
}
