import { describe, expect, it } from "vitest";
import { compileFlow, resolverOf } from "../../flows/index.js";
import { compareReplay } from "../../bot/engine/compareReplay.js";
import type { InboundEvent } from "../../bot/engine/ports.js";
import { replaySession } from "../../bot/engine/replaySession.js";
import { replayStoredSession } from "../../bot/engine/replayStoredSession.js";
import { startSessionTurn } from "../../bot/engine/startSessionTurn.js";
import { takeTurn } from "../../bot/engine/takeTurn.js";
import type { TurnOutcome } from "../../bot/engine/turnContext.js";
import { economyFlow } from "../flows/fixtures/economyFlow.js";
import { NOW, TEST_CONFIG } from "./engineHarness.js";

const resolver = resolverOf([compileFlow(economyFlow(), { economy: true })]);

/** A patient on the chat: each event one minute after the last; returns every turn. */
function playSession(events: InboundEvent[], options: { economy?: boolean } = {}): TurnOutcome[] {
  const resolver = resolverOf([compileFlow(economyFlow(), { economy: options.economy ?? true })]);
  const first = startSessionTurn(
    { resolver, now: NOW, config: TEST_CONFIG, clientMessageId: "m0" },
    { id: "s-economy", flow: "economy", locale: "fr", channel: "test" },
  );
  const turns = [first];
  for (const [i, event] of events.entries()) {
    const now = new Date(NOW.getTime() + (i + 1) * 60_000);
    turns.push(takeTurn({ resolver, now, config: TEST_CONFIG, clientMessageId: `m${i + 1}` }, turns.at(-1)!.session, event));
  }
  return turns;
}

const asked = (turns: TurnOutcome[]) =>
  turns.flatMap((t) => t.messages.flatMap((m) => (m.author === "bot" && m.body.kind === "question" ? [m.body.question.questionId] : [])));

// Not breathless, lips fine, a major injury, no fever: URGENT is certain after four answers.
const MAJOR_INJURY: InboundEvent[] = [
  { type: "answer", value: false },
  { type: "text", text: "non" },
  { type: "answer", value: "major" },
  { type: "back" },
  { type: "answer", value: "major" },
  { type: "answer", value: false },
];

describe("question economy in the engine", () => {
  it("records each skipped question in the audit with its reason, and the outcome lists them", () => {
    const turns = playSession(MAJOR_INJURY);
    expect(asked(turns)).toEqual(["breathless", "blue_lips", "injury", "fever", "injury", "fever"]);
    const audit = turns.flatMap((t) => t.audit);
    expect(audit.filter((a) => a.type === "question.skipped").map((a) => a.payload)).toEqual([
      { flow: "economy", version: 1, question: "days", reason: "outcome_certain" },
      { flow: "economy", version: 1, question: "confused", reason: "outcome_certain" },
    ]);
    const decided = audit.find((a) => a.type === "outcome.decided")!.payload as Record<string, unknown>;
    expect(decided.urgency).toBe("URGENT");
    expect(decided.skipped).toEqual([
      { flow: "economy", id: "days", reason: "outcome_certain" },
      { flow: "economy", id: "confused", reason: "outcome_certain" },
    ]);
  });

  it("replays a finished session to the same snapshot, outcome and audit, skipped questions included", () => {
    const turns = playSession(MAJOR_INJURY);
    const recorded = turns.flatMap((t, i) => t.audit.map((a) => ({ ...a, at: new Date(NOW.getTime() + i * 60_000).toISOString() })));
    const replay = replaySession(resolver, recorded, { config: TEST_CONFIG });
    const verdict = compareReplay(replay, recorded, turns.at(-1)!.session);
    expect(verdict).toEqual({ sameSnapshot: true, sameOutcome: true, sameAudit: true });
    expect(replay.result?.outcome).toBe("urgent");
  });
});

describe("replaying a stored session with the economy it ran with", () => {
  /** What `triage audit replay` reads: the audit stream with times and the flow version the session used. */
  const replayStored = (turns: TurnOutcome[]) => {
    const events = turns.flatMap((t, i) => t.audit.map((a) => ({ ...a, at: new Date(NOW.getTime() + i * 60_000).toISOString() })));
    return replayStoredSession(
      {
        auditEventsOf: async () => events,
        flowVersion: async (slug, version) => ({ slug, version, definition: economyFlow(), publishedAt: NOW.toISOString() }),
        getSession: async () => turns.at(-1)!.session,
      },
      "s-economy",
      TEST_CONFIG,
    );
  };

  it("replays a session recorded before question economy asking every question, as it ran", async () => {
    const turns = playSession(MAJOR_INJURY, { economy: false });
    expect(asked(turns)).toContain("days");
    expect(turns[0]!.audit.find((a) => a.type === "session.started")!.payload).not.toHaveProperty("economy");
    const { verdict, replay } = await replayStored(turns);
    expect(verdict).toEqual({ sameSnapshot: true, sameOutcome: true, sameAudit: true });
    expect(replay.audit.some((a) => a.type === "question.skipped")).toBe(false);
  });

  it("replays a session recorded with question economy skipping the same questions", async () => {
    const turns = playSession(MAJOR_INJURY);
    expect(turns[0]!.audit.find((a) => a.type === "session.started")!.payload).toMatchObject({ economy: true });
    const { verdict, replay } = await replayStored(turns);
    expect(verdict).toEqual({ sameSnapshot: true, sameOutcome: true, sameAudit: true });
    expect(replay.audit.filter((a) => a.type === "question.skipped")).toHaveLength(2);
  });
});
