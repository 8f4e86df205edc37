import { beforeAll, describe, expect, it } from "vitest";
import type { FakeSocketMode } from "./fakeSocketMode.js";
import { CLINICIANS, textOf, textsAfter } from "./slackHarness.js";
import { useSlackWorld } from "./useSlackWorld.js";
import { blockActions, dmEvent, newEventId, slashCommand } from "./slackPayloads.js";

const world = useSlackWorld({ socketMode: true, userLocales: { USOCK: "en-US", UBTN: "en-US", UCMD: "en-US", UREDO: "en-US", UDROP: "en-US" } });
let socket: FakeSocketMode;

beforeAll(async () => {
  socket = world.socket!;
  await socket.waitForConnection(1);
});

describe("the Slack channel in Socket Mode (SLACK_APP_TOKEN)", () => {
  it("opens its socket with apps.connections.open on the configured Web API and serves no HTTP events", async () => {
    expect(world.api.of("apps.connections.open")).toHaveLength(1);
    const response = await world.post(JSON.stringify({ type: "url_verification", challenge: "c-1" }), "application/json");
    expect(response.status).toBe(404);
  });

  it("answers a patient's DM sent over the socket with the first question, posted with chat.postMessage", async () => {
    const envelope = socket.send("events_api", dmEvent("USOCK", "hello"));
    await socket.waitForAck(envelope);
    const question = await world.waitForText("DUSOCK", "Age?");
    expect(textOf(question)).toContain("Type your answer here");
    expect(textOf(world.posts("DUSOCK")[0]!)).toContain("Hello");
  });

  it("goes on with a typed answer and a button click received over the socket", async () => {
    await socket.waitForAck(socket.send("events_api", dmEvent("UBTN", "hi")));
    await world.waitForText("DUBTN", "Age?");
    await socket.waitForAck(socket.send("events_api", dmEvent("UBTN", "38")));
    const symptoms = await world.waitForText("DUBTN", "Symptoms?");
    await socket.waitForAck(socket.send("interactive", blockActions("UBTN", symptoms, "triage_confirm", world.responseUrl, { option: ["cough"] })));
    const pain = await world.waitForText("DUBTN", "Pain?");
    await socket.waitForAck(socket.send("interactive", blockActions("UBTN", pain, "triage_scale", world.responseUrl, { option: "2" })));
    const outcome = await world.waitForText("DUBTN", "Rest");
    expect(textOf(outcome)).toContain("Self-care");
  });

  it("starts /triage from a slash command envelope, and a yes button makes an URGENT case for the clinicians", async () => {
    await socket.waitForAck(socket.send("slash_commands", slashCommand("UCMD", "urgent-test", world.responseUrl)));
    const question = await world.waitForText("DUCMD", "Is it bad?");
    const before = world.posts(CLINICIANS).length;
    await socket.waitForAck(socket.send("interactive", blockActions("UCMD", question, "triage_answer:yes", world.responseUrl)));
    await world.waitForText("DUCMD", "Stay reachable");
    await world.waitForText(CLINICIANS, "New case: Urgent", before);
  });

  it("acknowledges a redelivered envelope (same event id, retry_attempt) and answers it once", async () => {
    await socket.waitForAck(socket.send("events_api", dmEvent("UREDO", "hi")));
    await world.waitForText("DUREDO", "Age?");
    const before = world.posts("DUREDO").length;
    const eventId = newEventId();
    const event = dmEvent("UREDO", "not a number", eventId);
    await socket.waitForAck(socket.send("events_api", event));
    await world.waitForText("DUREDO", /number/i, before);
    const afterFirst = world.posts("DUREDO").length;

    const redelivered = socket.send("events_api", event, { retryAttempt: 1 });
    await socket.waitForAck(redelivered);
    // Turns of one DM run in order: once the next message is answered, a processed redelivery would have been too.
    await socket.waitForAck(socket.send("events_api", dmEvent("UREDO", "41")));
    await world.waitForText("DUREDO", "Symptoms?", afterFirst);
    expect(textsAfter(world, "DUREDO", afterFirst).filter((text) => /number/i.test(text))).toHaveLength(0);
  });

  it("reconnects after the server drops the socket (a new apps.connections.open) and keeps answering", async () => {
    const opened = world.api.of("apps.connections.open").length;
    socket.drop();
    await socket.waitForConnection(2);
    expect(world.api.of("apps.connections.open").length).toBe(opened + 1);
    await socket.waitForAck(socket.send("events_api", dmEvent("UDROP", "hello")));
    await world.waitForText("DUDROP", "Age?");
  });

  it("keeps trying when apps.connections.open fails after a drop (refused, then Slack down), and reconnects once it answers", async () => {
    const opened = world.api.of("apps.connections.open").length;
    const down = { status: 500, body: { ok: false, error: "internal_error" } };
    // One refusal, then one attempt whose call fails three times (the WebClient retries twice in these tests).
    world.api.script("apps.connections.open", { status: 200, body: { ok: false, error: "invalid_auth" } }, down, down, down);
    socket.drop();
    await socket.waitForConnection(3);
    expect(world.api.of("apps.connections.open").length).toBe(opened + 5);
    world.api.users.set("UBACK", { id: "UBACK", locale: "en-US" });
    await socket.waitForAck(socket.send("events_api", dmEvent("UBACK", "hello")));
    await world.waitForText("DUBACK", "Age?");
  });

  it("moves to a new connection when Slack asks it to (a disconnect message) and keeps answering", async () => {
    const connections = socket.connections;
    socket.askToReconnect();
    await socket.waitForConnection(connections + 1);
    world.api.users.set("UMOVE", { id: "UMOVE", locale: "en-US" });
    await socket.waitForAck(socket.send("events_api", dmEvent("UMOVE", "hello")));
    await world.waitForText("DUMOVE", "Age?");
  });

  it("has acknowledged every envelope it was sent, each once", () => {
    expect(socket.sent.length).toBeGreaterThan(10);
    for (const envelope of socket.sent) expect(socket.acks.filter((a) => a.envelope_id === envelope.envelope_id)).toHaveLength(1);
  });
});
