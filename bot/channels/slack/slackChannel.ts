import type { IncomingMessage, ServerResponse } from "node:http";
import { App, webApi, type AuthorizeResult } from "@slack/bolt";
import { DEFAULT_URGENCY_LABELS, type Locale } from "../../../flows/index.js";
import type { ConsoleUser } from "../../auth/authStore.js";
import type { CaseRecord } from "../../cases/caseStore.js";
import type { Clock, InboundEvent } from "../../engine/ports.js";
import { asTriageError } from "../../errors.js";
import type { Channel, ChannelContext } from "../index.js";
import { boltLogger } from "./boltLogger.js";
import { ClinicianSide, type ClinicianSideDeps } from "./clinicianSide.js";
import { PatientSide, type PatientAction } from "./patientSide.js";
import { ACTIONS, decodeAction } from "./slackActions.js";
import { MemorySlackConversations, type SlackConversations, type SlackDm } from "./slackConversations.js";
import { MemorySlackDeliveries, type SlackDeliveries } from "./slackDeliveries.js";
import type { SlackChannelOptions } from "./slackOptions.js";
import { SlackPoster } from "./slackPoster.js";
import { SlackHttpReceiver } from "./slackHttpReceiver.js";
import { SlackSocketReceiver } from "./slackSocketReceiver.js";
import { startFromCommand } from "./startFromCommand.js";

export interface SlackChannelDeps extends ChannelContext {
  clock: Clock;
  defaultLocale: Locale;
  /** The console's case service and accounts: without them, no clinicians' channel. */
  console?: {
    cases: { claim(caseId: string, actor: Pick<ConsoleUser, "id" | "displayName">): Promise<CaseRecord>; get(caseId: string): Promise<CaseRecord> };
    activeForSession(sessionId: string): Promise<CaseRecord | undefined>;
    findUserByEmail(email: string): Promise<ConsoleUser | undefined>;
    findUserById(id: string): Promise<ConsoleUser | undefined>;
    /** The case's stored summary, shown in its announcement (the LLM assist; absent: none). */
    summary?: ClinicianSideDeps["summary"];
  };
  /** Where Slack DMs map to sessions (default: in memory). */
  store?: SlackConversations;
  /** Once-only claims shared by instances (default: in memory). */
  deliveries?: SlackDeliveries;
  /** The level labels in force now (an administrator may rename them; default: the built-in ones). */
  urgencyLabels?: ClinicianSideDeps["urgencyLabels"];
}

export interface SlackChannel extends Channel {
  /** The Bolt app (tests; Socket Mode start). */
  readonly app: InstanceType<typeof App>;
  /** Slack DM <-> session (tests read it; a durable store plugs in through SlackChannelDeps.store). */
  readonly conversations: SlackConversations;
}

/**
 * The Slack channel: a Bolt app whose HTTP receiver is mounted on the process's server at
 * /slack/events (or Socket Mode when an app token is set). It translates DMs, `/triage` and
 * Block Kit clicks into engine events through the conversation service, and back; it listens on
 * the bus for staff messages to Slack sessions and for cases to announce to clinicians.
 */
export function createSlackChannel(deps: SlackChannelDeps, options: SlackChannelOptions): SlackChannel {
  const logger = deps.logger;
  const socketMode = Boolean(options.appToken);
  const blog = boltLogger(logger);
  const deliveries = deps.deliveries ?? new MemorySlackDeliveries();
  const clientOptions: webApi.WebClientOptions = {
    ...(options.slackApiUrl ? { slackApiUrl: options.slackApiUrl } : {}),
    retryConfig: { retries: options.retries, factor: 2, minTimeout: 200, maxTimeout: 10_000, randomize: true },
    rejectRateLimitedCalls: false,
    timeout: 10_000,
    logger: blog,
  };
  const claim = (key: string) => deliveries.claim(`delivery:${key}`, deps.clock.now());
  const httpReceiver = socketMode
    ? undefined
    : new SlackHttpReceiver({
        signingSecret: options.signingSecret ?? "",
        maxBodyBytes: options.maxBodyBytes,
        ackTimeoutMs: options.ackTimeoutMs,
        dedupeSize: 10_000,
        now: () => Date.now(),
        claim,
        logger,
        boltLogger: blog,
      });
  const receiver =
    httpReceiver ??
    new SlackSocketReceiver({
      appToken: options.appToken!,
      clientOptions,
      reconnectDelayMs: options.socketReconnectDelayMs,
      ackTimeoutMs: options.ackTimeoutMs,
      dedupeSize: 10_000,
      claim,
      logger,
      boltLogger: blog,
    });
  const client = new webApi.WebClient(options.botToken, clientOptions);
  const app = new App({
    // Not `token`: Bolt would call auth.test at construction, and Slack unreachable at start-up would
    // crash the process (an unhandled rejection). Asked at the first request instead, kept once it worked.
    authorize: authorizeOnce(client, options.botToken),
    receiver,
    logger: blog,
    convoStore: false,
    clientOptions,
  });
  const poster = new SlackPoster(client, logger);
  const store = deps.store ?? new MemorySlackConversations();
  const patients = new PatientSide({
    conversations: deps.conversations,
    store,
    deliveries,
    poster,
    client,
    logger,
    defaultFlow: options.defaultFlow,
    defaultLocale: deps.defaultLocale,
    clinicianName: async (id) => (await deps.console?.findUserById(id))?.displayName,
  });
  const clinicians =
    deps.console && options.cliniciansChannel
      ? new ClinicianSide({
          ...deps.console,
          client,
          deliveries,
          poster,
          channel: options.cliniciansChannel,
          clock: deps.clock,
          locale: options.cliniciansLocale,
          urgencyLabels: deps.urgencyLabels ?? (() => DEFAULT_URGENCY_LABELS),
          logger,
        })
      : undefined;

  // Listeners acknowledge first (events are acknowledged by Bolt itself) and work after; nothing is awaited past the ack.
  app.event("message", async ({ event, body }) => {
    const m = event as {
      channel_type?: string;
      subtype?: string;
      bot_id?: string;
      user?: string;
      channel: string;
      text?: string;
      client_msg_id?: string;
      team?: string;
    };
    if (m.channel_type !== "im" || m.subtype || m.bot_id || !m.user) return;
    const dm: SlackDm = { user: m.user, channel: m.channel, ...(m.team ? { team: m.team } : {}) };
    void patients.text(dm, m.text ?? "", m.client_msg_id ?? String((body as { event_id?: string }).event_id));
  });

  app.command("/triage", async ({ command, ack, respond }) => {
    await ack();
    void startFromCommand(command, respond, { client, patients, logger });
  });

  const onPatientAction =
    (toEvent: (value: unknown, body: BlockBody) => InboundEvent | undefined) =>
    async ({ ack, body, action }: { ack: () => Promise<void>; body: unknown; action: unknown }) => {
      await ack();
      const b = body as BlockBody;
      const a = action as { value?: string; action_ts?: string; selected_option?: { value: string } };
      const decoded = decodeAction(a.value ?? a.selected_option?.value);
      if (!decoded || !b.channel?.id) return;
      const event = toEvent(decoded.v, b);
      if (!event) return;
      const withQuestion: InboundEvent = event.type === "answer" && decoded.q ? { ...event, questionId: decoded.q } : event;
      const question = b.message?.blocks?.[0]?.text?.text?.replace(/^\*|\*$/g, "");
      const turn: PatientAction = {
        dm: { user: b.user.id, channel: b.channel.id, ...(b.user.team_id ? { team: b.user.team_id } : {}) },
        clickId: `${a.action_ts ?? b.trigger_id}:${b.user.id}`,
        sessionId: decoded.s,
        event: withQuestion,
        ...(b.message?.ts && question && event.type === "answer" ? { message: { ts: b.message.ts, questionText: question } } : {}),
      };
      void patients.action(turn);
    };

  app.action(
    new RegExp(`^${ACTIONS.answer}:`),
    onPatientAction((value) => ({ type: "answer", value })),
  );
  app.action(
    ACTIONS.scale,
    onPatientAction((value) => ({ type: "answer", value })),
  );
  app.action(
    ACTIONS.confirm,
    onPatientAction((_value, body) => ({ type: "answer", value: checkedValues(body) })),
  );
  app.action(
    ACTIONS.locale,
    onPatientAction((value) => (value === "fr" || value === "en" ? { type: "set_locale", locale: value } : undefined)),
  );
  app.action(
    ACTIONS.askHuman,
    onPatientAction(() => ({ type: "ask_human" })),
  );
  // Ticking a checkbox is not an answer yet: the confirm button sends them all.
  app.action(ACTIONS.pick, async ({ ack }) => void (await ack()));
  app.action(ACTIONS.take, async ({ ack, body, action }) => {
    await ack();
    const b = body as BlockBody;
    const caseId = (action as { value?: string }).value;
    if (!clinicians || !caseId || !b.channel?.id) return;
    void clinicians
      .take(caseId, b.user.id, b.channel.id, b.message?.ts)
      .catch((error: unknown) => logger.warn({ code: asTriageError(error).code, caseId }, "slack: take case failed"));
  });

  app.error(async (error) => {
    logger.warn({ code: (error as { code?: string }).code ?? "unknown" }, "slack: listener failed");
  });

  const unsubscribe = deps.bus.subscribe((event) => {
    const run = async () => {
      if (event.type === "session.messages") {
        const conversation = await store.bySession(event.sessionId);
        if (conversation) await patients.pushed(conversation, event.messages);
      } else if (event.type === "handoff.opened") await clinicians?.opened(event.sessionId, event.urgency);
      else if (event.type === "case.updated") await clinicians?.updated(event.caseId);
    };
    void run().catch((error: unknown) => logger.warn({ event: event.type, code: asTriageError(error).code }, "slack: bus event failed"));
  });

  // Slack retries a delivery for about an hour: guard keys older than two are forgotten.
  const pruning = setInterval(() => {
    void deliveries
      .prune(new Date(deps.clock.now().getTime() - 2 * 3_600_000))
      .catch((error: unknown) => logger.warn({ code: asTriageError(error).code }, "slack: pruning deliveries failed"));
  }, 10 * 60_000);
  pruning.unref();

  if (socketMode)
    void app.start().catch((error: unknown) => logger.error({ err: { message: (error as Error).message } }, "slack: Socket Mode failed to start"));

  return {
    name: "slack",
    app,
    conversations: store,
    handleRequest(req: IncomingMessage, res: ServerResponse): boolean {
      if (!httpReceiver) return false;
      if (new URL(req.url ?? "/", "http://localhost").pathname !== options.path) return false;
      httpReceiver.handle(req, res);
      return true;
    },
    async close(): Promise<void> {
      clearInterval(pruning);
      unsubscribe();
      if (socketMode) await app.stop().catch(() => undefined);
    },
  };
}

/** Bolt's authorize for one workspace: the bot's ids from auth.test, asked once it is needed and kept once it answered. */
function authorizeOnce(client: webApi.WebClient, botToken: string): () => Promise<AuthorizeResult> {
  let identity: Promise<{ botUserId?: string; botId?: string }> | undefined;
  return async () => {
    identity ??= client.auth.test().then((r) => ({ ...(r.user_id ? { botUserId: r.user_id } : {}), ...(r.bot_id ? { botId: r.bot_id } : {}) }));
    try {
      return { botToken, ...(await identity) };
    } catch (error) {
      identity = undefined;
      throw error;
    }
  };
}

/** The parts of a block_actions payload we read. */
interface BlockBody {
  trigger_id?: string;
  user: { id: string; team_id?: string };
  channel?: { id: string };
  message?: { ts: string; blocks?: { text?: { text?: string } }[] };
  state?: { values: Record<string, Record<string, { selected_options?: { value: string }[] }>> };
}

/** The ticked checkboxes of the question whose confirm button was clicked (they share its block). */
function checkedValues(body: BlockBody): string[] {
  const values: string[] = [];
  for (const block of Object.values(body.state?.values ?? {})) {
    for (const [actionId, element] of Object.entries(block)) {
      if (actionId === ACTIONS.pick) values.push(...(element.selected_options ?? []).map((o) => o.value));
    }
  }
  return values;
}
