import type { AuditAppender } from "../audit/appendAdminEvent.js";
import type { ConsoleSessionStore, UserStore } from "../auth/authStore.js";
import type { CaseStore } from "./caseStore.js";

/** The console's storage: accounts, sessions, cases and the admin audit stream. */
export interface ConsoleStore {
  users: UserStore;
  sessions: ConsoleSessionStore;
  cases: CaseStore;
  audit: AuditAppender;
}
