import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A chat completion request as the fake server received it. */
export interface ReceivedChat {
  model: string;
  system: string;
  user: string;
  body: Record<string, unknown>;
}

/** What the fake endpoint answers one request with. */
export type FakeReply =
  /** A normal completion whose message content is this text (JSON or not). */
  | { content: string }
  /** The same, sent only after `ms`: the client's timeout should have given up by then. */
  | { content: string; delayMs: number }
  /** The same, held until the test resolves `until` (to look at what happens before the model answers). */
  | { content: string; until: Promise<void> }
  /** An error status with OpenAI's error body (429 with Retry-After, 500...). */
  | { status: number }
  /** A 200 whose body is not JSON at all. */
  | { brokenBody: true }
  /** A completion the model refused. */
  | { refusal: string };

export type FakeScript = (request: ReceivedChat) => FakeReply;

/**
 * An OpenAI-compatible endpoint on 127.0.0.1 for tests: real HTTP, the real openai SDK calls it.
 * POST /v1/chat/completions answers from a script the test sets; every request is kept.
 */
export class FakeOpenAiServer {
  readonly requests: ReceivedChat[] = [];
  script: FakeScript = () => ({ content: "{}" });
  readonly #server: Server;
  readonly #timers = new Set<NodeJS.Timeout>();

  private constructor(server: Server) {
    this.#server = server;
  }

  static async start(): Promise<FakeOpenAiServer> {
    // The handler runs only on a request, after `fake` exists.
    const server = createServer((request, response) => void fake.#handle(request, response));
    const fake = new FakeOpenAiServer(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return fake;
  }

  /** The base URL to give LLM_BASE_URL (the SDK appends /chat/completions). */
  get baseUrl(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/v1`;
  }

  async close(): Promise<void> {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    if (request.method !== "POST" || request.url !== "/v1/chat/completions") {
      response.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "not found" } }));
      return;
    }
    const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
    const messages = (body.messages ?? []) as { role: string; content: string }[];
    const received: ReceivedChat = {
      model: String(body.model),
      system: messages.find((m) => m.role === "system")?.content ?? "",
      user: messages.find((m) => m.role === "user")?.content ?? "",
      body,
    };
    this.requests.push(received);
    const reply = this.script(received);
    const send = () => {
      if (response.destroyed) return;
      if ("status" in reply) {
        const headers: Record<string, string> = { "content-type": "application/json" };
        if (reply.status === 429) headers["retry-after"] = "1";
        response.writeHead(reply.status, headers).end(JSON.stringify({ error: { message: `status ${reply.status}`, type: "server_error" } }));
      } else if ("brokenBody" in reply) {
        response.writeHead(200, { "content-type": "application/json" }).end('{"id": "chatcmpl-1", "choices": [ {');
      } else {
        const message =
          "refusal" in reply ? { role: "assistant", content: null, refusal: reply.refusal } : { role: "assistant", content: reply.content, refusal: null };
        response.writeHead(200, { "content-type": "application/json" }).end(
          JSON.stringify({
            id: `chatcmpl-${this.requests.length}`,
            object: "chat.completion",
            created: 1_760_000_000,
            model: received.model,
            choices: [{ index: 0, message, finish_reason: "stop" }],
            usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
          }),
        );
      }
    };
    if ("until" in reply) {
      void reply.until.then(send);
    } else if ("delayMs" in reply) {
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        send();
      }, reply.delayMs);
      this.#timers.add(timer);
    } else send();
  }
}
