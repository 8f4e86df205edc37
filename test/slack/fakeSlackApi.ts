import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** One Web API call as the fake received it (form or JSON body, JSON fields decoded). */
export interface ApiCall {
  method: string;
  args: Record<string, unknown>;
}

export interface SlackUser {
  id: string;
  locale?: string;
  email?: string;
}

/** A scripted answer for the next call of a method (status, headers, body). */
export interface Scripted {
  status: number;
  /** Answer only after this long (a slow Slack). */
  delayMs?: number;
  headers?: Record<string, string>;
  body: Record<string, unknown>;
}

/**
 * A fake Slack Web API on 127.0.0.1: the real WebClient (Bolt's) talks HTTP to it through
 * `slackApiUrl`. It records every call, knows a few users, opens DMs (D + user id), numbers
 * posted messages, hands out the Socket Mode URL, and answers scripted failures (429 with
 * Retry-After, channel_not_found) first.
 */
export class FakeSlackApi {
  readonly calls: ApiCall[] = [];
  readonly users = new Map<string, SlackUser>();
  readonly #scripts = new Map<string, Scripted[]>();
  #server: Server | undefined;
  #ts = 1_700_000_000;
  url = "";
  /** The WebSocket URL apps.connections.open hands out (Socket Mode); unset, the call is refused. */
  socketUrl: string | undefined;

  async start(): Promise<string> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const method = (req.url ?? "").replace(/^\/api\//, "").split("?")[0]!;
        const raw = Buffer.concat(chunks).toString("utf8");
        const args = parseBody(raw, String(req.headers["content-type"] ?? ""));
        this.calls.push({ method, args });
        const scripted = this.#scripts.get(method)?.shift();
        const reply = scripted ?? { status: 200, body: this.#answer(method, args) };
        setTimeout(() => {
          res.writeHead(reply.status, { "content-type": "application/json", ...(reply.headers ?? {}) });
          res.end(JSON.stringify(reply.body));
        }, reply.delayMs ?? 0);
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, "127.0.0.1", resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/api/`;
    return this.url;
  }

  /** The next call(s) of `method` get these answers, in order, before normal ones. */
  script(method: string, ...answers: Scripted[]): void {
    this.#scripts.set(method, [...(this.#scripts.get(method) ?? []), ...answers]);
  }

  /** Calls of one method, optionally to one channel. */
  of(method: string, channel?: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method && (channel === undefined || c.args["channel"] === channel));
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.#server?.close(() => resolve()));
  }

  #answer(method: string, args: Record<string, unknown>): Record<string, unknown> {
    switch (method) {
      case "apps.connections.open":
        return this.socketUrl ? { ok: true, url: this.socketUrl } : { ok: false, error: "invalid_auth" };
      case "auth.test":
        return { ok: true, user_id: "UBOT", bot_id: "BBOT", team_id: "T1", user: "triage" };
      case "users.info": {
        const user = this.users.get(String(args["user"]));
        if (!user) return { ok: false, error: "user_not_found" };
        return { ok: true, user: { id: user.id, locale: user.locale ?? "en-US", profile: user.email ? { email: user.email } : {} } };
      }
      case "conversations.open":
        return { ok: true, channel: { id: `D${String(args["users"])}` } };
      case "chat.postMessage":
        this.#ts += 1;
        // The recorded call keeps the ts it was given, so a test can click on that message.
        args["ts"] = `${this.#ts}.000100`;
        return { ok: true, channel: args["channel"], ts: args["ts"], message: { text: args["text"] } };
      case "chat.update":
        return { ok: true, channel: args["channel"], ts: args["ts"] };
      case "chat.postEphemeral":
        return { ok: true, message_ts: `${this.#ts}.000200` };
      default:
        return { ok: true };
    }
  }
}

function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes("application/json")) return JSON.parse(raw || "{}") as Record<string, unknown>;
  const args: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    args[key] = /^[[{]/.test(value) ? safeJson(value) : value;
  }
  return args;
}

function safeJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
