import type { Locale } from "../../../flows/index.js";
import type { SessionStatus } from "../../engine/ports.js";

/** Where a patient talks to the app: their Slack user and the DM channel with the app. */
export interface SlackDm {
  user: string;
  channel: string;
  /** The Slack user's team, for installs in several workspaces (absent in old payloads). */
  team?: string;
}

export interface SlackConversation extends SlackDm {
  sessionId: string;
  status: SessionStatus;
  /** The session's language as last seen (the engine keeps the authoritative one). */
  locale?: Locale;
}

/**
 * Slack user + DM channel <-> triage session, like Bolt's ConversationStore: a small port with an
 * in-memory default, injected. The engine never sees it.
 */
export interface SlackConversations {
  current(dm: SlackDm): Promise<SlackConversation | undefined>;
  bySession(sessionId: string): Promise<SlackConversation | undefined>;
  remember(conversation: SlackConversation): Promise<void>;
}

const keyOf = (dm: SlackDm) => `${dm.team ?? ""}\u0000${dm.user}\u0000${dm.channel}`;

/** The in-process store: enough for one instance; a durable one plugs in through the same port. */
export class MemorySlackConversations implements SlackConversations {
  readonly #byDm = new Map<string, SlackConversation>();
  readonly #bySession = new Map<string, SlackConversation>();

  async current(dm: SlackDm): Promise<SlackConversation | undefined> {
    return this.#byDm.get(keyOf(dm));
  }

  async bySession(sessionId: string): Promise<SlackConversation | undefined> {
    return this.#bySession.get(sessionId);
  }

  async remember(conversation: SlackConversation): Promise<void> {
    this.#byDm.set(keyOf(conversation), conversation);
    this.#bySession.set(conversation.sessionId, conversation);
  }
}
