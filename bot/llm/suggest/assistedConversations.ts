import { sessionAnswers, sessionQuestion, type SingleChoiceQuestion } from "../../../flows/index.js";
import type { Conversations } from "../../channels/index.js";
import type { TurnAssistData } from "../../engine/assistSuggestions.js";
import type { FlowCatalog } from "../../engine/flowCatalog.js";
import type { Clock, CommittedTurn, InboundEvent, Json, Store } from "../../engine/ports.js";
import { takeTurn } from "../../engine/takeTurn.js";
import type { EngineConfig } from "../../engine/turnContext.js";
import { askModel } from "../askModel.js";
import type { Assist } from "../assist.js";
import { complaintPrompt, complaintSchema } from "./complaintPrompt.js";

export interface AssistedConversationsDeps {
  inner: Conversations;
  assist: Assist;
  store: Pick<Store, "getSession">;
  catalog: Pick<FlowCatalog, "resolverForState">;
  clock: Clock;
  config: EngineConfig;
}

/**
 * The conversation service with the model's complaint suggestions (issue 21): before a turn
 * that will ask a single choice reading an earlier free-text answer (`suggestFrom`, the entry
 * flow's main complaint), the model is asked which options that text describes; what it says,
 * validated, is attached to the event with the call's record, so the pure turn shows the options
 * after the flow's own suggestions and a replay reads them from the audit. The model never
 * answers, and its failure (late, refused, invalid) leaves the turn exactly as without it.
 */
export class AssistedConversations implements Conversations {
  constructor(private readonly deps: AssistedConversationsDeps) {}

  start(input: Parameters<Conversations["start"]>[0]): ReturnType<Conversations["start"]> {
    return this.deps.inner.start(input);
  }

  resume(resumeToken: string, afterSeq: number): ReturnType<Conversations["resume"]> {
    return this.deps.inner.resume(resumeToken, afterSeq);
  }

  async send(sessionId: string, clientMessageId: string, event: InboundEvent): Promise<CommittedTurn> {
    const clean = withoutAssist(event);
    if (clean.type !== "answer" && clean.type !== "text") return this.deps.inner.send(sessionId, clientMessageId, clean);
    const assist = this.deps.assist.enabled("complaintSuggestions") ? await this.#suggest(sessionId, clean).catch(() => undefined) : undefined;
    return this.deps.inner.send(sessionId, clientMessageId, assist ? { ...clean, assist } : clean);
  }

  /** Asks the model only when this turn will ask a question that reads earlier free text; undefined otherwise. */
  async #suggest(sessionId: string, event: Extract<InboundEvent, { type: "answer" | "text" }>): Promise<TurnAssistData | undefined> {
    const session = await this.deps.store.getSession(sessionId);
    if (!session || session.status === "closed") return undefined;
    const resolver = await this.deps.catalog.resolverForState(session.state);
    // The pure turn is cheap: it says which question comes next without committing anything.
    const next = takeTurn({ resolver, now: this.deps.clock.now(), config: this.deps.config }, session, event);
    const { question } = sessionQuestion(resolver, next.session.state);
    if (!question || question.type !== "single_choice" || !question.suggestFrom) return undefined;
    const text = sessionAnswers(next.session.state)[question.suggestFrom];
    if (typeof text !== "string" || text.trim() === "") return undefined;
    const asked = await askModel(this.deps.assist, {
      purpose: "complaint_suggestions",
      sessionId,
      ...complaintPrompt(question as SingleChoiceQuestion, text),
      schema: complaintSchema(question as SingleChoiceQuestion),
      maxOutputTokens: 100,
      timeoutMs: this.deps.assist.timeoutMs,
    });
    return { suggested: asked.ok ? asked.value.complaints : [], call: asked.event.payload as { [key: string]: Json } };
  }
}

/** A channel never supplies the model's part: whatever a client put there is dropped. */
function withoutAssist(event: InboundEvent): InboundEvent {
  if ((event.type === "answer" || event.type === "text") && "assist" in event) {
    const { assist: _dropped, ...rest } = event;
    return rest as InboundEvent;
  }
  return event;
}
