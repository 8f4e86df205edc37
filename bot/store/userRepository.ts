import type { ConsoleUser, NewUser, UserStore } from "../auth/authStore.js";
import { isRole } from "../auth/roles.js";
import { ConsoleError } from "../cases/consoleError.js";
import type { PrismaStore } from "./prismaStore.js";
import { isUniqueViolation } from "./uniqueViolation.js";

type UserRow = { id: string; email: string; displayName: string; role: string; active: boolean; createdAt: Date };

function toUser(row: UserRow): ConsoleUser {
  // A role outside the known ones (edited by hand in the database) gets the least privilege.
  return {
    id: row.id,
    email: row.email,
    displayName: row.displayName,
    role: isRole(row.role) ? row.role : "clinician",
    active: row.active,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Console accounts on the Prisma store (the `users` table). */
export class UserRepository implements UserStore {
  constructor(private readonly store: Pick<PrismaStore, "prisma" | "writeTransaction">) {}

  async findByEmail(email: string): Promise<{ user: ConsoleUser; passwordHash: string } | undefined> {
    const row = await this.store.prisma.user.findUnique({ where: { email: email.trim().toLowerCase() } });
    return row ? { user: toUser(row), passwordHash: row.passwordHash } : undefined;
  }

  async findById(id: string): Promise<ConsoleUser | undefined> {
    const row = await this.store.prisma.user.findUnique({ where: { id } });
    return row ? toUser(row) : undefined;
  }

  async create(user: NewUser): Promise<ConsoleUser> {
    try {
      const row = await this.store.writeTransaction((tx) =>
        tx.user.create({ data: { id: user.id, email: user.email, displayName: user.displayName, role: user.role, passwordHash: user.passwordHash } }),
      );
      return toUser(row);
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConsoleError("CONSOLE_EMAIL_TAKEN", "an account with this email exists", { field: "email" });
      throw error;
    }
  }

  async list(): Promise<ConsoleUser[]> {
    const rows = await this.store.prisma.user.findMany({ orderBy: { email: "asc" } });
    return rows.map(toUser);
  }

  count(): Promise<number> {
    return this.store.prisma.user.count();
  }
}
