import type { ConsoleSessionStore, StoredConsoleSession } from "../auth/authStore.js";
import type { PrismaStore } from "./prismaStore.js";

/** Console sessions on the Prisma store (`console_sessions`: the token's SHA-256 only). */
export class ConsoleSessionRepository implements ConsoleSessionStore {
  constructor(private readonly store: Pick<PrismaStore, "prisma" | "writeTransaction">) {}

  async create(session: StoredConsoleSession): Promise<void> {
    await this.store.writeTransaction((tx) => tx.consoleSession.create({ data: session }));
  }

  async find(tokenHash: string): Promise<StoredConsoleSession | undefined> {
    const row = await this.store.prisma.consoleSession.findUnique({ where: { tokenHash } });
    return row ?? undefined;
  }

  async extend(tokenHash: string, expiresAt: Date): Promise<void> {
    await this.store.writeTransaction((tx) => tx.consoleSession.updateMany({ where: { tokenHash, expiresAt: { lt: expiresAt } }, data: { expiresAt } }));
  }

  async delete(tokenHash: string): Promise<void> {
    await this.store.writeTransaction((tx) => tx.consoleSession.deleteMany({ where: { tokenHash } }));
  }

  async deleteExpired(now: Date): Promise<number> {
    const { count } = await this.store.writeTransaction((tx) => tx.consoleSession.deleteMany({ where: { expiresAt: { lte: now } } }));
    return count;
  }
}
