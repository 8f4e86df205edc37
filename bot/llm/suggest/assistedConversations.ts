import { sessionAnswers, sessionQuestion, type FlowResolver, type Locale, type SingleChoiceQuestion } from "../../../flows/index.js";
import type { Conversations } from "../../channels/index.js";
import { signsConfirmationOf } from "../../engine/askNamedSigns.js";
import type { TurnAssistData } from "../../engine/assistSuggestions.js";
import type { FlowCatalog } from "../../engine/flowCatalog.js";
import type { Clock, CommittedTurn, InboundEvent, Json, SessionRecord, Store } from "../../engine/ports.js";
import { takeTurn } from "../../engine/takeTurn.js";
import type { EngineConfig, TurnOutcome } from "../../engine/turnContext.js";
import { askModel, type Asked } from "../askModel.js";
import type { Assist } from "../assist.js";
import type { LiveTranslation } from "../translate/liveTranslation.js";
import { isReadable, replyOf, typedValueSchema, valuePrompt } from "../typed/valuePrompt.js";
import { complaintPrompt, complaintSchema } from "./complaintPrompt.js";
import { signsPrompt, signsSchema } from "./signsPrompt.js";

export interface AssistedConversationsDeps {
  inner: Conversations;
  assist: Assist;
  store: Pick<Store, "getSession">;
  catalog: Pick<FlowCatalog, "resolverForState">;
  clock: Clock;
  config: EngineConfig;
  /** Live-chat translation, with how to know a clinician took the case (the service then relays the patient's text to them). */
  liveChat?: { translation: LiveTranslation; clinicianJoined(sessionId: string): Promise<boolean> };
}

type Reply = Extract<InboundEvent, { type: "answer" | "text" }>;

/**
 * The conversation service with the model's help (issue 21). Before a patient's turn, the pure
 * turn is computed without committing anything, and the model is asked at most one thing:
 * - typed words the parser could not read as the current question's value: what value they give
 *   (shown back for the patient to confirm; `answerParsing`);
 * - a free-text answer whose flow has a signs confirmation: which signs the words may describe
 *   (the flow's confirmation question is then asked; `complaintSuggestions`);
 * - before a single choice reading earlier free text (`suggestFrom`): which options it describes
 *   (shown after the flow's own suggestions; `complaintSuggestions`);
 * - a live-chat message for the clinician who took the case: its language and translation
 *   (`liveTranslation`; relayTurn keeps it with the patient's own words).
 * What it says, validated, is attached to the event with the call's record, so the pure turn
 * uses it and a replay reads it from the audit. The model never answers, and its failure (late,
 * refused, invalid) leaves the turn exactly as without it.
 */
export class AssistedConversations implements Conversations {
  constructor(private readonly deps: AssistedConversationsDeps) {}

  start(input: Parameters<Conversations["start"]>[0]): ReturnType<Conversations["start"]> {
    return this.deps.inner.start(input);
  }

  resume(resumeToken: string, afterSeq: number): ReturnType<Conversations["resume"]> {
    return this.deps.inner.resume(resumeToken, afterSeq);
  }

  async firstTurn(flow: string, locale: Locale): ReturnType<NonNullable<Conversations["firstTurn"]>> {
    return this.deps.inner.firstTurn?.(flow, locale);
  }

  async send(sessionId: string, clientMessageId: string, event: InboundEvent): Promise<CommittedTurn> {
    const clean = withoutAssist(event);
    if (clean.type !== "answer" && clean.type !== "text") return this.deps.inner.send(sessionId, clientMessageId, clean);
    const assist = await this.#assist(sessionId, clean).catch(() => undefined);
    return this.deps.inner.send(sessionId, clientMessageId, assist ? { ...clean, assist } : clean);
  }

  /** Asks the model the one thing this turn could use, if any; undefined when there is nothing to ask. */
  async #assist(sessionId: string, event: Reply): Promise<TurnAssistData | undefined> {
    const { assist } = this.deps;
    const session = await this.deps.store.getSession(sessionId);
    if (!session || session.status === "closed") return undefined;
    const words = typedWords(event);
    const { liveChat } = this.deps;
    if (session.status === "handoff" && liveChat && words !== undefined && (await liveChat.clinicianJoined(sessionId))) {
      // A message for the clinician (relayTurn): translated for them when it is in another language.
      const translated = await liveChat.translation.forClinician(sessionId, words);
      if (!translated) return undefined;
      const { language, translation } = translated.body;
      return {
        suggested: [],
        ...(language ? { translated: { language, ...(translation ? { translation } : {}) } } : {}),
        call: translated.call.payload as { [key: string]: Json },
      };
    }
    const resolver = await this.deps.catalog.resolverForState(session.state);
    // The pure turn is cheap: it says what the turn does without committing anything.
    const plain = takeTurn({ resolver, now: this.deps.clock.now(), config: this.deps.config }, session, event);
    const { compiled, question: current } = sessionQuestion(resolver, session.state);

    if (current && words !== undefined && isReadable(current) && assist.enabled("answerParsing") && reasked(plain, current.id)) {
      const asked = await askModel(assist, {
        purpose: "answer_value",
        sessionId,
        ...valuePrompt(current, words, session.locale),
        schema: typedValueSchema(current),
        maxOutputTokens: 150,
        timeoutMs: assist.timeoutMs,
      });
      const reply = asked.ok ? replyOf(current, asked.value.value) : undefined;
      return { suggested: [], ...(reply === undefined ? {} : { proposal: reply as Json }), call: callOf(asked) };
    }

    if (!assist.enabled("complaintSuggestions")) return undefined;
    const confirm = current?.type === "free_text" && words !== undefined ? signsConfirmationOf(compiled, current.id) : undefined;
    if (
      current &&
      confirm &&
      wouldAsk(
        resolver,
        session,
        event,
        this.deps,
        confirm.options.map((o) => o.value),
      )
    ) {
      const asked = await askModel(assist, {
        purpose: "red_flags",
        sessionId,
        ...signsPrompt(confirm, words!),
        schema: signsSchema(confirm),
        maxOutputTokens: 100,
        timeoutMs: assist.timeoutMs,
      });
      return { suggested: [], ...(asked.ok && asked.value.signs.length > 0 ? { signs: asked.value.signs } : {}), call: callOf(asked) };
    }

    const { question: next } = sessionQuestion(resolver, plain.session.state);
    if (!next || next.type !== "single_choice" || !next.suggestFrom) return undefined;
    const text = sessionAnswers(plain.session.state)[next.suggestFrom];
    if (typeof text !== "string" || text.trim() === "") return undefined;
    const asked = await askModel(assist, {
      purpose: "complaint_suggestions",
      sessionId,
      ...complaintPrompt(next as SingleChoiceQuestion, text),
      schema: complaintSchema(next as SingleChoiceQuestion),
      maxOutputTokens: 100,
      timeoutMs: assist.timeoutMs,
    });
    return { suggested: asked.ok ? asked.value.complaints : [], call: callOf(asked) };
  }
}

const callOf = (asked: Asked<unknown>) => asked.event.payload as { [key: string]: Json };

/** What the patient typed, or a string they sent as an answer (the chat page's own-words field). */
function typedWords(event: Reply): string | undefined {
  const words = event.type === "text" ? event.text : typeof event.value === "string" ? event.value : undefined;
  return words !== undefined && words.trim() !== "" ? words : undefined;
}

/** True when the turn re-asks `questionId` because the reply did not parse (not during a hand-off, where text goes to the clinician). */
function reasked(turn: TurnOutcome, questionId: string): boolean {
  return turn.messages.some((m) => m.author === "bot" && m.body.kind === "reask" && m.body.questionId === questionId);
}

/** True when signs named for this answer would make the flow ask its confirmation (it would not otherwise, and nothing forbids it). */
function wouldAsk(
  resolver: FlowResolver,
  session: SessionRecord,
  event: Reply,
  deps: Pick<AssistedConversationsDeps, "clock" | "config">,
  every: string[],
): boolean {
  const probe = takeTurn({ resolver, now: deps.clock.now(), config: deps.config }, session, { ...event, assist: { suggested: [], signs: every, call: {} } });
  return probe.audit.some((e) => e.type === "assist.signs_asked");
}

/** A channel never supplies the model's part: whatever a client put there is dropped. */
function withoutAssist(event: InboundEvent): InboundEvent {
  if ((event.type === "answer" || event.type === "text") && "assist" in event) {
    const { assist: _dropped, ...rest } = event;
    return rest as InboundEvent;
  }
  return event;
}
