import { Redis } from "ioredis";
import type { UserStore } from "../auth/authStore.js";
import { ConsoleAuth, type SessionLifetime } from "../auth/consoleAuth.js";
import { CONSOLE_COOKIE, isHttpsRequest } from "../auth/sessionCookie.js";
import { clientIpResolver, trustedProxyList } from "../http/clientIp.js";
import { SignInLimiter, type SignInLimits } from "../auth/signInLimiter.js";
import { createConsoleChannel, DEFAULT_CONSOLE_CHANNEL_OPTIONS, type ConsoleChannel } from "../channels/web/consoleConnection.js";
import type { TriageConfig } from "../config/config.js";
import type { FlowCatalog } from "../engine/flowCatalog.js";
import type { Bus, Clock, Ids, Store } from "../engine/ports.js";
import type { EngineConfig } from "../engine/turnContext.js";
import type { Logger } from "../logger.js";
import { asTriageError } from "../errors.js";
import type { LiveSettings } from "../settings/liveSettings.js";
import type { WebhookRetry } from "../notify/postWebhook.js";
import { caseDetail, type CaseDetail } from "../cases/caseDetail.js";
import { isAuditReader } from "../cases/urgencyChanges.js";
import { CaseService, type StaffTurns } from "../cases/caseService.js";
import { ConsoleError } from "../cases/consoleError.js";
import { dashboardStats, periodRange, type DashboardStats, type Period } from "../cases/dashboardStats.js";
import { SlaMonitor } from "../cases/slaMonitor.js";
import type { Locale } from "../../flows/index.js";
import { caseInLocale } from "../cases/caseInLocale.js";
import { queueGlance, type QueueGlance } from "../cases/queueGlance.js";
import type { ConsoleStore } from "../cases/consoleStore.js";
import type { CaseRecord, CaseView } from "../cases/caseStore.js";
import { readHistory, type HistoryPageView, type HistoryParams } from "../cases/caseHistory.js";

export type { ConsoleStore } from "../cases/consoleStore.js";

export interface ConsoleServicesDeps {
  console: ConsoleStore;
  /** The patient sessions' store (transcripts) and the conversation service (staff turns, flow catalog). */
  store: Pick<Store, "getSession" | "messagesAfter">;
  conversations: StaffTurns & { catalog: FlowCatalog };
  bus: Bus;
  clock: Clock;
  ids: Ids;
  config: TriageConfig;
  /** The live emergency numbers and SLAs (bot/settings); default: the configuration's. */
  engineConfig?: EngineConfig;
  /** The deployment settings in force: the live channel pushes renamed levels to open consoles. */
  settings: Pick<LiveSettings, "current" | "onChange">;
  logger: Logger;
  /** Tunables tests shorten; production takes the defaults. */
  overrides?: { slaCheckMs?: number; webhookRetry?: WebhookRetry; signInLimits?: SignInLimits; lifetime?: SessionLifetime; redis?: Redis };
}

/** Everything the console serves with, built once by the composition root and reached by SvelteKit through the runtime (console/lib/server/auth). */
export interface ConsoleServices {
  auth: ConsoleAuth;
  cases: CaseService;
  users: UserStore;
  monitor: SlaMonitor;
  channel: ConsoleChannel;
  /** The session cookie's name and Secure rule, for SvelteKit (which imports nothing of bot/ but types). */
  cookie: { name: string; secure(url: URL, forwardedProto: string | null): boolean };
  /** The client's IP for sign-in back-off and the audit: the rightmost address that is not a trusted proxy (TRUSTED_PROXIES). */
  clientIp(socketAddress: string, forwardedFor: string | null): string;
  /** A case as the clinician reading it sees it: its first reason in their language. */
  inLocale(found: CaseRecord, locale: Locale): CaseView;
  /** The queue as a clinician reading `locale` sees it: each case with its glance (final flow, last message, patient's last seq). */
  queueIn(locale: Locale): Promise<(CaseView & QueueGlance)[]>;
  /** The case page's content in the clinician's language. */
  detail(caseId: string, locale: Locale): Promise<CaseDetail>;
  dashboard(period: Period): Promise<DashboardStats>;
  /** One page of the cases history in the reader's language, its date filters in their time zone (CONSOLE_INVALID_REQUEST for a bad filter). */
  history(params: HistoryParams, locale: Locale, zone?: string): Promise<HistoryPageView>;
  /** What the history's filters offer: the questionnaires (with their titles in the reader's language) and the staff. */
  historyChoices(locale: Locale): Promise<{ flows: { slug: string; title: string }[]; clinicians: { id: string; displayName: string }[] }>;
  /** The clinician's read marks on the cases not closed (the queue's unread marks), by case id. */
  readMarks(userId: string): Promise<Record<string, number>>;
  /** Raises the clinician's read mark on a case (CONSOLE_CASE_NOT_FOUND for an unknown case). */
  markRead(userId: string, caseId: string, seq: number): Promise<void>;
  /** Stops the SLA monitor (the channel is closed with the other channels). */
  stop(): Promise<void>;
}

/**
 * Wires the console: authentication (sign-in back-off shared through Redis when REDIS_URL is
 * set), the case service on the conversation service's staff turns, the SLA monitor (started
 * here) and the live channel on /ws?console=1.
 */
export function createConsoleServices(deps: ConsoleServicesDeps): ConsoleServices {
  const { config, logger, clock, ids, bus } = deps;
  const log = logger.child({ component: "console" });
  let redis = deps.overrides?.redis;
  const ownRedis = !redis && config.env.REDIS_URL !== undefined;
  if (ownRedis) {
    // No offline queue: when Redis is down the limiter falls back to memory at once (insurance limiter).
    redis = new Redis(config.env.REDIS_URL!, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
    redis.on("error", (error) => log.warn({ err: { message: error.message } }, "console: Redis error"));
  }
  const auth = new ConsoleAuth({
    users: deps.console.users,
    sessions: deps.console.sessions,
    limiter: new SignInLimiter(deps.overrides?.signInLimits, redis),
    audit: deps.console.audit,
    clock,
    ids,
    ...(deps.overrides?.lifetime ? { lifetime: deps.overrides.lifetime } : {}),
    logger: log,
  });
  const engineConfig = deps.engineConfig ?? { emergencyNumbers: config.emergencyNumbers, slaMinutes: config.slaMinutes };
  const cases = new CaseService({
    cases: deps.console.cases,
    staff: deps.conversations,
    audit: deps.console.audit,
    bus,
    clock,
    ids,
    config: engineConfig,
    logger: log,
  });
  const baseUrl = config.env.PUBLIC_URL ?? `http://localhost:${config.env.PORT}`;
  const monitor = new SlaMonitor({
    cases: deps.console.cases,
    service: cases,
    clock,
    consoleBaseUrl: baseUrl,
    ...(config.env.ONCALL_WEBHOOK_URL ? { webhookUrl: config.env.ONCALL_WEBHOOK_URL } : {}),
    ...(deps.overrides?.slaCheckMs ? { intervalMs: deps.overrides.slaCheckMs } : {}),
    ...(deps.overrides?.webhookRetry ? { retry: deps.overrides.webhookRetry } : {}),
    logger: log,
  });
  const glanceSources = {
    store: deps.store,
    resolverForState: (state: Parameters<FlowCatalog["resolverForState"]>[0]) => deps.conversations.catalog.resolverForState(state),
  };
  const glance = (found: CaseRecord, locale: Locale) => queueGlance(glanceSources, found, locale);
  const channel = createConsoleChannel(
    {
      authenticate: (token) => auth.authenticate(token),
      queue: () => cases.queue(),
      getCase: (id) => deps.console.cases.get(id),
      activeForSession: (sessionId) => deps.console.cases.activeForSession(sessionId),
      messagesAfter: (sessionId, afterSeq) => deps.store.messagesAfter(sessionId, afterSeq),
      glance,
      defaultLocale: config.defaultLocale,
      levelLabels: { current: () => deps.settings.current.urgencyLabels, onChange: (listener) => deps.settings.onChange(listener) },
      bus,
      logger: log,
      clock,
    },
    { ...DEFAULT_CONSOLE_CHANNEL_OPTIONS, maxFrameBytes: 4096 },
  );
  monitor.start();
  const clientIp = clientIpResolver(trustedProxyList(config.env));
  const publicHttps = config.env.PUBLIC_URL?.startsWith("https://") ?? false;
  return {
    auth,
    cases,
    users: deps.console.users,
    monitor,
    channel,
    // With an https PUBLIC_URL the cookie is always Secure, whatever the request's scheme says.
    cookie: { name: CONSOLE_COOKIE, secure: (url, forwardedProto) => publicHttps || isHttpsRequest(url, forwardedProto) },
    clientIp,
    inLocale: caseInLocale,
    async queueIn(locale) {
      return Promise.all((await cases.queue()).map(async (found) => ({ ...caseInLocale(found, locale), ...(await glance(found, locale)) })));
    },
    async detail(caseId, locale) {
      const found = await cases.get(caseId);
      const detail = await caseDetail(
        {
          store: deps.store,
          resolverForState: (state) => deps.conversations.catalog.resolverForState(state),
          ...(isAuditReader(deps.store) ? { audit: deps.store } : {}),
        },
        found,
        await cases.notes(caseId),
        locale,
      );
      if (!detail) throw new ConsoleError("CONSOLE_CASE_NOT_FOUND", "the case's session is missing", { caseId });
      return detail;
    },
    async dashboard(period) {
      const now = clock.now();
      const range = periodRange(period, now);
      return dashboardStats(period, range, await deps.console.cases.openedBetween(range.from, range.to), now);
    },
    history: (params, locale, zone) => readHistory(deps.console.history, params, locale, zone),
    async historyChoices(locale) {
      const [slugs, users] = await Promise.all([deps.console.history.flowSlugs(), deps.console.users.list()]);
      // Each questionnaire by the title of its newest version (the catalog caches them); its slug when it has none.
      const flows = await Promise.all(
        slugs.map(async (slug) => {
          const title = (await deps.conversations.catalog.latest(slug).catch(() => undefined))?.flow.title;
          return { slug, title: (title && (title[locale] ?? Object.values(title).find((t) => t !== undefined))) || slug };
        }),
      );
      return { flows, clinicians: users.map((u) => ({ id: u.id, displayName: u.displayName || u.email })) };
    },
    readMarks: (userId) => deps.console.reads.marksOf(userId),
    async markRead(userId, caseId, seq) {
      if (!(await deps.console.reads.markRead(userId, caseId, seq, clock.now()))) throw new ConsoleError("CONSOLE_CASE_NOT_FOUND", "no such case", { caseId });
      // The same clinician's other pages (any tab, any instance) clear the unread mark without a reload;
      // the mark is saved either way, so a bus that fails costs only the live update.
      await bus.publish({ type: "case.read", userId, caseId, seq }).catch((error: unknown) => {
        logger.warn({ code: asTriageError(error).code }, "console: publishing case.read failed");
      });
    },
    async stop() {
      await monitor.stop();
      if (ownRedis) redis?.disconnect();
    },
  };
}
