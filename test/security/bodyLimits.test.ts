import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryOf, resetPeakMemory, startRealServer, type RealServer } from "./realServer.js";
import { sendBody } from "./sendBody.js";

const MiB = 1024 * 1024;
const SECRET = "body-limit-test-secret";
let server: RealServer;

beforeAll(async () => {
  // Slack on in HTTP mode: /slack/events is served (nothing is asked of Slack at start).
  server = await startRealServer({ SLACK_BOT_TOKEN: "xoxb-test", SLACK_SIGNING_SECRET: SECRET });
}, 240_000);
afterAll(async () => {
  await server?.stop();
});

/** Runs `send` and returns how much the server's peak resident memory grew meanwhile. */
async function peakGrowth<T>(send: () => Promise<T>): Promise<{ result: T; growth: number }> {
  const before = memoryOf(server.pid).rss;
  resetPeakMemory(server.pid);
  const result = await send();
  return { result, growth: memoryOf(server.pid).peak - before };
}

/** POSTs Slack's url_verification challenge to /slack/events, signed with the server's secret as sent at `timestamp` (seconds). */
function postSignedChallenge(challenge: string, timestamp: number): Promise<Response> {
  const body = JSON.stringify({ type: "url_verification", challenge, token: "x" });
  const signature = `v0=${createHmac("sha256", SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`;
  return fetch(`${server.baseUrl}/slack/events`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-slack-request-timestamp": String(timestamp), "x-slack-signature": signature },
    body,
  });
}

describe("request bodies on the real server", () => {
  it("answers a 256 MiB unsigned body to /slack/events with 413 while its memory grows by under 20 MB", async () => {
    const { result, growth } = await peakGrowth(() => sendBody(`${server.baseUrl}/slack/events`, 256 * MiB));
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toMatchObject({ code: "HTTP_BODY_TOO_LARGE" });
    expect(growth).toBeLessThan(20 * 1_000_000);
  });

  it("answers four 256 MiB bodies sent without a length (chunked) with 413 while its memory grows by under 20 MB", async () => {
    const { result, growth } = await peakGrowth(() =>
      Promise.all([1, 2, 3, 4].map(() => sendBody(`${server.baseUrl}/slack/events`, 256 * MiB, { chunked: true }))),
    );
    expect(result.map((r) => r.status)).toEqual([413, 413, 413, 413]);
    // Each upload was stopped near the limit, not read to its end.
    for (const r of result) expect(r.written).toBeLessThan(64 * MiB);
    expect(growth).toBeLessThan(20 * 1_000_000);
  });

  it("refuses a Slack request timestamped more than five minutes ahead with 401 before reading it", async () => {
    const response = await postSignedChallenge("future", Math.floor(Date.now() / 1000) + 6 * 60);
    expect(response.status).toBe(401);
  });

  it("still answers a well-signed Slack request under the limit", async () => {
    const response = await postSignedChallenge("c-body-limit", Math.floor(Date.now() / 1000));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("c-body-limit");
  });

  it("answers a console API body declared over the limit with 413 before signing in is even checked", async () => {
    const result = await sendBody(`${server.baseUrl}/api/console/cases/any/notes`, 2 * MiB);
    expect(result.status).toBe(413);
    expect(JSON.parse(result.body)).toMatchObject({ code: "HTTP_BODY_TOO_LARGE" });
  });

  it("asks for a length (411) when a sign-in form post is streamed without one, before reading it", async () => {
    const result = await sendBody(`${server.baseUrl}/console/sign-in`, 32 * MiB, {
      chunked: true,
      headers: { "content-type": "application/x-www-form-urlencoded", origin: server.baseUrl },
    });
    expect(result.status).toBe(411);
    expect(JSON.parse(result.body)).toMatchObject({ code: "HTTP_LENGTH_REQUIRED" });
    expect(result.written).toBeLessThan(32 * MiB);
  });

  it("answers a sign-in form post declared over the limit with 413, and one under it as before", async () => {
    const over = await sendBody(`${server.baseUrl}/console/sign-in`, 2 * MiB, {
      headers: { "content-type": "application/x-www-form-urlencoded", origin: server.baseUrl },
    });
    expect(over.status).toBe(413);
    const under = await fetch(`${server.baseUrl}/console/sign-in`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: server.baseUrl, "x-sveltekit-action": "true", accept: "application/json" },
      body: new URLSearchParams({ email: "nobody@example.org", password: "wrong-password-here" }),
    });
    expect(await under.json()).toMatchObject({ type: "failure", status: 400 });
  });
});
