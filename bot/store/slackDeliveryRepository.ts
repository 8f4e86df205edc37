import type { SlackDeliveries, SlackDeliveryRecord } from "../channels/slack/slackDeliveries.js";
import type { PrismaStore } from "./prismaStore.js";

/** Slack's once-only work on the Prisma store (`slack_deliveries`): a key is claimed by the insert that wins. */
export class SlackDeliveryRepository implements SlackDeliveries {
  constructor(private readonly store: Pick<PrismaStore, "prisma" | "writeTransaction">) {}

  async claim(key: string, at: Date): Promise<boolean> {
    // ON CONFLICT DO NOTHING on both databases: the loser's insert changes no row.
    const inserted = await this.store.writeTransaction(
      (tx) => tx.$executeRaw`INSERT INTO slack_deliveries (key, at) VALUES (${key}, ${at.toISOString()}) ON CONFLICT (key) DO NOTHING`,
    );
    return inserted === 1;
  }

  async posted(key: string, channel: string, ts: string): Promise<void> {
    await this.store.writeTransaction((tx) => tx.slackDelivery.updateMany({ where: { key }, data: { channelId: channel, ts } }));
  }

  async messages(prefix: string): Promise<SlackDeliveryRecord[]> {
    const rows = await this.store.prisma.slackDelivery.findMany({ where: { key: { startsWith: prefix }, ts: { not: null } }, orderBy: { at: "asc" } });
    return rows.map((r) => ({ key: r.key, ...(r.channelId ? { channel: r.channelId } : {}), ...(r.ts ? { ts: r.ts } : {}) }));
  }

  async prune(before: Date): Promise<number> {
    // `at` is ISO 8601 text: ordered as text. Same guard keys as isGuardKey.
    const { count } = await this.store.writeTransaction((tx) =>
      tx.slackDelivery.deleteMany({
        where: {
          at: { lt: before.toISOString() },
          OR: [{ key: { startsWith: "delivery:" } }, { key: { startsWith: "push:" } }, { key: { contains: ":update:" } }],
        },
      }),
    );
    return count;
  }
}
