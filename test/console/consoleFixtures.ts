import type { Urgency } from "../../flows/index.js";
import type { ConsoleUser } from "../../bot/auth/authStore.js";
import { ConsoleAuth, type SessionLifetime } from "../../bot/auth/consoleAuth.js";
import type { Role } from "../../bot/auth/roles.js";
import { SignInLimiter, type SignInLimits } from "../../bot/auth/signInLimiter.js";
import { MemoryBus } from "../../bot/bus/memoryBus.js";
import { CaseService } from "../../bot/cases/caseService.js";
import type { CaseRecord } from "../../bot/cases/caseStore.js";
import { ConversationService } from "../../bot/engine/conversationService.js";
import type { BusEvent, TurnCommit } from "../../bot/engine/ports.js";
import { FixedClock } from "../../bot/engine/systemClock.js";
import { systemIds } from "../../bot/engine/systemIds.js";
import type { EngineConfig } from "../../bot/engine/turnContext.js";
import { consoleRepositories } from "../../bot/store/consoleRepositories.js";
import type { PrismaStore } from "../../bot/store/prismaStore.js";
import { createTestDatabase, openTestStore, type Driver, type TestDatabase } from "../store/storeFixtures.js";

export const ENGINE_CONFIG: EngineConfig = {
  emergencyNumbers: [
    { number: "15", label: { fr: "SAMU", en: "SAMU (medical emergencies)" } },
    { number: "112", label: { fr: "Numéro d'urgence européen", en: "European emergency number" } },
  ],
  slaMinutes: { EMERGENCY: 5, URGENT: 15, SOON: 240 },
};

export const PASSWORD = "correct horse battery staple";

/** The console's services on a real, fresh database (SQLite file or PostgreSQL), with a clock the test moves. */
export interface ConsoleWorld {
  database: TestDatabase;
  store: PrismaStore;
  clock: FixedClock;
  bus: MemoryBus;
  events: BusEvent[];
  repositories: ReturnType<typeof consoleRepositories>;
  conversations: ConversationService;
  auth: ConsoleAuth;
  cases: CaseService;
  /** Creates an account with PASSWORD. */
  user(email: string, role?: Role, displayName?: string): Promise<ConsoleUser>;
  /** A patient session (in `locale`) whose turn asked for a clinician now: returns its open case. */
  openCase(options?: { urgency?: Urgency; locale?: "fr" | "en"; slaMinutes?: number }): Promise<CaseRecord>;
  close(): Promise<void>;
}

let sessions = 0;

export async function consoleWorld(driver: Driver, options: { limits?: SignInLimits; lifetime?: SessionLifetime } = {}): Promise<ConsoleWorld> {
  const database = await createTestDatabase(driver);
  const store = await openTestStore(database.url);
  const clock = new FixedClock("2026-03-02T09:00:00.000Z");
  const bus = new MemoryBus();
  const events: BusEvent[] = [];
  bus.subscribe((event) => events.push(event));
  const repositories = consoleRepositories(store);
  const conversations = new ConversationService({
    store,
    bus,
    clock,
    ids: systemIds,
    config: ENGINE_CONFIG,
    presence: { clinicianJoined: (sessionId) => repositories.cases.isClaimed(sessionId) },
  });
  const auth = new ConsoleAuth({
    users: repositories.users,
    sessions: repositories.sessions,
    audit: repositories.audit,
    limiter: new SignInLimiter(options.limits),
    clock,
    ids: systemIds,
    ...(options.lifetime ? { lifetime: options.lifetime } : {}),
  });
  const cases = new CaseService({
    cases: repositories.cases,
    staff: conversations,
    audit: repositories.audit,
    bus,
    clock,
    ids: systemIds,
    config: ENGINE_CONFIG,
  });

  return {
    database,
    store,
    clock,
    bus,
    events,
    repositories,
    conversations,
    auth,
    cases,
    async user(email, role = "clinician", displayName) {
      return (await auth.addUser({ email, role, password: PASSWORD, displayName: displayName ?? email.split("@")[0]! }, "test")).user;
    },
    async openCase({ urgency = "URGENT", locale = "en", slaMinutes = 15 } = {}) {
      sessions += 1;
      const id = `session-${driver}-${sessions}-${Date.now()}`;
      const now = clock.now().toISOString();
      const session = {
        id,
        flowSlug: "chest-pain",
        flowVersion: 1,
        locale,
        status: "active" as const,
        channel: "web",
        state: { frames: [] },
        createdAt: now,
        updatedAt: now,
      };
      await store.commitTurn({
        session,
        isNew: true,
        clientMessageId: "start",
        messages: [{ author: "bot", body: { kind: "text", text: "Hello" } }],
        audit: [{ type: "session.started", payload: { sessionId: id } }],
      });
      const read = await store.readTurn(id, "ask");
      const ask: TurnCommit = {
        session: { ...session, status: "handoff", urgency },
        isNew: false,
        base: read!.session.version,
        clientMessageId: "ask",
        messages: [{ author: "bot", body: { kind: "handoff", status: "requested", text: "A clinician has been asked.", expectedWaitMinutes: slaMinutes } }],
        audit: [{ type: "handoff.requested", payload: { urgency } }],
        handoff: {
          urgency,
          slaDeadline: new Date(clock.now().getTime() + slaMinutes * 60_000).toISOString(),
          cause: "patient_request",
          firstReason: "The patient asked for a clinician",
        },
      };
      await store.commitTurn(ask);
      const found = await repositories.cases.activeForSession(id);
      if (!found) throw new Error("the case did not open");
      return found;
    },
    async close() {
      await store.close();
      await database.drop();
    },
  };
}
