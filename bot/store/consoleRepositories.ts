import type { ConsoleStore } from "../cases/consoleStore.js";
import { serialAuditAppender } from "../cases/serialAuditAppender.js";
import { CaseHistoryQuery } from "./caseHistoryQuery.js";
import { CaseReadRepository } from "./caseReadRepository.js";
import { CaseRepository } from "./caseRepository.js";
import { ConsoleSessionRepository } from "./consoleSessionRepository.js";
import type { PrismaStore } from "./prismaStore.js";
import { UserRepository } from "./userRepository.js";

/** Given the Prisma store, returns the console's repositories on it (accounts, sessions, cases, cases history, read marks, admin audit). */
export function consoleRepositories(store: PrismaStore): ConsoleStore {
  return {
    users: new UserRepository(store),
    sessions: new ConsoleSessionRepository(store),
    cases: new CaseRepository(store),
    history: new CaseHistoryQuery(store),
    reads: new CaseReadRepository(store),
    audit: serialAuditAppender(store),
  };
}
