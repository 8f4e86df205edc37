import { MemoryBus } from "./bus/memoryBus.js";
import { RedisBus } from "./bus/redisBus.js";
import { PatientCases, type WaitingQueue } from "./cases/patientCases.js";
import { createAdminServices, type AdminServices } from "./composition/adminServices.js";
import { createConsoleServices, type ConsoleServices, type ConsoleServicesDeps, type ConsoleStore } from "./composition/consoleServices.js";
import { securityPolicy, withFrameAncestors } from "./http/securityHeaders.js";
import type { Channel, Conversations } from "./channels/index.js";
import { createSlackChannel, type SlackChannel } from "./channels/slack/slackChannel.js";
import type { SlackConversations } from "./channels/slack/slackConversations.js";
import type { SlackDeliveries } from "./channels/slack/slackDeliveries.js";
import { slackSetup, type SlackChannelOptions } from "./channels/slack/slackOptions.js";
import { createWebChannel, type WebChannel } from "./channels/web/webChannel.js";
import { webOptionsFromEnv, type WebChannelOptions } from "./channels/web/webOptions.js";
import { createMetrics, type Metrics } from "./metrics/metrics.js";
import { createFhirService, type FhirService } from "./fhir/fhirService.js";
import { createErasureService, type ErasureService } from "./retention/erasureService.js";
import type { TriageConfig } from "./config/config.js";
import { ConversationService } from "./engine/conversationService.js";
import type { Bus, Store } from "./engine/ports.js";
import { systemClock } from "./engine/systemClock.js";
import { systemIds } from "./engine/systemIds.js";
import { logger } from "./logger.js";
import { consoleRepositories } from "./store/consoleRepositories.js";
import { openStore } from "./store/openStore.js";
import { PrismaStore } from "./store/prismaStore.js";
import { LiveSettings } from "./settings/liveSettings.js";
import { SettingsRepository } from "./settings/settingsRepository.js";
import { defaultSettings } from "./settings/settingsSchema.js";
import { assistFromConfig } from "./llm/assist.js";
import { CaseSummaries } from "./llm/summary/caseSummaries.js";
import { LiveTranslation } from "./llm/translate/liveTranslation.js";
import { translatingStaffTurns } from "./llm/translate/translatingStaffTurns.js";
import { AssistedConversations } from "./llm/suggest/assistedConversations.js";

/*
 * The runtime: everything one process serves with (store, bus, conversation service, channels).
 * Exactly one per process: `npm start` (bot/start.ts) and `vite dev` (the plugin in vite.config.ts)
 * each open it once and put it on globalThis, because SvelteKit's server code runs in another
 * module graph (Vite's in dev, the bundled build/ in production) and must find the same
 * instance: it reads it through console/lib/server/runtime.ts.
 */

/** The key of the process's runtime on globalThis (console/lib/server/runtime.ts reads the same key). */
export const RUNTIME_SLOT = Symbol.for("triage.runtime");

/** The adapters a runtime is built from; the composition root passes the real ones, tests may pass others. */
export interface RuntimeParts {
  store: Store;
  bus: Bus;
  conversations: Conversations;
  /** Releases the store (drains pending group commits, closes the database). */
  closeStore(): Promise<void>;
  /** The clinician console's repositories and the service it writes staff turns through (absent: no console). */
  consoleParts?: { repositories: ConsoleStore; conversations: ConversationService; overrides?: ConsoleServicesDeps["overrides"]; queue?: WaitingQueue };
  /** Where the Slack channel keeps DM <-> session (default: in memory; the composition root passes the database's). */
  slackConversations?: SlackConversations;
  /** The Slack channel's once-only claims across instances (default: in memory; the composition root passes the database's). */
  slackDeliveries?: SlackDeliveries;
  /** The deployment settings edited in the console (default: the configuration's values, read-only). */
  settings?: LiveSettings;
  /** The optional LLM assist (bot/llm), when LLM_BASE_URL and LLM_MODEL are set. */
  assist?: AssistServices;
}

/** What the LLM assist offers the rest of the process. */
export interface AssistServices {
  summaries: CaseSummaries;
  /** Live-chat translation between a patient and the clinician who took their case. */
  translation: LiveTranslation;
}

export interface Runtime extends RuntimeParts {
  config: TriageConfig;
  /** Emergency numbers, SLAs and level labels as they are now (the console's settings page changes them live). */
  settings: LiveSettings;
  web: WebChannel;
  /** Turn durations and open connections of this runtime's channels (served at /metrics by bot/start.ts). */
  metrics: Metrics;
  /** The Slack channel, when SLACK_BOT_TOKEN and a signing secret or app token are set. */
  slack?: SlackChannel;
  /** Every channel, in the order the server offers them requests and upgrades. */
  channels: Channel[];
  /** The clinician console (bot/composition/consoleServices.ts), when the parts had its repositories. */
  console?: ConsoleServices;
  /** The administrator's pages (bot/composition/adminServices.ts), when the store is the database's. */
  admin?: AdminServices;
  /** A page's Content-Security-Policy completed with who may frame it (WIDGET_ALLOWED_ORIGINS: only the chat page). */
  frameAncestors(csp: string, pathname: string): string;
  /** FHIR R4 export (bot/fhir), when the store is the database's. */
  fhir?: FhirService;
  /** A patient's erasure request from the console (bot/retention), when the store is the database's. */
  erasure?: ErasureService;
  /** Closes channels (WebSockets with 1001), then drains and closes the store. */
  close(): Promise<void>;
}

/**
 * Given the configuration, opens the real adapters: the Prisma store (SQLite file or PostgreSQL,
 * migrations already applied), the in-process bus and the conversation service over them.
 */
export async function openRuntimeParts(
  config: TriageConfig,
  databaseUrl = config.env.DATABASE_URL,
): Promise<RuntimeParts & { store: Awaited<ReturnType<typeof openStore>> }> {
  const store = await openStore({ databaseUrl, logger });
  // One process: the in-memory bus; several instances (REDIS_URL): Redis pub/sub between them.
  const onBusError = (error: unknown, event?: { type: string }) => logger.warn({ event: event?.type, err: error }, "bus delivery failed");
  const redisBus = config.env.REDIS_URL ? new RedisBus({ url: config.env.REDIS_URL, onError: onBusError }) : undefined;
  if (redisBus) await redisBus.ready();
  const bus = redisBus ?? new MemoryBus(onBusError);
  const repositories = consoleRepositories(store);
  const settings = await LiveSettings.open({
    defaults: defaultSettings(config),
    country: config.country,
    source: new SettingsRepository(store, logger),
    bus,
    clock: systemClock,
    logger,
    recheckMs: config.env.SETTINGS_RECHECK_SECONDS * 1000,
  });
  const assist = assistFromConfig(config, () => settings.current.assist, logger.child({ component: "llm" }));
  let summaries: CaseSummaries | undefined;
  const cliniciansLocale = config.env.SLACK_CLINICIANS_LOCALE ?? config.defaultLocale;
  const translation = assist ? new LiveTranslation({ assist, cliniciansLocale, store }) : undefined;
  const conversations = new ConversationService({
    store,
    bus,
    clock: systemClock,
    ids: systemIds,
    config: settings.engineConfig,
    logger,
    presence: { clinicianJoined: (sessionId) => repositories.cases.isClaimed(sessionId) },
    resumeTokenTtlMs: config.env.RESUME_TOKEN_TTL_HOURS * 3_600_000,
    ...(assist ? { afterHandoff: (sessionId: string) => summaries?.onHandoff(sessionId) } : {}),
  });
  if (assist) {
    summaries = new CaseSummaries({
      assist,
      store,
      audit: store,
      staff: conversations,
      clock: systemClock,
      ids: systemIds,
      cliniciansLocale,
      logger: logger.child({ component: "llm" }),
      // Open case pages reload on case.updated: the summary shows there without a reload.
      onStored: (sessionId) => {
        void repositories.cases
          .activeForSession(sessionId)
          .then((found) => (found ? bus.publish({ type: "case.updated", caseId: found.id, sessionId }) : undefined))
          .catch((error: unknown) => logger.warn({ sessionId, err: { message: (error as Error).message } }, "case summary: publication failed"));
      },
    });
  }
  const closeStore = async () => {
    await summaries?.settled();
    settings.close();
    await store.close();
    await redisBus?.close();
  };
  // Channels talk to the assisted service (model suggestions before a turn); the console's staff turns go to the plain one.
  const patientConversations = assist
    ? new AssistedConversations({
        inner: conversations,
        assist,
        store,
        catalog: conversations.catalog,
        clock: systemClock,
        config: settings.engineConfig,
        ...(translation ? { liveChat: { translation, clinicianJoined: (sessionId: string) => repositories.cases.isClaimed(sessionId) } } : {}),
      })
    : conversations;
  return {
    store,
    bus,
    conversations: patientConversations,
    consoleParts: { repositories, conversations, queue: store.queue },
    closeStore,
    settings,
    ...(summaries && translation ? { assist: { summaries, translation } } : {}),
  };
}

/** Given the configuration and the adapters, returns a runtime (not yet the process's: see installRuntime). */
export function createRuntime(
  config: TriageConfig,
  parts: RuntimeParts,
  web: Partial<WebChannelOptions> = {},
  slack: Partial<SlackChannelOptions> = {},
): Runtime {
  const metrics = createMetrics();
  const settings = parts.settings ?? new LiveSettings({ defaults: defaultSettings(config), country: config.country, clock: systemClock, logger });
  const cp = parts.consoleParts;
  // The patient's side of the hand-off (waiting screen, call-back number, leaving) needs the cases' store.
  const patientCases = cp?.queue
    ? new PatientCases({
        cases: cp.repositories.cases,
        queue: cp.queue,
        staff: cp.conversations,
        bus: parts.bus,
        clock: systemClock,
        config: settings.engineConfig,
        country: config.country,
      })
    : undefined;
  const webChannel = createWebChannel(
    { conversations: parts.conversations, ...(patientCases ? { cases: patientCases } : {}), bus: parts.bus, logger: logger.child({ channel: "web" }), metrics },
    {
      ...webOptionsFromEnv(),
      maxFrameBytes: config.env.WS_MAX_FRAME_BYTES,
      // Behind a reverse proxy that rewrites Host, the public address's pages are still our own.
      allowedOriginHosts: config.env.PUBLIC_URL ? [new URL(config.env.PUBLIC_URL).host] : [],
      ...web,
      defaultLocale: config.defaultLocale,
    },
  );
  const consoleServices = cp
    ? createConsoleServices({
        console: cp.repositories,
        store: parts.store,
        conversations: translatingStaffTurns(cp.conversations, parts.assist?.translation, { store: parts.store, clock: systemClock }),
        bus: parts.bus,
        clock: systemClock,
        ids: systemIds,
        config,
        engineConfig: settings.engineConfig,
        settings,
        logger,
        ...(cp.overrides ? { overrides: cp.overrides } : {}),
      })
    : undefined;
  const slackChannel = openSlackChannel(config, parts, consoleServices, settings, slack);
  // The console's upgrades (/ws?console=1) are offered before the patients' (/ws).
  metrics.trackConnections("web", () => webChannel.connectionCount);
  const channels: Channel[] = [...(consoleServices ? [consoleServices.channel] : []), webChannel, ...(slackChannel ? [slackChannel] : [])];
  let closing: Promise<void> | undefined;
  const security = securityPolicy(config.env);
  return {
    ...parts,
    config,
    settings,
    web: webChannel,
    metrics,
    ...(slackChannel ? { slack: slackChannel } : {}),
    channels,
    ...(consoleServices ? { console: consoleServices } : {}),
    ...(parts.store instanceof PrismaStore && cp
      ? { admin: createAdminServices({ store: parts.store, catalog: cp.conversations.catalog, config: settings.engineConfig, clock: systemClock }) }
      : {}),
    frameAncestors: (csp, pathname) => withFrameAncestors(csp, security, pathname),
    ...(parts.store instanceof PrismaStore ? { fhir: createFhirService({ store: parts.store, urgencyLabels: () => settings.current.urgencyLabels }) } : {}),
    ...(parts.store instanceof PrismaStore ? { erasure: createErasureService({ store: parts.store, bus: parts.bus }) } : {}),
    close() {
      closing ??= (async () => {
        await consoleServices?.stop();
        await Promise.allSettled(channels.map((c) => c.close()));
        await parts.closeStore();
      })();
      return closing;
    },
  };
}

/** The Slack channel when configured (bot/channels/slack); its clinicians' side needs the console. */
function openSlackChannel(
  config: TriageConfig,
  parts: RuntimeParts,
  consoleServices: ConsoleServices | undefined,
  settings: LiveSettings,
  overrides: Partial<SlackChannelOptions>,
): SlackChannel | undefined {
  const setup = slackSetup(config, overrides);
  if (!setup.enabled) return undefined;
  const repositories = parts.consoleParts?.repositories;
  return createSlackChannel(
    {
      conversations: parts.conversations,
      bus: parts.bus,
      logger: logger.child({ channel: "slack" }),
      clock: systemClock,
      defaultLocale: config.defaultLocale,
      urgencyLabels: () => settings.current.urgencyLabels,
      ...(parts.slackConversations ? { store: parts.slackConversations } : {}),
      ...(parts.slackDeliveries ? { deliveries: parts.slackDeliveries } : {}),
      ...(consoleServices && repositories
        ? {
            console: {
              cases: consoleServices.cases,
              activeForSession: (sessionId: string) => repositories.cases.activeForSession(sessionId),
              findUserByEmail: async (email: string) => (await repositories.users.findByEmail(email))?.user,
              findUserById: (id: string) => repositories.users.findById(id),
              ...(parts.assist ? { summary: (sessionId: string) => parts.assist!.summaries.latest(sessionId) } : {}),
            },
          }
        : {}),
    },
    setup.options,
  );
}

type Slot = { [RUNTIME_SLOT]?: Runtime };

/** Makes `runtime` the process's runtime; a second one in the same process is a wiring bug. */
export function installRuntime(runtime: Runtime): Runtime {
  const slot = globalThis as Slot;
  if (slot[RUNTIME_SLOT] && slot[RUNTIME_SLOT] !== runtime) throw new Error("a runtime is already installed in this process");
  slot[RUNTIME_SLOT] = runtime;
  return runtime;
}

/** The process's runtime, if one was installed. */
export function installedRuntime(): Runtime | undefined {
  return (globalThis as Slot)[RUNTIME_SLOT];
}

/** Forgets the process's runtime (after it closed). */
export function uninstallRuntime(runtime: Runtime): void {
  const slot = globalThis as Slot;
  if (slot[RUNTIME_SLOT] === runtime) delete slot[RUNTIME_SLOT];
}
