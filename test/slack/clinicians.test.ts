import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { ConsoleUser } from "../../bot/auth/authStore.js";
import type { ApiCall } from "./fakeSlackApi.js";
import { CLINICIANS, slackWorld, textOf, type SlackWorld } from "./slackHarness.js";
import { triageUrgent } from "./slackScripts.js";

let world: SlackWorld;
let one: ConsoleUser;
let announcement: ApiCall;
let sessionId: string;

beforeAll(async () => {
  world = await slackWorld();
  world.api.users.set("UPAT", { id: "UPAT", locale: "en-US" });
  world.api.users.set("UC1", { id: "UC1", email: "one@clinic.example" });
  world.api.users.set("UC2", { id: "UC2", email: "two@clinic.example" });
  world.api.users.set("UNOBODY", { id: "UNOBODY", email: "nobody@elsewhere.example" });
  one = await world.clinician("one@clinic.example", "Dr One");
  await world.clinician("two@clinic.example", "Dr Two");
});
afterAll(async () => {
  await world.close();
});

describe("the clinicians' channel", () => {
  it("announces an URGENT case with its urgency, first reason, waiting time and a Take case button", async () => {
    await triageUrgent(world, "UPAT");
    announcement = await world.waitForText(CLINICIANS, "New case: Urgent");
    const text = textOf(announcement);
    expect(text).toContain("First reason: The patient says it is bad");
    expect(text).toContain("Waiting: 0 min");
    expect(text).toContain("Take case");
    sessionId = (await world.runtime.slack!.conversations.current({ user: "UPAT", channel: "DUPAT", team: "T1" }))!.sessionId;
  });

  it("refuses a Slack user without a console account, ephemerally", async () => {
    await world.click("UNOBODY", announcement, "triage_take");
    await vi.waitFor(() => expect(world.api.of("chat.postEphemeral").some((c) => c.args["user"] === "UNOBODY")).toBe(true));
    expect((await world.runtime.console!.cases.queue()).find((c) => c.sessionId === sessionId)?.state).toBe("open");
  });

  it("takes the case with the console's claim, updates the message and tells the patient", async () => {
    await world.click("UC1", announcement, "triage_take");
    await vi.waitFor(() => expect(world.api.of("chat.update", CLINICIANS).map(textOf).join("\n")).toContain("Taken by Dr One"));
    const found = (await world.runtime.console!.cases.queue()).find((c) => c.sessionId === sessionId)!;
    expect(found.state).toBe("claimed");
    expect(found.assignee?.id).toBe(one.id);
    await world.waitForText("DUPAT", "Dr One, a clinician, has joined");
  });

  it("refuses a second click from another clinician", async () => {
    await world.click("UC2", announcement, "triage_take");
    await vi.waitFor(() => {
      const refusal = world.api.of("chat.postEphemeral").find((c) => c.args["user"] === "UC2");
      expect(String(refusal?.args["text"])).toContain("Dr One has already taken this case");
    });
    const found = (await world.runtime.console!.cases.queue()).find((c) => c.sessionId === sessionId)!;
    expect(found.assignee?.id).toBe(one.id);
  });

  it("brings the clinician's console message to the patient's DM, and the patient's reply to the console", async () => {
    const found = (await world.runtime.console!.cases.queue()).find((c) => c.sessionId === sessionId)!;
    await world.runtime.console!.cases.sendMessage(found.id, one, "Hello, can you describe the pain?", "m-1");
    const relayed = await world.waitForText("DUPAT", "Hello, can you describe the pain?");
    expect(textOf(relayed)).toContain("Dr One (clinician)");

    const seen: string[] = [];
    const stop = world.runtime.bus.subscribe((event) => {
      if (event.type === "session.messages" && event.sessionId === sessionId)
        for (const m of event.messages) if (m.body.kind === "text") seen.push(`${m.author}:${m.body.text}`);
    });
    await world.dm("UPAT", "It is sharp, on the left");
    await vi.waitFor(() => expect(seen).toContain("patient:It is sharp, on the left"));
    stop();
    const transcript = await world.transcript(sessionId);
    expect(transcript.map((m) => `${m.author}:${m.body.kind === "text" ? m.body.text : m.body.kind}`)).toEqual(
      expect.arrayContaining(["clinician:Hello, can you describe the pain?", "patient:It is sharp, on the left"]),
    );
    // Audited like the web chat's: the relayed text and the clinician's message in the session's chain.
    const audit = (await world.store.readAuditEvents(sessionId, 0)).map((e) => e.type);
    expect(audit).toEqual(expect.arrayContaining(["clinician.message", "patient.to_clinician"]));
    expect(audit.lastIndexOf("patient.to_clinician")).toBeGreaterThan(audit.lastIndexOf("clinician.message"));
    // The bot stays quiet while the clinician is there: nothing new was posted after the reply.
    expect(textOf(world.posts("DUPAT").at(-1)!)).toContain("Hello, can you describe the pain?");
  });

  it("answers a repeated click (same trigger id) once", async () => {
    world.api.users.set("UDUP", { id: "UDUP", locale: "en-US" });
    await world.command("UDUP", "urgent-test");
    const question = await world.waitForText("DUDUP", "Is it bad?");
    const triggerId = "trigger-dup-1";
    expect((await world.click("UDUP", question, "triage_answer:no", { triggerId })).status).toBe(200);
    expect((await world.click("UDUP", question, "triage_answer:no", { triggerId })).status).toBe(200);
    await world.waitForText("DUDUP", "Rest");
    // A later DM (after the outcome: a new session on the default flow) is answered after any replay would have been.
    await world.dm("UDUP", "hello again");
    await world.waitForText("DUDUP", "Age?");
    expect(world.posts("DUDUP").filter((c) => textOf(c).includes("Rest"))).toHaveLength(1);
  });

  it("posts an SLA breach with the case's urgency and waiting time, with Take case while nobody has it", async () => {
    world.api.users.set("ULATE", { id: "ULATE", locale: "fr-FR" });
    await triageUrgent(world, "ULATE", "fr");
    const late = (await world.runtime.console!.cases.queue()).find((c) => c.state === "open" && c.locale === "fr")!;
    expect(await world.runtime.console!.cases.markBreached(late)).toBe(true);
    const breach = await world.waitForText(CLINICIANS, "Not taken in time");
    expect(textOf(breach)).toContain("Not taken in time: Urgent");
    expect(textOf(breach)).toContain("Take case");
  });

  it("updates an announcement posted before a restart when its case is taken after it", async () => {
    const posted = await announcedUrgentCase("UBOOT");
    await world.restart();
    await world.click("UC2", posted, "triage_take");
    await vi.waitFor(() => expect(updatesOf(posted)).toContain("Taken by Dr Two"));
  });

  it("shows on the announcement who took the case from the console", async () => {
    const posted = await announcedUrgentCase("UCON");
    const sessionOf = (await world.runtime.slack!.conversations.current({ user: "UCON", channel: "DUCON", team: "T1" }))!.sessionId;
    const found = (await world.runtime.console!.cases.queue()).find((c) => c.sessionId === sessionOf)!;
    await world.runtime.console!.cases.claim(found.id, one);
    await vi.waitFor(() => expect(updatesOf(posted)).toContain("Taken by Dr One"));
  });
});

/** An English-speaking patient (Slack user `user`) whose triage ends URGENT: the announcement posted for their case. */
async function announcedUrgentCase(user: string): Promise<ApiCall> {
  world.api.users.set(user, { id: user, locale: "en-US" });
  await world.command(user, "urgent-test");
  const question = await world.waitForText(`D${user}`, "Is it bad?");
  const before = world.posts(CLINICIANS).length;
  await world.click(user, question, "triage_answer:yes");
  return world.waitForText(CLINICIANS, "New case: Urgent", before);
}

/** The texts of every update of one announcement, joined. */
function updatesOf(posted: ApiCall): string {
  return world.api
    .of("chat.update", CLINICIANS)
    .filter((c) => c.args["ts"] === posted.args["ts"])
    .map(textOf)
    .join("\n");
}
