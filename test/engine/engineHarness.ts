import { compileFlow, resolverOf, type FlowResolver, type Locale } from "../../flows/index.js";
import type { ChatBody } from "../../bot/engine/chatMessage.js";
import type { InboundEvent, SessionRecord } from "../../bot/engine/ports.js";
import { startSessionTurn } from "../../bot/engine/startSessionTurn.js";
import { takeTurn } from "../../bot/engine/takeTurn.js";
import type { EngineConfig, TurnContext, TurnOutcome } from "../../bot/engine/turnContext.js";
import { tinyFlow } from "../fixtures/tinyFlow.js";
import { entryFlow, everyKindFlow } from "./fixtures/everyKindFlow.js";

/** A fixed instant: every deadline in the tests is computed from it. */
export const NOW = new Date("2026-03-02T10:00:00.000Z");

export const TEST_CONFIG: EngineConfig = {
  emergencyNumbers: [
    { number: "15", label: { fr: "SAMU", en: "SAMU (medical emergency)" } },
    { number: "112", label: { fr: "Numéro d'urgence européen", en: "European emergency number" } },
  ],
  slaMinutes: { EMERGENCY: 5, URGENT: 15, SOON: 240 },
};

export const tinyResolver = (): FlowResolver => resolverOf([compileFlow(tinyFlow())]);

export function contextAt(now: Date = NOW, resolver: FlowResolver = tinyResolver(), clientMessageId = "m"): TurnContext {
  return { resolver, now, config: TEST_CONFIG, clientMessageId };
}

/** Starts a tiny session in a locale and returns its first turn. */
export function startTiny(locale: Locale = "en", resolver: FlowResolver = tinyResolver()): TurnOutcome {
  return startSessionTurn(contextAt(NOW, resolver, "m0"), { id: "s1", flow: "tiny", locale, channel: "test" });
}

/** Plays events one after the other (one minute apart) and returns every turn. */
export function play(session: SessionRecord, events: InboundEvent[], resolver: FlowResolver = tinyResolver()): TurnOutcome[] {
  const turns: TurnOutcome[] = [];
  let current = session;
  events.forEach((event, i) => {
    const turn = takeTurn(contextAt(new Date(NOW.getTime() + (i + 1) * 60_000), resolver, `m${i + 1}`), current, event);
    turns.push(turn);
    current = turn.session;
  });
  return turns;
}

export const kinds = (turn: TurnOutcome): string[] => turn.messages.map((m) => `${m.author}:${m.body.kind}`);
export const botBodies = (turn: TurnOutcome): ChatBody[] => turn.messages.filter((m) => m.author === "bot").map((m) => m.body);
export const auditTypes = (turn: TurnOutcome): string[] => turn.audit.map((a) => a.type);

/** The question the last bot message of the turn asks, if it asks one. */
export function askedQuestion(turn: TurnOutcome): string | undefined {
  const last = botBodies(turn)
    .filter((b) => b.kind === "question")
    .at(-1);
  return last?.kind === "question" ? last.question.questionId : undefined;
}

/** A resolver over tiny, every-kind and entry (which hands over to both). */
export const fixtureResolver = (): FlowResolver => resolverOf([compileFlow(tinyFlow()), compileFlow(everyKindFlow()), compileFlow(entryFlow())]);

/** Starts a session of any fixture flow. */
export function startFlow(flow: string, locale: Locale = "en", resolver: FlowResolver = fixtureResolver()): TurnOutcome {
  return startSessionTurn(contextAt(NOW, resolver, "m0"), { id: "s1", flow, locale, channel: "test" });
}

/** Answers with raw button values, one turn each, and returns the session after the last one. */
export function advance(session: SessionRecord, values: readonly unknown[], resolver: FlowResolver = fixtureResolver()): SessionRecord {
  return (
    play(
      session,
      values.map((value) => ({ type: "answer", value }) as InboundEvent),
      resolver,
    ).at(-1)?.session ?? session
  );
}

/** Answers with raw button values, one turn each, and returns the last turn. */
export function answerAll(session: SessionRecord, values: readonly unknown[], resolver: FlowResolver = fixtureResolver()): TurnOutcome {
  const turns = play(
    session,
    values.map((value) => ({ type: "answer", value }) as InboundEvent),
    resolver,
  );
  if (turns.length === 0) throw new Error("answerAll needs at least one answer");
  return turns.at(-1)!;
}
