import type { AuditAppender } from "../audit/appendAdminEvent.js";
import type { ConsoleSessionStore, UserStore } from "../auth/authStore.js";
import type { CaseHistoryStore } from "./caseHistory.js";
import type { CaseReadStore } from "./caseReads.js";
import type { CaseStore } from "./caseStore.js";

/** The console's storage: accounts, sessions, cases (and their history) and the admin audit stream. */
export interface ConsoleStore {
  users: UserStore;
  sessions: ConsoleSessionStore;
  cases: CaseStore;
  /** Every case, filtered and searched (the cases history). */
  history: CaseHistoryStore;
  /** What each clinician has read of each case (the queue's unread marks). */
  reads: CaseReadStore;
  audit: AuditAppender;
}
