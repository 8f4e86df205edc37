import type { BusEvent, Effect } from "./ports.js";

/*
 * What the service does after a turn is committed, driven by the effects the pure turn returned
 * (issue 22): one handler per kind of effect, in one table, so a new kind of effect is added here
 * and the compiler asks for its handler. The turn's messages are published by the service itself
 * (every commit has them, staff turns included, numbered only once stored).
 */

/** What an effect's handler may do: publish on the bus, and tell the process a hand-off case opened. */
export interface EffectActions {
  publish(event: BusEvent): void;
  /** A hand-off case opened for this session (the composition root starts the LLM case summary there). */
  handoffOpened?(sessionId: string): void;
}

type EffectHandlers = { [K in Effect["type"]]: (effect: Extract<Effect, { type: K }>, sessionId: string, act: EffectActions) => void };

const HANDLERS: EffectHandlers = {
  // The case was opened in the turn's own transaction: clinicians' screens and channels hear of it, then the process.
  handoff_requested: (effect, sessionId, act) => {
    act.publish({ type: "handoff.opened", sessionId, urgency: effect.urgency, slaDeadline: effect.slaDeadline, openedAt: effect.openedAt });
    act.handoffOpened?.(sessionId);
  },
  // Recorded in the turn's audit events (outcome.decided, red_flag.fired, flow.chained), which the commit wrote: nothing more after it.
  outcome_decided: () => {},
  red_flag: () => {},
  flow_chained: () => {},
};

/** Given a committed turn's effects, performs each one, in the order the turn produced them. */
export function performEffects(effects: readonly Effect[], sessionId: string, act: EffectActions): void {
  for (const effect of effects) (HANDLERS[effect.type] as (effect: Effect, sessionId: string, act: EffectActions) => void)(effect, sessionId, act);
}
