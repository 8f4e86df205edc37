import type { FlowResolver, Locale, LocalizedText } from "../../flows/index.js";
import type { ChatBody, QuestionView } from "./chatMessage.js";
import { startSessionTurn } from "./startSessionTurn.js";
import type { EngineConfig } from "./turnContext.js";

/** What a new session of a flow says first, in one language: its bot messages, the last of them the question it waits on. */
export interface FirstTurnText {
  messages: ChatBody[];
  question: QuestionView;
}

/** A flow's latest published version as a new session would start it, in one language. */
export interface FirstTurnPreview {
  flow: string;
  version: number;
  /** The flow's title, as that version has it (the chat page's heading and title). */
  title: LocalizedText;
  locale: Locale;
  /** Undefined when the flow does not open with a question. */
  turn?: FirstTurnText;
}

/**
 * Given a resolver holding a flow's latest version, returns what its start turn says in `locale`,
 * computed by that turn itself (pure; nothing stored), so the chat page can render the first
 * question on the server (issue 24, 4b) without drifting from what a session will ask, and the
 * versions of the flows that turn went through. Undefined when the flow has no published version.
 */
export function previewFirstTurn(
  resolver: FlowResolver,
  flow: string,
  locale: Locale,
  config: EngineConfig,
  now: Date,
): { preview: FirstTurnPreview; pins: { slug: string; version: number }[] } | undefined {
  const latest = resolver.latest(flow);
  if (!latest) return undefined;
  const outcome = startSessionTurn({ resolver, now, config }, { id: "preview", flow, locale, channel: "web" });
  const messages = outcome.messages.map((m) => m.body);
  const last = messages.at(-1);
  const preview: FirstTurnPreview = {
    flow,
    version: outcome.session.flowVersion,
    title: latest.flow.title,
    locale,
    ...(last?.kind === "question" ? { turn: { messages, question: last.question } } : {}),
  };
  return { preview, pins: outcome.session.state.frames.map((f) => ({ slug: f.slug, version: f.version })) };
}

/**
 * Previews kept per flow, language and settings, valid while every flow their start turn went
 * through is still at the same latest version: each chat page load reads one instead of running
 * the start turn again. A start turn reads no clock (it only stamps the session), so a preview
 * stays true until a publication or a settings save changes it.
 */
export class FirstTurnPreviews {
  readonly #kept = new Map<string, { preview: FirstTurnPreview; pins: { slug: string; version: number }[] }>();

  constructor(private readonly config: EngineConfig) {}

  get(resolver: FlowResolver, flow: string, locale: Locale, now: Date): FirstTurnPreview | undefined {
    if (!resolver.latest(flow)) return undefined;
    const key = `${flow}\u0000${locale}\u0000${settingsKey(this.config)}`;
    const kept = this.#kept.get(key);
    if (kept && kept.pins.every((pin) => resolver.latest(pin.slug)?.flow.version === pin.version)) return kept.preview;
    const fresh = previewFirstTurn(resolver, flow, locale, this.config, now);
    if (!fresh) return undefined;
    // Bounded: only published flows get here, but their count and the settings saves are not.
    if (this.#kept.size >= 1_000) this.#kept.clear();
    this.#kept.set(key, fresh);
    return fresh.preview;
  }
}

/** The settings' current values a start turn can read (the config's fields are live getters). */
function settingsKey(config: EngineConfig): string {
  return JSON.stringify([config.emergencyNumbers, config.slaMinutes, config.urgencyLabels ?? null, config.crisisLines ?? null]);
}
