import type { FlowResolver, Locale, LocalizedText, Urgency } from "../../flows/index.js";
import type { DraftMessage } from "./chatMessage.js";
import type { AuditDraft, Effect, HandoffDraft, Ids, SessionRecord } from "./ports.js";

/** An emergency number as the deployment configures it (bot/config/emergencyNumbers.json). */
export interface EmergencyNumberConfig {
  number: string;
  label: { fr: string; en: string };
}

/** The part of the deployment's configuration a turn reads. */
export interface EngineConfig {
  /** Shown first on every EMERGENCY outcome, and in the greeting. */
  emergencyNumbers: EmergencyNumberConfig[];
  /** Hand-off SLA per urgency level, in minutes. */
  slaMinutes: Partial<Record<Urgency, number>>;
  /** Mental-health crisis lines of the deployment's country, shown with mental-health outcomes (bot/config/emergencyNumbers.json). */
  crisisLines?: EmergencyNumberConfig[];
  /** The deployment's level labels (console settings); a flow's own labels take precedence, the built-in ones fill gaps. */
  urgencyLabels?: Partial<Record<Urgency, { fr: string; en: string }>>;
}

/**
 * What a pure turn may read besides the session and the event: the flows (already compiled and
 * preloaded), the time of the turn and the configuration. Given the same context, a turn gives
 * the same outcome, which is what makes a session replayable from its audit log.
 */
export interface TurnContext {
  resolver: FlowResolver;
  now: Date;
  config: EngineConfig;
  /** The channel's idempotency key for the inbound message, recorded in `patient.inbound`. */
  clientMessageId?: string;
  /** Not read by the pure turn (it needs no fresh ids); accepted so callers can pass one context around. */
  ids?: Ids;
}

/** Everything a turn produces, as data; the service commits it and then performs the effects. */
export interface TurnOutcome {
  session: SessionRecord;
  messages: DraftMessage[];
  effects: Effect[];
  audit: AuditDraft[];
  handoff?: HandoffDraft;
  /** The hand-off's first reason in every language the flow has: what the case stores (see HandoffCommit). */
  firstReasonText?: LocalizedText;
}

/** What a new session needs: its id (from Ids), the entry flow, the language and the channel name. */
export interface StartSessionInput {
  id: string;
  flow: string;
  locale: Locale;
  channel: string;
}
