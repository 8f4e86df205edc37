import { ConsoleAuth, type ConsoleAuthDeps } from "../../bot/auth/consoleAuth.js";
import { SignInLimiter } from "../../bot/auth/signInLimiter.js";
import { systemClock } from "../../bot/engine/systemClock.js";
import { systemIds } from "../../bot/engine/systemIds.js";
import { consoleRepositories } from "../../bot/store/consoleRepositories.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";

/** The console's accounts and sign-in on `store`, wired as a running instance wires them (system clock and ids, a fresh limiter). */
export function consoleAuthOn(store: PrismaStore, logger?: ConsoleAuthDeps["logger"]): ConsoleAuth {
  const repositories = consoleRepositories(store);
  return new ConsoleAuth({
    users: repositories.users,
    sessions: repositories.sessions,
    audit: repositories.audit,
    limiter: new SignInLimiter(),
    clock: systemClock,
    ids: systemIds,
    ...(logger ? { logger } : {}),
  });
}
