import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { compileFlow, resolverOf } from "../../flows/index.js";
import { registerReplayCommand } from "../../bot/cli/replayCommand.js";
import { compareReplay } from "../../bot/engine/compareReplay.js";
import type { InboundEvent } from "../../bot/engine/ports.js";
import { replaySession } from "../../bot/engine/replaySession.js";
import { replayStoredSession } from "../../bot/engine/replayStoredSession.js";
import { tinyFlow } from "../fixtures/tinyFlow.js";
import { TEST_CONFIG } from "./engineHarness.js";
import { entryFlow, everyKindFlow, SCRIPTS } from "./fixtures/everyKindFlow.js";
import { createService } from "./serviceHarness.js";

const start = { flow: "every-kind", locale: "fr" as const, channel: "web", clientMessageId: "c-start" };

/** A session with every kind of event: wrong answers, typed replies, back, a language change, a hand-off. */
const MIXED: InboundEvent[] = [
  { type: "text", text: "peut-être" },
  { type: "text", text: "oui" },
  { type: "answer", value: "abc" },
  { type: "text", text: "38,5" },
  { type: "back" },
  { type: "answer", value: 39 },
  { type: "set_locale", locale: "en" },
  { type: "text", text: "belly" },
  { type: "answer", value: "3 days" },
  { type: "answer", value: ["none", "rash"] },
  { type: "answer", value: ["rash"] },
  { type: "text", text: "nothing" },
  { type: "ask_human" },
];

async function playThroughService(events: InboundEvent[], flow = "every-kind") {
  const harness = createService();
  const { sessionId } = await harness.service.start({ ...start, flow });
  for (const [i, event] of events.entries()) {
    harness.clock.advance(30_000);
    await harness.service.send(sessionId, `c-${i}`, event);
  }
  return { ...harness, sessionId };
}

describe("replaying a finished session from its audit log", () => {
  it.each([
    ["a mixed session ending in a hand-off", MIXED],
    ["an EMERGENCY red flag", SCRIPTS.EMERGENCY.map((value) => ({ type: "answer", value }) as InboundEvent)],
    ["a ROUTINE outcome", SCRIPTS.ROUTINE.map((value) => ({ type: "answer", value }) as InboundEvent)],
  ])("reaches the same snapshot, outcome and audit events: %s", async (_, events) => {
    const { store, sessionId } = await playThroughService(events);
    const { replay, verdict } = await replayStoredSession(store, sessionId, TEST_CONFIG);
    expect(verdict).toEqual({ sameSnapshot: true, sameOutcome: true, sameAudit: true });
    expect(replay.session).toEqual(await store.getSession(sessionId));
  });

  it("reaches the same result from the audit alone (pure), with the recorded times", async () => {
    const { store, sessionId } = await playThroughService(SCRIPTS.URGENT.map((value) => ({ type: "answer", value }) as InboundEvent));
    const events = await store.auditEventsOf(sessionId);
    const resolver = resolverOf([compileFlow(everyKindFlow())]);
    const replay = replaySession(resolver, events, { config: TEST_CONFIG });
    expect(replay.result).toMatchObject({ urgency: "URGENT", outcome: "urgent" });
    expect(replay.turns).toBe(1 + SCRIPTS.URGENT.length);
    expect(replay.audit.find((a) => a.type === "handoff.requested")).toEqual(
      events.find((e) => e.type === "handoff.requested") && {
        type: "handoff.requested",
        payload: events.find((e) => e.type === "handoff.requested")!.payload,
      },
    );
  });

  it("uses the flow versions the session recorded, even after newer ones are published", async () => {
    const { service, store, clock } = createService();
    const { sessionId } = await service.start({ ...start, flow: "entry" });
    store.publishFlow({ ...tinyFlow(), version: 2, title: { fr: "Petit 2", en: "Tiny 2" } });
    clock.advance(60_000); // past the catalog's "latest" cache
    await service.send(sessionId, "c-1", { type: "answer", value: 40 });
    clock.advance(60_000);
    // Going back into entry and answering again chains once more, into the newest tiny.
    await service.send(sessionId, "c-2", { type: "back" });
    const newer = { ...tinyFlow(), version: 3, title: { fr: "Petit 3", en: "Tiny 3" } };
    store.publishFlow(newer);
    clock.advance(60_000);
    await service.send(sessionId, "c-3", { type: "answer", value: 41 });
    const session = await store.getSession(sessionId);
    expect(session?.state.frames.map((f) => `${f.slug}@${f.version}`)).toEqual(["entry@1", "tiny@3"]);

    const { verdict, flows } = await replayStoredSession(store, sessionId, TEST_CONFIG);
    expect(flows.sort()).toEqual(["entry@1", "tiny@2", "tiny@3"]);
    expect(verdict.sameSnapshot).toBe(true);
    expect(verdict.sameAudit).toBe(true);
  });

  it("notices a tampered audit log: the replay no longer reaches the stored snapshot", async () => {
    const { store, sessionId } = await playThroughService(SCRIPTS.SOON.map((value) => ({ type: "answer", value }) as InboundEvent));
    const events = await store.auditEventsOf(sessionId);
    const tampered = events.map((e) =>
      e.type === "patient.inbound" && (e.payload as { event: { value?: unknown } }).event.value === "belly"
        ? { ...e, payload: { ...(e.payload as object), event: { type: "answer", value: "head" } } }
        : e,
    );
    const replay = replaySession(resolverOf([compileFlow(everyKindFlow()), compileFlow(entryFlow())]), tampered, { config: TEST_CONFIG });
    const verdict = compareReplay(replay, tampered, await store.getSession(sessionId));
    expect(verdict.sameSnapshot).toBe(false);
    expect(verdict.sameOutcome).toBe(false);
  });
});

describe("triage audit replay <sessionId>", () => {
  async function run(args: string[], source: Parameters<typeof replayStoredSession>[0]) {
    const out: string[] = [];
    const err: string[] = [];
    let exitCode = -1;
    const program = new Command("triage").exitOverride();
    registerReplayCommand(program, {
      io: { out: (t) => void out.push(t), err: (t) => void err.push(t) },
      setExitCode: (code) => (exitCode = code),
      openSource: async () => source,
      config: TEST_CONFIG,
    });
    await program.parseAsync(["audit", "replay", ...args], { from: "user" });
    return { out: out.join(""), err: err.join(""), exitCode };
  }

  it("prints that the replay reached the same snapshot and outcome, and exits 0", async () => {
    const { store, sessionId } = await playThroughService(SCRIPTS.SOON.map((value) => ({ type: "answer", value }) as InboundEvent));
    const { out, exitCode } = await run([sessionId], store);
    expect(exitCode).toBe(0);
    expect(out).toContain(`session ${sessionId}: 7 turns replayed on every-kind@1`);
    expect(out).toContain("snapshot: same (status handoff)");
    expect(out).toContain("outcome:  same (SOON, same_day_teleconsultation, soon)");
  });

  it("exits 1 when the stored session differs from the replay", async () => {
    const { store, sessionId } = await playThroughService(SCRIPTS.SOON.map((value) => ({ type: "answer", value }) as InboundEvent));
    const source = {
      auditEventsOf: (id: string) => store.auditEventsOf(id),
      flowVersion: (slug: string, version: number) => store.flowVersion(slug, version),
      getSession: async (id: string) => {
        const session = (await store.getSession(id))!;
        return { ...session, urgency: "SELF_CARE" as const };
      },
    };
    const { out, exitCode } = await run([sessionId], source);
    expect(exitCode).toBe(1);
    expect(out).toContain("snapshot: DIFFERENT");
  });

  it("exits 2 with a coded error for an unknown session", async () => {
    const { store } = createService();
    const { err, exitCode } = await run(["nope"], store);
    expect(exitCode).toBe(2);
    expect(err).toContain("TRIAGE_SESSION_NOT_FOUND");
  });
});
