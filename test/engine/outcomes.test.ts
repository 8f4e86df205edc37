import { describe, expect, it } from "vitest";
import type { Urgency } from "../../flows/index.js";
import type { Effect } from "../../bot/engine/ports.js";
import { takeTurn } from "../../bot/engine/takeTurn.js";
import { advance, botBodies, contextAt, fixtureResolver, NOW, startFlow } from "./engineHarness.js";
import { SCRIPTS } from "./fixtures/everyKindFlow.js";

const LAST_ANSWER_AT = new Date("2026-03-02T11:00:00.000Z");

/** Plays a script up to its last answer, then the last answer at a fixed time, and returns that turn. */
function finish(urgency: Urgency, locale: "fr" | "en" = "en") {
  const resolver = fixtureResolver();
  const script = SCRIPTS[urgency];
  const before = advance(startFlow("every-kind", locale, resolver).session, script.slice(0, -1), resolver);
  return takeTurn(contextAt(LAST_ANSWER_AT, resolver), before, { type: "answer", value: script.at(-1) });
}

const effectTypes = (effects: Effect[]) => effects.map((e) => e.type);
const minutesAfter = (minutes: number) => new Date(LAST_ANSWER_AT.getTime() + minutes * 60_000).toISOString();

describe("the outcome of a session", () => {
  const table: { urgency: Urgency; sla?: number; status: string; effects: string[] }[] = [
    { urgency: "EMERGENCY", sla: 5, status: "handoff", effects: ["red_flag", "outcome_decided", "handoff_requested"] },
    { urgency: "URGENT", sla: 15, status: "handoff", effects: ["outcome_decided", "handoff_requested"] },
    { urgency: "SOON", sla: 240, status: "handoff", effects: ["outcome_decided", "handoff_requested"] },
    { urgency: "ROUTINE", status: "completed", effects: ["outcome_decided"] },
    { urgency: "SELF_CARE", status: "completed", effects: ["outcome_decided"] },
  ];

  it.each(table)("at $urgency gives effects $effects and status $status", ({ urgency, sla, status, effects }) => {
    const turn = finish(urgency);
    expect(effectTypes(turn.effects)).toEqual(effects);
    expect(turn.session.status).toBe(status);
    expect(turn.session.urgency).toBe(urgency);
    const outcome = botBodies(turn).find((b) => b.kind === "outcome");
    expect(outcome?.kind === "outcome" && outcome.outcome.urgency).toBe(urgency);
    if (sla === undefined) {
      expect(turn.handoff).toBeUndefined();
      expect(botBodies(turn).some((b) => b.kind === "handoff")).toBe(false);
      expect(turn.audit.some((a) => a.type === "handoff.requested")).toBe(false);
    } else {
      // The case keeps the routing the outcome decided (issue 24): the console shows it, never recomputes it.
      const decided = turn.effects.find((e): e is Extract<Effect, { type: "outcome_decided" }> => e.type === "outcome_decided");
      expect(decided?.result.routing).toBeTruthy();
      expect(turn.handoff).toMatchObject({ urgency, cause: "outcome", slaDeadline: minutesAfter(sla), routing: decided?.result.routing });
      expect(turn.effects.at(-1)).toMatchObject({ type: "handoff_requested", urgency, cause: "outcome", slaMinutes: sla });
      expect(turn.audit.find((a) => a.type === "handoff.requested")?.payload).toMatchObject({ urgency, slaMinutes: sla, slaDeadline: minutesAfter(sla) });
    }
  });

  it.each(["en", "fr"] as const)("at EMERGENCY shows the emergency numbers first, before the outcome card (%s)", (locale) => {
    const turn = finish("EMERGENCY", locale);
    const bodies = botBodies(turn);
    expect(bodies[0]).toEqual({
      kind: "emergency",
      text: locale === "en" ? "Call now: 15 or 112." : "Appelez maintenant le 15 ou le 112.",
      numbers: [
        { number: "15", label: locale === "en" ? "SAMU (medical emergency)" : "SAMU" },
        { number: "112", label: locale === "en" ? "European emergency number" : "Numéro d'urgence européen" },
      ],
    });
    expect(bodies.map((b) => b.kind)).toEqual(["emergency", "outcome", "handoff"]);
    const card = bodies[1]!;
    expect(card.kind === "outcome" && card.outcome.emergencyNumbers?.map((n) => n.number)).toEqual(["15", "112"]);
  });

  it("at EMERGENCY puts the emergency numbers before information the flow passes through on the way", () => {
    const resolver = fixtureResolver();
    // 42.5 °C: the decision rule, not a red flag; the info node "thanks" comes between.
    const before = advance(startFlow("every-kind", "en", resolver).session, [true, 42.5, "head", "1 day", ["none"]], resolver);
    const turn = takeTurn(contextAt(NOW, resolver), before, { type: "text", text: "rien" });
    expect(botBodies(turn).map((b) => b.kind)).toEqual(["emergency", "outcome", "handoff"]);
    expect(turn.handoff?.firstReason).toBe("Temperature ≥ 42 °C");
  });

  it("describes the outcome with the urgency label, what happens next, advice and safety-netting in the session language", () => {
    const card = botBodies(finish("URGENT", "fr")).find((b) => b.kind === "outcome");
    expect(card).toEqual({
      kind: "outcome",
      outcome: {
        urgency: "URGENT",
        urgencyLabel: "Urgent",
        routing: "on_call_clinician",
        title: "Urgent",
        nextSteps: "Un soignant a été prévenu et doit vous contacter dans les 15 minutes. Gardez cette page ouverte.",
        advice: "Un soignant va appeler",
        safetyNet: "Si ça empire, appelez le 15",
      },
    });
  });

  it("records the decision in the audit with the rules that fired and the answers they read", () => {
    const turn = finish("SOON");
    const decided = turn.audit.find((a) => a.type === "outcome.decided")!.payload as { reasons: { rule: string; answers: unknown[] }[] };
    expect(decided).toMatchObject({ flow: "every-kind", version: 1, outcome: "soon", urgency: "SOON", routing: "same_day_teleconsultation", redFlag: null });
    expect(decided.reasons).toContainEqual({
      flow: "every-kind",
      rule: "fever_belly",
      kind: "decision",
      node: "decide",
      answers: [
        { id: "fever", value: true },
        { id: "where", value: "belly" },
      ],
    });
  });

  it("ends the flow at once when a red flag fires, without asking the remaining questions", () => {
    const turn = finish("EMERGENCY");
    expect(turn.session.state.frames[0]!.snapshot.status).toBe("done");
    expect(botBodies(turn).some((b) => b.kind === "question")).toBe(false);
    expect(turn.effects[0]).toEqual({ type: "red_flag", flow: "every-kind", flag: "stiff_neck" });
    expect(turn.audit.find((a) => a.type === "red_flag.fired")?.payload).toEqual({
      flow: "every-kind",
      version: 1,
      flag: "stiff_neck",
      outcome: "emergency",
      answers: [{ id: "signs", value: ["stiff_neck"] }],
    });
  });

  it("fires a red flag on typed free text", () => {
    const resolver = fixtureResolver();
    const before = advance(startFlow("every-kind", "fr", resolver).session, SCRIPTS.SELF_CARE.slice(0, -1), resolver);
    const turn = takeTurn(contextAt(NOW, resolver), before, { type: "text", text: "idées de suicide" });
    expect(turn.effects.map((e) => e.type)).toEqual(["red_flag", "outcome_decided", "handoff_requested"]);
    expect(botBodies(turn)[0]!.kind).toBe("emergency");
  });

  it("answers any later message with a notice that the questionnaire is finished", () => {
    const resolver = fixtureResolver();
    const done = advance(startFlow("every-kind", "en", resolver).session, SCRIPTS.ROUTINE, resolver);
    const turn = takeTurn(contextAt(NOW, resolver), done, { type: "answer", value: "yes" });
    expect(botBodies(turn)).toEqual([
      {
        kind: "notice",
        text: "This questionnaire is finished. If you are worried or things change, ask to talk to a clinician; in an emergency, call 15 or 112.",
      },
    ]);
    expect(turn.session.state).toEqual(done.state);
    expect(turn.audit.at(-1)).toEqual({ type: "answer.rejected", payload: { question: null, problem: "no_question" } });
  });

  it("keeps a message sent during a hand-off for the clinician, without a bot reply", () => {
    const resolver = fixtureResolver();
    const inHandoff = advance(startFlow("every-kind", "en", resolver).session, SCRIPTS.URGENT, resolver);
    const turn = takeTurn(contextAt(NOW, resolver), inHandoff, { type: "text", text: "I feel worse" });
    expect(turn.messages).toEqual([{ author: "patient", body: { kind: "text", text: "I feel worse" } }]);
  });
});
