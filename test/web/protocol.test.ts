import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WsClient } from "./wsClient.js";
import { webHarness, type WebHarness } from "./webHarness.js";

let h: WebHarness;
beforeAll(async () => {
  h = await webHarness();
});
afterAll(async () => h?.close());

let ids = 0;
const nextId = () => `c${++ids}`;

/** Opens a connection and starts a session on the harness flow; returns the client and its session. */
async function started(locale: "fr" | "en" = "en") {
  const client = await WsClient.connect(h.url);
  const id = nextId();
  client.send({ v: 1, type: "start", id, flow: h.flow, locale });
  const session = await client.next("session");
  const ack = await client.next("ack", (m) => m.replyTo === id);
  return { client, session, ack, messages: client.drain("message") };
}

/** The connection still answers a ping and still runs a turn. */
async function expectUsable(client: WsClient) {
  const id = nextId();
  client.send({ v: 1, type: "ping", id });
  await expect(client.next("pong", (m) => m.replyTo === id)).resolves.toMatchObject({ replyTo: id });
}

describe("web protocol over a real socket", () => {
  it("starts a session and replies with the session, the first question and an ack", async () => {
    const { client, session, ack, messages } = await started();
    expect(session).toMatchObject({ type: "session", status: "active", locale: "en" });
    expect(session.resumeToken).toBeTypeOf("string");
    expect(messages.some((m) => m.message.body.kind === "question")).toBe(true);
    expect(messages.map((m) => m.seq)).toEqual([...messages.map((m) => m.seq)].sort((a, b) => a - b));
    expect(ack.status).toBe("active");
    await client.close();
  });

  it.each([
    ["a frame that is not JSON", "{not json", "TRIAGE_BAD_FRAME", undefined],
    ["a frame of an unknown type", { v: 1, type: "dance", id: "u1" }, "TRIAGE_UNKNOWN_MESSAGE_TYPE", "u1"],
    ["a frame with a bad payload", { v: 1, type: "answer", id: "p1", value: { nested: true } }, "TRIAGE_BAD_FRAME", "p1"],
    ["a frame of another protocol version", { v: 7, type: "ping", id: "v7" }, "TRIAGE_BAD_FRAME", "v7"],
  ])("answers %s with a coded error and keeps the connection usable", async (_name, frame, code, replyTo) => {
    const { client } = await started();
    client.send(frame);
    const error = await client.next("error");
    expect(error.code).toBe(code);
    expect(error.replyTo).toBe(replyTo);
    expect(error.text.length).toBeGreaterThan(0);
    await expectUsable(client);
    await client.close();
  });

  it("answers a binary frame with a coded error and keeps the connection usable", async () => {
    const { client } = await started();
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    expect((await client.next("error")).code).toBe("TRIAGE_BAD_FRAME");
    await expectUsable(client);
    await client.close();
  });

  it("answers a frame over WS_MAX_FRAME_BYTES with TRIAGE_FRAME_TOO_LARGE and keeps the connection usable", async () => {
    const { client } = await started();
    client.send({ v: 1, type: "text", id: "big", text: "x".repeat(h.maxFrameBytes) });
    expect((await client.next("error")).code).toBe("TRIAGE_FRAME_TOO_LARGE");
    await expectUsable(client);
    await client.close();
  });

  it("closes with 1009 a frame far over the limit, which ws refuses before reading it", async () => {
    const { client } = await started();
    client.send("x".repeat(h.hardMaxPayload + 1));
    await new Promise<void>((resolve) => client.socket.once("close", () => resolve()));
    expect(client.closeCode).toBe(1009);
  });

  it("refuses a turn for another session with TRIAGE_WRONG_SESSION and keeps the connection usable", async () => {
    const a = await started();
    const b = await started();
    const { end } = await a.client.turn({ id: "wrong1", type: "answer", value: "40", sessionId: b.session.sessionId });
    expect(end).toMatchObject({ type: "error", code: "TRIAGE_WRONG_SESSION", replyTo: "wrong1" });
    const { end: ok } = await a.client.turn({ id: nextId(), type: "answer", value: "40", sessionId: a.session.sessionId });
    expect(ok.type).toBe("ack");
    await Promise.all([a.client.close(), b.client.close()]);
  });

  it("refuses a turn before any session with TRIAGE_SESSION_NOT_FOUND", async () => {
    const client = await WsClient.connect(h.url);
    const { end } = await client.turn({ id: "early", type: "answer", value: "yes" });
    expect(end).toMatchObject({ type: "error", code: "TRIAGE_SESSION_NOT_FOUND" });
    await expectUsable(client);
    await client.close();
  });

  it("answers an unknown flow with TRIAGE_FLOW_NOT_FOUND in the requested language", async () => {
    const client = await WsClient.connect(h.url);
    const { end } = await client.turn({ id: "nf", type: "start", flow: "no-such-flow", locale: "fr" });
    expect(end).toMatchObject({ type: "error", code: "TRIAGE_FLOW_NOT_FOUND" });
    await client.close();
  });

  it("answers errors in the session's language", async () => {
    const { client } = await started("fr");
    client.send("{");
    expect((await client.next("error")).text).toMatch(/illisible/);
    await client.close();
  });

  it("rate-limits a flood with TRIAGE_RATE_LIMITED and keeps serving once it stops", async () => {
    const { client } = await started();
    const burst = h.perConnectionPoints + 5;
    for (let i = 0; i < burst; i++) client.send({ v: 1, type: "ping", id: `f${i}` });
    const limited = await client.next("error", (m) => m.code === "TRIAGE_RATE_LIMITED");
    expect(limited.replyTo).toMatch(/^f\d+$/);
    expect(client.closeCode).toBeUndefined();
    await client.close();
  });

  it("keeps typing signals off the answers' allowance: a busy typist is never told to slow down", async () => {
    const { client } = await started();
    // Far more typing signals than the per-connection allowance, then a real answer.
    for (let i = 0; i < h.perConnectionPoints * 2; i++) client.send({ v: 1, type: "typing", id: `t${i}`, on: i % 2 === 0 });
    const { end } = await client.turn({ id: "after-typing", type: "answer", value: "40" });
    expect(end).toMatchObject({ type: "ack", replyTo: "after-typing" });
    // Typing over its own allowance is dropped without a reply (never an error the page must handle).
    expect(client.drain("error")).toEqual([]);
    expect(client.closeCode).toBeUndefined();
    await client.close();
  });

  it("replies to a repeated client id with the same messages and commits nothing twice", async () => {
    const { client, session } = await started();
    const first = await client.turn({ id: "dup1", type: "answer", value: "40" });
    const again = await client.turn({ id: "dup1", type: "answer", value: "40" });
    expect(first.end.type).toBe("ack");
    expect(again.messages.map((m) => m.message)).toEqual(first.messages.map((m) => m.message));
    const stored = await h.transcript(session.sessionId);
    expect(new Set(stored.map((m) => m.seq)).size).toBe(stored.length);
    expect(stored.filter((m) => m.body.kind === "answer")).toHaveLength(1);
    await client.close();
  });

  it("resumes on a new connection with every missed message, then the current question", async () => {
    const { client, session, messages } = await started();
    const seen = Math.max(...messages.map((m) => m.seq));
    // Answers sent, then the network drops before the replies are read.
    client.send({ v: 1, type: "answer", id: "r1", value: "40" });
    await client.next("ack", (m) => m.replyTo === "r1");
    const missed = client.drain("message").map((m) => m.message);
    client.socket.terminate();

    const back = await WsClient.connect(h.url);
    back.send({ v: 1, type: "resume", id: "res1", resumeToken: session.resumeToken, afterSeq: seen });
    const bound = await back.next("session");
    expect(bound).toMatchObject({ sessionId: session.sessionId, status: "active" });
    const question = await back.next("question");
    const replayed = back.drain("message").map((m) => m.message);
    expect(replayed).toEqual(missed);
    const lastAsked = missed
      .map((m) => m.body)
      .filter((b) => b.kind === "question")
      .at(-1);
    expect(question.question?.questionId).toBe(lastAsked?.question.questionId);
    await back.close();
  });

  it("refuses an unknown resume token with TRIAGE_RESUME_FAILED", async () => {
    const client = await WsClient.connect(h.url);
    const { end } = await client.turn({ id: "rf", type: "resume", resumeToken: "x".repeat(32), afterSeq: 0 });
    expect(end).toMatchObject({ type: "error", code: "TRIAGE_RESUME_FAILED" });
    await expectUsable(client);
    await client.close();
  });

  it("pushes messages committed elsewhere (a clinician's reply) to the session's socket, each once", async () => {
    const { client, session, messages } = await started();
    const seen = messages.at(-1)!.message;
    const reply = { ...seen, seq: seen.seq + 100, author: "clinician" as const, body: { kind: "text" as const, text: "Hello, I am Dr Martin." } };
    await h.publish({ type: "session.messages", sessionId: session.sessionId, messages: [seen, reply] });
    const pushed = await client.next("message");
    expect(pushed.seq).toBe(reply.seq);
    expect(pushed.message.author).toBe("clinician");
    await expectUsable(client);
    expect(client.drain("message")).toEqual([]);
    await client.close();
  });

  it("refuses an upgrade from another site's page", async () => {
    await expect(WsClient.connect(h.url, { origin: "https://evil.example" })).rejects.toThrow(/403/);
  });

  it("closes every socket with 1001 (going away) on shutdown, so pages reconnect and resume", async () => {
    const other = await h.secondServer();
    const client = await WsClient.connect(other.url);
    const closed = new Promise<number>((resolve) => client.socket.once("close", (code) => resolve(code)));
    await other.close();
    expect(await closed).toBe(1001);
  });

  it("terminates a connection that stops answering pings", async () => {
    const dead = await h.withHeartbeat(100, async (url) => {
      const { port, pathname } = new URL(url);
      const socket = connect(Number(port), "127.0.0.1");
      await new Promise<void>((resolve) => socket.once("connect", () => resolve()));
      socket.write(
        `GET ${pathname} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
          `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      );
      // This client reads nothing and never answers a ping: the server must cut it.
      return new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), 3_000);
        socket.once("close", () => (clearTimeout(timer), resolve(true)));
        socket.resume();
      });
    });
    expect(dead).toBe(true);
  });
});
