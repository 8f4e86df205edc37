import type { Locale } from "../../flows/index.js";
import type { SlackConversation, SlackConversations, SlackDm } from "../channels/slack/slackConversations.js";
import type { SessionStatus } from "../engine/ports.js";
import type { PrismaStore } from "./prismaStore.js";

type Row = { teamId: string; userId: string; channelId: string; sessionId: string; status: string; locale: string | null };

/**
 * Slack DM <-> session on the Prisma store (`slack_conversations`), so a restart or another
 * instance finds the patient's session: one row per team, user and DM channel, its current session.
 */
export class SlackConversationRepository implements SlackConversations {
  constructor(private readonly store: Pick<PrismaStore, "prisma" | "writeTransaction">) {}

  async current(dm: SlackDm): Promise<SlackConversation | undefined> {
    const row = await this.store.prisma.slackConversation.findUnique({
      where: { teamId_userId_channelId: { teamId: dm.team ?? "", userId: dm.user, channelId: dm.channel } },
    });
    return row ? toConversation(row) : undefined;
  }

  async bySession(sessionId: string): Promise<SlackConversation | undefined> {
    const row = await this.store.prisma.slackConversation.findFirst({ where: { sessionId }, orderBy: { updatedAt: "desc" } });
    return row ? toConversation(row) : undefined;
  }

  async remember(conversation: SlackConversation): Promise<void> {
    const key = { teamId: conversation.team ?? "", userId: conversation.user, channelId: conversation.channel };
    const data = { sessionId: conversation.sessionId, status: conversation.status, locale: conversation.locale ?? null, updatedAt: new Date() };
    await this.store.writeTransaction((tx) =>
      tx.slackConversation.upsert({ where: { teamId_userId_channelId: key }, create: { ...key, ...data }, update: data }),
    );
  }
}

function toConversation(row: Row): SlackConversation {
  return {
    user: row.userId,
    channel: row.channelId,
    ...(row.teamId ? { team: row.teamId } : {}),
    sessionId: row.sessionId,
    status: row.status as SessionStatus,
    ...(row.locale === "fr" || row.locale === "en" ? { locale: row.locale as Locale } : {}),
  };
}
