import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WsClient } from "./wsClient.js";
import { webHarness, type WebHarness } from "./webHarness.js";

/*
 * Issue 23: a `start` is identified by the client that sent it (a key its page draws from a CSPRNG)
 * and its message id. Message ids are chosen by clients, so the same id from another connection
 * must never join an existing session; the same client sending its start again (its
 * acknowledgement was lost) gets the same session back, and nobody else does.
 */

let h: WebHarness;
beforeAll(async () => {
  h = await webHarness();
});
afterAll(async () => h?.close());

/** What the chat page draws once per page: 16 bytes from a CSPRNG, base64url. */
const clientKey = () => randomBytes(16).toString("base64url");

const startFrame = (id: string, client?: string) => ({ v: 1, type: "start", id, flow: "tiny", locale: "en", ...(client ? { client } : {}) });

/** Sends a start on a new connection and returns what the server bound it to, with the first turn's messages. */
async function startOn(client: WsClient, id: string) {
  const session = await client.next("session");
  const ack = await client.next("ack", (m) => m.replyTo === id);
  return { session, ack, seqs: client.drain("message").map((m) => m.seq) };
}

describe("starting a session over the web channel", () => {
  it.each([
    ["each with its own client key", true],
    ["from a page that sends no client key", false],
  ])("gives two connections that send the same start id at the same moment separate sessions, 60 times out of 60 (%s)", async (_name, withKey) => {
    const pairs: [string, string][] = [];
    for (let trial = 0; trial < 60; trial += 1) {
      const [a, b] = await Promise.all([WsClient.connect(h.url), WsClient.connect(h.url)]);
      const id = `same-start-${withKey ? "k" : "n"}-${trial}`;
      a.send(startFrame(id, withKey ? clientKey() : undefined));
      b.send(startFrame(id, withKey ? clientKey() : undefined));
      const [fromA, fromB] = await Promise.all([startOn(a, id), startOn(b, id)]);
      pairs.push([fromA.session.sessionId, fromB.session.sessionId]);
      expect(fromA.session.resumeToken).not.toBe(fromB.session.resumeToken);
      await Promise.all([a.close(), b.close()]);
    }
    expect(pairs.filter(([x, y]) => x === y)).toEqual([]);
    expect(new Set(pairs.flat()).size).toBe(120);
  });

  it("returns the same session, resume token and messages to the same client re-sending its start on a new connection, and only to it", async () => {
    const key = clientKey();
    const first = await WsClient.connect(h.url);
    first.send(startFrame("start-lost-ack", key));
    const original = await startOn(first, "start-lost-ack");
    // The acknowledgement never reached the page: its connection dropped, it reconnects and sends the start again.
    await first.close();

    const again = await WsClient.connect(h.url);
    again.send(startFrame("start-lost-ack", key));
    const retried = await startOn(again, "start-lost-ack");
    expect(retried.session.sessionId).toBe(original.session.sessionId);
    expect(retried.session.resumeToken).toBe(original.session.resumeToken);
    expect(retried.seqs).toEqual(original.seqs);
    expect((await h.transcript(original.session.sessionId)).map((m) => m.seq)).toEqual(original.seqs);

    const stranger = await WsClient.connect(h.url);
    stranger.send(startFrame("start-lost-ack", clientKey()));
    const other = await startOn(stranger, "start-lost-ack");
    expect(other.session.sessionId).not.toBe(original.session.sessionId);
    await Promise.all([again.close(), stranger.close()]);
  });

  it("starts one session when the same client's start arrives on two connections at the same moment", async () => {
    const key = clientKey();
    const [a, b] = await Promise.all([WsClient.connect(h.url), WsClient.connect(h.url)]);
    a.send(startFrame("start-twice", key));
    b.send(startFrame("start-twice", key));
    const [fromA, fromB] = await Promise.all([startOn(a, "start-twice"), startOn(b, "start-twice")]);
    expect(fromB.session.sessionId).toBe(fromA.session.sessionId);
    expect(fromB.seqs).toEqual(fromA.seqs);
    expect((await h.transcript(fromA.session.sessionId)).map((m) => m.seq)).toEqual(fromA.seqs);
    await Promise.all([a.close(), b.close()]);
  });

  it("refuses a client key too short to be drawn from a CSPRNG, with a coded error, and the connection stays usable", async () => {
    const client = await WsClient.connect(h.url);
    const { end } = await client.turn(startFrame("weak-key", "abc123"));
    expect(end).toMatchObject({ type: "error", code: "TRIAGE_BAD_FRAME", replyTo: "weak-key" });
    client.send(startFrame("good-key", clientKey()));
    await expect(startOn(client, "good-key")).resolves.toMatchObject({ ack: { replyTo: "good-key" } });
    await client.close();
  });
});
