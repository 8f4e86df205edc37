import { z } from "zod";
import { LOCALES, URGENCY_LEVELS, sessionResult, type FlowResolver, type TriageResult, type Urgency } from "../../flows/index.js";
import { TriageError } from "../errors.js";
import type { AuditDraft, InboundEvent, SessionRecord } from "./ports.js";
import { startSessionTurn } from "./startSessionTurn.js";
import { takeTurn } from "./takeTurn.js";
import type { EngineConfig } from "./turnContext.js";

/** An audit event as read back from a store: only type, payload and time matter to a replay. */
export interface RecordedAuditEvent {
  type: string;
  payload: unknown;
  at?: string | Date;
}

export interface ReplayResult {
  session: SessionRecord;
  result?: TriageResult;
  /** Every audit event the replayed turns produced, in order (comparable with the recorded ones). */
  audit: AuditDraft[];
  turns: number;
}

/**
 * Used when the caller passes no configuration. Emergency numbers and labels only change what the
 * patient reads, never the audit; the SLA of every hand-off is read from the session's own record
 * (see slaInForce), so a replay does not depend on the settings of whoever runs it.
 */
const REPLAY_CONFIG: EngineConfig = { emergencyNumbers: [], slaMinutes: { EMERGENCY: 5, URGENT: 15, SOON: 240 } };

// Stored payloads come from outside the process: parsed once here (STYLE.md practice 8).
const startedSchema = z.object({
  sessionId: z.string(),
  flow: z.string(),
  version: z.number().int(),
  locale: z.enum(LOCALES),
  channel: z.string(),
});
const inboundSchema = z.object({
  event: z.looseObject({ type: z.enum(["start", "answer", "text", "ask_human", "set_locale", "back"]) }),
  clientMessageId: z.string().nullable(),
  at: z.string().optional(),
});
const chainedSchema = z.object({ to: z.string(), version: z.number().int() });
const handoffSchema = z.object({ urgency: z.enum(URGENCY_LEVELS), slaMinutes: z.number().positive() });

interface RecordedTurn {
  event: InboundEvent;
  clientMessageId: string | undefined;
  at: Date;
  /** The flow versions this turn chained into, as recorded: a replay chains into the same ones. */
  pins: Map<string, number>;
  /** The SLA minutes in force when the turn was taken, per level, as its hand-off recorded them. */
  sla: Partial<Record<Urgency, number>>;
}

/**
 * Given the flows (every version the session used) and a session's audit events, re-runs each
 * recorded `patient.inbound` through the pure turn, with the recorded times and the recorded flow
 * versions, and returns the final session, its result and the audit the replay produced.
 */
export function replaySession(resolver: FlowResolver, events: readonly RecordedAuditEvent[], options: { config?: EngineConfig } = {}): ReplayResult {
  const config = options.config ?? REPLAY_CONFIG;
  const startedEvent = events.find((e) => e.type === "session.started");
  if (!startedEvent) throw new TriageError("TRIAGE_SESSION_NOT_FOUND", "no session.started event in the audit stream");
  const started = startedSchema.parse(startedEvent.payload);
  const [first, ...rest] = recordedTurns(events);
  if (!first || first.event.type !== "start") throw new TriageError("TRIAGE_INTERNAL", "the audit stream does not begin with the session's start");

  first.pins.set(started.flow, started.version);
  const contextOf = (turn: RecordedTurn) => ({
    resolver: pinned(resolver, turn.pins),
    now: turn.at,
    config: slaInForce(config, turn),
    ...(turn.clientMessageId === undefined ? {} : { clientMessageId: turn.clientMessageId }),
  });
  const opening = startSessionTurn(contextOf(first), { id: started.sessionId, flow: started.flow, locale: started.locale, channel: started.channel });
  let session = opening.session;
  const audit = [...opening.audit];
  for (const turn of rest) {
    const outcome = takeTurn(contextOf(turn), session, turn.event);
    session = outcome.session;
    audit.push(...outcome.audit);
  }
  const result = sessionResult(resolver, session.state);
  return { session, ...(result ? { result } : {}), audit, turns: rest.length + 1 };
}

function recordedTurns(events: readonly RecordedAuditEvent[]): RecordedTurn[] {
  const turns: RecordedTurn[] = [];
  for (const event of events) {
    if (event.type === "patient.inbound") {
      const inbound = inboundSchema.parse(event.payload);
      const at = inbound.at ?? (event.at === undefined ? undefined : new Date(event.at).toISOString());
      if (at === undefined) throw new TriageError("TRIAGE_INTERNAL", "a recorded turn has no time");
      turns.push({ event: inbound.event as InboundEvent, clientMessageId: inbound.clientMessageId ?? undefined, at: new Date(at), pins: new Map(), sla: {} });
    } else if (event.type === "flow.chained") {
      const chained = chainedSchema.parse(event.payload);
      turns.at(-1)?.pins.set(chained.to, chained.version);
    } else if (event.type === "handoff.requested") {
      // A record that does not say its SLA leaves the replay's own: the comparison then shows it.
      const handoff = handoffSchema.safeParse(event.payload);
      const turn = turns.at(-1);
      if (handoff.success && turn) turn.sla[handoff.data.urgency] = handoff.data.slaMinutes;
    }
  }
  return turns;
}

/** A resolver whose "latest" is the version recorded for the turn, for the slugs it recorded. */
function pinned(resolver: FlowResolver, pins: ReadonlyMap<string, number>): FlowResolver {
  return {
    latest: (slug) => {
      const version = pins.get(slug);
      return version === undefined ? resolver.latest(slug) : resolver.exact(slug, version);
    },
    exact: (slug, version) => resolver.exact(slug, version),
  };
}

/** The configuration for one replayed turn: the SLA minutes the session recorded for it (settings can change between turns), the rest as given. */
function slaInForce(config: EngineConfig, turn: RecordedTurn): EngineConfig {
  return Object.keys(turn.sla).length === 0 ? config : { ...config, slaMinutes: { ...config.slaMinutes, ...turn.sla } };
}
