import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { vi } from "vitest";
import { WebSocket, WebSocketServer } from "ws";

export type EnvelopeType = "events_api" | "interactive" | "slash_commands";

/** One envelope as Slack's Socket Mode sends it. */
export interface Envelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: Record<string, unknown>;
  accepts_response_payload: boolean;
  retry_attempt?: number;
  retry_reason?: string;
}

/** What the client sent back for an envelope. */
export interface Ack {
  envelope_id: string;
  payload?: unknown;
}

/**
 * Slack's Socket Mode server, faked on 127.0.0.1 with a real `ws` WebSocketServer: each connection
 * gets `hello`; a test sends envelopes on the current connection and waits for their acks (the
 * client's `{envelope_id, payload}`), and can drop the connection to make the client reconnect.
 */
export class FakeSocketMode {
  readonly sent: Envelope[] = [];
  readonly acks: Ack[] = [];
  /** How many WebSocket connections the client opened. */
  connections = 0;
  url = "";
  #server: WebSocketServer | undefined;
  #current: WebSocket | undefined;

  async start(): Promise<string> {
    const server = new WebSocketServer({ host: "127.0.0.1", port: 0 });
    this.#server = server;
    await new Promise<void>((resolve) => server.once("listening", () => resolve()));
    server.on("connection", (socket) => {
      this.connections += 1;
      this.#current = socket;
      socket.on("message", (data) => {
        const message = JSON.parse(String(data)) as Partial<Ack>;
        if (typeof message.envelope_id === "string")
          this.acks.push({ envelope_id: message.envelope_id, ...(message.payload === undefined ? {} : { payload: message.payload }) });
      });
      socket.send(
        JSON.stringify({
          type: "hello",
          num_connections: 1,
          debug_info: { host: "fake-socket-mode", approximate_connection_time: 18060 },
          connection_info: { app_id: "A1" },
        }),
      );
    });
    this.url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/link/?ticket=fake`;
    return this.url;
  }

  /** Waits until the client holds its `count`-th connection open. */
  async waitForConnection(count: number): Promise<void> {
    await vi.waitFor(
      () => {
        if (this.connections < count || this.#current?.readyState !== WebSocket.OPEN) throw new Error(`${this.connections} of ${count} connections`);
      },
      { timeout: 15_000, interval: 20 },
    );
  }

  /** Sends an envelope on the current connection; returns its envelope id. */
  send(type: EnvelopeType, payload: Record<string, unknown>, options: { envelopeId?: string; retryAttempt?: number } = {}): string {
    if (this.#current?.readyState !== WebSocket.OPEN) throw new Error("no open Socket Mode connection");
    const envelope: Envelope = {
      envelope_id: options.envelopeId ?? randomUUID(),
      type,
      payload,
      accepts_response_payload: type !== "events_api",
      ...(options.retryAttempt ? { retry_attempt: options.retryAttempt, retry_reason: "timeout" } : {}),
    };
    this.sent.push(envelope);
    this.#current.send(JSON.stringify(envelope));
    return envelope.envelope_id;
  }

  /** Waits for the client's acknowledgement of an envelope. */
  async waitForAck(envelopeId: string): Promise<Ack> {
    return vi.waitFor(
      () => {
        const ack = this.acks.find((a) => a.envelope_id === envelopeId);
        if (!ack) throw new Error(`envelope ${envelopeId} not acknowledged`);
        return ack;
      },
      { timeout: 10_000, interval: 20 },
    );
  }

  /** Asks the client to move to a new connection, as Slack does every few hours (`{"type":"disconnect"}`). */
  askToReconnect(): void {
    this.#current?.send(JSON.stringify({ type: "disconnect", reason: "refresh_requested", debug_info: { host: "fake-socket-mode" } }));
  }

  /** Drops the current connection without a close handshake, as a network cut or a recycled Slack host does. */
  drop(): void {
    this.#current?.terminate();
  }

  async close(): Promise<void> {
    for (const socket of this.#server?.clients ?? []) socket.terminate();
    await new Promise<void>((resolve) => (this.#server ? this.#server.close(() => resolve()) : resolve()));
  }
}
