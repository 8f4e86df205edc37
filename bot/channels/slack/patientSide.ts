import type { webApi } from "@slack/bolt";
import type { Locale } from "../../../flows/index.js";
import type { ChatMessage } from "../../engine/chatMessage.js";
import { KeyedQueue } from "../../engine/keyedQueue.js";
import type { CommittedTurn, InboundEvent } from "../../engine/ports.js";
import { asTriageError } from "../../errors.js";
import type { Logger } from "../../logger.js";
import type { Conversations } from "../index.js";
import { answeredQuestion, renderMessages } from "./renderMessages.js";
import type { SlackConversation, SlackConversations, SlackDm } from "./slackConversations.js";
import type { SlackDeliveries } from "./slackDeliveries.js";
import type { SlackPoster } from "./slackPoster.js";
import { slackErrorText } from "./slackErrorText.js";

export interface PatientSideDeps {
  conversations: Conversations;
  store: SlackConversations;
  /** Staff messages reach every instance (Redis): the one that claims them posts them. */
  deliveries: SlackDeliveries;
  poster: SlackPoster;
  client: webApi.WebClient;
  logger: Logger;
  defaultFlow: string;
  defaultLocale: Locale;
  /** Display names of clinicians (console user ids), for their messages in the DM. */
  clinicianName(userId: string): Promise<string | undefined>;
}

/** A click on one of our controls, already decoded. */
export interface PatientAction {
  dm: SlackDm;
  /** Slack's id of this click (action_ts): the turn's client message id, so a replay commits nothing new. */
  clickId: string;
  sessionId: string;
  event: InboundEvent;
  /** The question message clicked, to replace its controls by the answer. */
  message?: { ts: string; questionText: string };
}

/**
 * The patient's side of Slack: a DM or `/triage [flow]` starts a session, typed DMs and clicks
 * are turns through the conversation service (which commits before anything is posted), and the
 * committed messages are posted to the DM as Block Kit. Turns of one DM run one at a time.
 */
export class PatientSide {
  readonly #queue = new KeyedQueue();

  constructor(private readonly deps: PatientSideDeps) {}

  /** `/triage [flow]` or a first DM: a new session in the user's Slack language (`locale` when already known). */
  start(dm: SlackDm, flow: string | undefined, clientId: string, locale?: Locale): Promise<void> {
    return this.#serial(dm, () => this.#start(dm, flow, clientId, locale));
  }

  /** A DM typed by the patient: the answer to a typed question, or a first message that starts a session. */
  text(dm: SlackDm, text: string, clientId: string): Promise<void> {
    return this.#serial(dm, async () => {
      const current = await this.deps.store.current(dm);
      if (!current || current.status === "completed" || current.status === "closed") return this.#start(dm, undefined, clientId);
      await this.#turn(current, clientId, { type: "text", text: text.slice(0, 4000) });
    });
  }

  /** A click on a control of a question (answer, confirm, scale, language, ask for a clinician). */
  action(action: PatientAction): Promise<void> {
    return this.#serial(action.dm, async () => {
      const current = await this.deps.store.bySession(action.sessionId);
      // A control only acts on the clicking user's own session.
      if (!current || current.user !== action.dm.user) {
        this.deps.logger.warn({ sessionId: action.sessionId }, "slack: click on a session of another user ignored");
        return;
      }
      const turn = await this.#turn(current, action.clickId, action.event);
      const answered = turn?.messages.find((m) => m.author === "patient" && m.body.kind === "answer");
      if (action.message && answered?.body.kind === "answer") {
        await this.deps.poster.update(
          current.channel,
          action.message.ts,
          answeredQuestion(action.message.questionText, answered.body.display, current.locale ?? this.deps.defaultLocale),
          { sessionId: current.sessionId },
        );
      }
    });
  }

  /** Staff messages (a clinician's, the console's notices) committed elsewhere, for a session on Slack. */
  async pushed(conversation: SlackConversation, messages: ChatMessage[]): Promise<void> {
    const staff = messages.filter((m) => m.author === "clinician" || m.author === "system");
    if (staff.length === 0) return;
    if (!(await this.deps.deliveries.claim(`push:${conversation.sessionId}:${staff[0]!.seq}`, new Date(staff[0]!.at)))) return;
    await this.#serial(conversation, async () => {
      const closed = staff.some((m) => m.body.kind === "handoff" && m.body.status === "closed");
      if (closed) await this.deps.store.remember({ ...conversation, status: "closed" });
      await this.#post(conversation, staff);
    });
  }

  async #start(dm: SlackDm, flow: string | undefined, clientId: string, known?: Locale): Promise<void> {
    const locale = known ?? (await this.localeOf(dm.user));
    try {
      const started = await this.deps.conversations.start({
        flow: flow ?? this.deps.defaultFlow,
        locale,
        channel: "slack",
        clientMessageId: `slack:${clientId}`,
      });
      const conversation: SlackConversation = { ...dm, sessionId: started.sessionId, status: started.turn.status, locale };
      await this.deps.store.remember(conversation);
      await this.#post(conversation, started.turn.messages);
    } catch (error) {
      const code = asTriageError(error).code;
      this.deps.logger.info({ code }, "slack: start refused");
      await this.deps.poster.post(dm.channel, { text: slackErrorText(code, locale), blocks: [] });
    }
  }

  async #turn(current: SlackConversation, clientId: string, event: InboundEvent): Promise<CommittedTurn | undefined> {
    let turn: CommittedTurn;
    try {
      turn = await this.deps.conversations.send(current.sessionId, `slack:${clientId}`, event);
    } catch (error) {
      const code = asTriageError(error).code;
      this.deps.logger.info({ code, sessionId: current.sessionId }, "slack: turn refused");
      if (code === "TRIAGE_SESSION_CLOSED" || code === "TRIAGE_SESSION_NOT_FOUND") {
        await this.deps.store.remember({ ...current, status: "closed" });
      }
      await this.deps.poster.post(current.channel, { text: slackErrorText(code, current.locale ?? this.deps.defaultLocale), blocks: [] });
      return undefined;
    }
    const locale = event.type === "set_locale" ? event.locale : current.locale;
    const updated: SlackConversation = { ...current, status: turn.status, ...(locale ? { locale } : {}) };
    await this.deps.store.remember(updated);
    await this.#post(updated, turn.messages);
    return turn;
  }

  async #post(conversation: SlackConversation, messages: ChatMessage[]): Promise<void> {
    const names = new Map<string, string>();
    for (const m of messages) {
      if (m.author === "clinician" && m.authorId && !names.has(m.authorId)) names.set(m.authorId, (await this.deps.clinicianName(m.authorId)) ?? "");
    }
    const locale = messages.at(-1)?.locale ?? conversation.locale ?? this.deps.defaultLocale;
    for (const message of renderMessages(conversation.sessionId, messages, locale, names)) {
      await this.deps.poster.post(conversation.channel, message, { sessionId: conversation.sessionId });
    }
  }

  /** The Slack user's language (users.info with include_locale), else the deployment's default. */
  async localeOf(user: string): Promise<Locale> {
    try {
      const info = await this.deps.client.users.info({ user, include_locale: true });
      const tag = info.user?.locale?.toLowerCase() ?? "";
      if (tag.startsWith("fr")) return "fr";
      if (tag.startsWith("en")) return "en";
    } catch (error) {
      this.deps.logger.info({ slackError: (error as { data?: { error?: string } }).data?.error ?? null }, "slack: users.info failed, default language");
    }
    return this.deps.defaultLocale;
  }

  #serial(dm: SlackDm, task: () => Promise<void>): Promise<void> {
    return this.#queue.run(`${dm.team ?? ""}:${dm.user}:${dm.channel}`, task).catch((error: unknown) => {
      this.deps.logger.error({ code: asTriageError(error).code }, "slack: patient turn failed");
    });
  }
}
