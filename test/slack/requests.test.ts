import { describe, expect, it, vi } from "vitest";
import { textOf } from "./slackHarness.js";
import { expectRetriedDmAnsweredOnce } from "./slackScripts.js";
import { dmEvent } from "./slackPayloads.js";
import { useSlackWorld } from "./useSlackWorld.js";

const world = useSlackWorld({ userLocales: { URETRY: "en-US", UFORGED: "en-US", UOLD: "en-US", U429: "en-US", ULOST: "en-US" } });

describe("requests to /slack/events", () => {
  it("answers a retried event (same event id, X-Slack-Retry-Num) once", async () => {
    await expectRetriedDmAnsweredOnce(world, "URETRY", "41");
  });

  it("refuses a forged signature with 401 and changes nothing", async () => {
    const body = JSON.stringify(dmEvent("UFORGED", "hi", "EvForged1"));
    const response = await world.post(body, "application/json", { secret: "not-the-secret" });
    expect(response.status).toBe(401);
    const command = await world.post(
      new URLSearchParams({ command: "/triage", text: "tiny", user_id: "UFORGED", channel_id: "DUFORGED", team_id: "T1", trigger_id: "t-forged" }).toString(),
      "application/x-www-form-urlencoded",
      { secret: "wrong" },
    );
    expect(command.status).toBe(401);
    // No Slack call about that user (other tests' work may still be going on).
    expect(world.api.calls.filter((c) => JSON.stringify(c.args).includes("UFORGED"))).toHaveLength(0);
    // The same event id, properly signed later, is processed: the forged one was not even remembered.
    const genuine = await world.post(body, "application/json");
    expect(genuine.status).toBe(200);
    await world.waitForText("DUFORGED", "Hello");
  });

  it("refuses a request older than five minutes with 401, even when well signed", async () => {
    const old = Math.floor(Date.now() / 1000) - 6 * 60;
    const body = JSON.stringify(dmEvent("UOLD", "hi", "EvOld1"));
    const response = await world.post(body, "application/json", { timestamp: old });
    expect(response.status).toBe(401);
    // No Slack call about that user (other tests' work may still be going on).
    expect(world.api.calls.filter((c) => JSON.stringify(c.args).includes("UOLD"))).toHaveLength(0);
    // Nothing was started for that user: a fresh, valid DM gets the greeting as its first message, once
    // (had the old request started a session, this DM would have been an answer to its first question).
    await world.dm("UOLD", "hi");
    await world.waitForText("DUOLD", "Age?");
    expect(textOf(world.posts("DUOLD")[0]!)).toContain("Hello");
    expect(world.posts("DUOLD").filter((c) => textOf(c).includes("I am going to ask you"))).toHaveLength(1);
  });

  it("answers Slack's URL verification challenge", async () => {
    const response = await world.post(JSON.stringify({ type: "url_verification", challenge: "c-123", token: "x" }), "application/json");
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("c-123");
  });

  it("retries a rate-limited post (429 with Retry-After) and the patient still gets the question", async () => {
    await world.command("U429", "tiny");
    await world.waitForText("DU429", "Age?");
    world.api.script("chat.postMessage", { status: 429, headers: { "retry-after": "1" }, body: { ok: false, error: "ratelimited" } });
    await world.dm("U429", "33");
    // The fake records the refused attempt, then the retry after Retry-After that went through.
    await vi.waitFor(() => expect(world.api.of("chat.postMessage", "DU429").filter((c) => textOf(c).includes("Symptoms?"))).toHaveLength(2), {
      timeout: 10_000,
    });
  });

  it("logs a post Slack refuses (channel_not_found) and keeps the patient's turn committed", async () => {
    await world.command("ULOST", "tiny");
    await world.waitForText("DULOST", "Age?");
    const sessionId = (await world.runtime.slack!.conversations.current({ user: "ULOST", channel: "DULOST", team: "T1" }))?.sessionId;
    expect(sessionId).toBeDefined();
    world.api.script("chat.postMessage", { status: 200, body: { ok: false, error: "channel_not_found" } });
    const before = world.posts("DULOST").length;
    await world.dm("ULOST", "52");
    await world.waitForPosts("DULOST", before + 1);
    const transcript = await world.transcript(sessionId!);
    expect(transcript.some((m) => m.author === "patient" && m.body.kind === "text" && m.body.text === "52")).toBe(true);
    expect(transcript.some((m) => m.body.kind === "question" && m.body.question.questionId === "symptoms")).toBe(true);
  });

  it("acknowledges /triage at once and does the work after, even when Slack's API is slow", async () => {
    world.api.users.set("USLOW", { id: "USLOW", locale: "en-US" });
    world.api.script("users.info", { status: 200, delayMs: 1_500, body: { ok: true, user: { id: "USLOW", locale: "en-US" } } });
    const started = Date.now();
    const response = await world.command("USLOW", "tiny");
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(1_000);
    await world.waitForText("DUSLOW", "Age?");
  });
});
