import { FlowNotFoundError, sessionQuestion, type Locale } from "../../flows/index.js";
import { TriageError, asTriageError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { ChatMessage, QuestionView } from "./chatMessage.js";
import { FlowCatalog } from "./flowCatalog.js";
import { KeyedQueue } from "./keyedQueue.js";
import type {
  Bus,
  BusEvent,
  ClinicianPresence,
  Clock,
  CommittedTurn,
  Ids,
  InboundEvent,
  SessionRecord,
  SessionVersion,
  StaffTurn,
  Store,
  StoredSession,
} from "./ports.js";
import { relayTurn } from "./relayTurn.js";
import { renderCurrentQuestion } from "./renderCurrentQuestion.js";
import { retryOnConflict } from "./retryOnConflict.js";
import { SessionCache } from "./sessionCache.js";
import { instantSpan } from "../telemetry/tracing.js";
import { DEFAULT_RESUME_TOKEN_TTL_MS, hashResumeToken, resumeTokenExpired } from "./resumeToken.js";
import { startSessionTurn } from "./startSessionTurn.js";
import { startToken } from "./startToken.js";
import { takeTurn } from "./takeTurn.js";
import { performEffects } from "./turnEffects.js";
import { FirstTurnPreviews, type FirstTurnPreview } from "./previewFirstTurn.js";
import type { EngineConfig, TurnOutcome } from "./turnContext.js";

export interface ConversationDeps {
  store: Store;
  bus: Bus;
  clock: Clock;
  ids: Ids;
  config: EngineConfig;
  /** Shared with other services of the process so each flow version is compiled once. */
  catalog?: FlowCatalog;
  /** Ids, codes and durations only: never answers or free text. */
  logger?: Pick<Logger, "warn" | "error">;
  /** When given, a patient's text during a hand-off a clinician joined is relayed to them (relayTurn), not answered. */
  presence?: ClinicianPresence;
  /** How long a resume token lives after its session's last activity (default 24 h); a closed session's token is refused at once. */
  resumeTokenTtlMs?: number;
  /** Called for a committed turn's handoff_requested effect, once its case is stored (the LLM case summary starts there, off the patient's path). */
  afterHandoff?: (sessionId: string) => void;
}

export interface StartInput {
  flow: string;
  locale: Locale;
  channel: string;
  clientMessageId: string;
  /**
   * The client's secret key (the chat page draws one from a CSPRNG): with it, the start is
   * identified by the key and its message id, and the same client re-sending it gets the same
   * session and token back (startToken.ts). Without it, every start opens a new session.
   */
  clientKey?: string;
}

export interface Started {
  sessionId: string;
  /** Given to the patient; only its SHA-256 is stored (again to the same client re-sending its start). */
  resumeToken: string;
  turn: CommittedTurn;
}

export interface Resumed {
  session: SessionRecord;
  messages: ChatMessage[];
  question?: QuestionView;
}

/**
 * The hot path of a patient turn, on the ports only: load the session with its version, answer a
 * client message id already committed with its stored reply, guard, take the pure turn, commit it
 * on the version it was computed from, reply once committed, then publish. A commit refused
 * because the session moved on (another instance wrote it) is computed again on a fresh read,
 * after a short jittered pause (retryOnConflict):
 * that compare-and-set, in the store, is what keeps instances from overwriting each other; the
 * queue below only keeps this process's turns of a session in arrival order without wasted
 * attempts. Channels call it; it never knows which channel is calling.
 */
export class ConversationService {
  readonly catalog: FlowCatalog;
  readonly #queue = new KeyedQueue();
  /** Sessions as this process last committed them: a patient's next turn skips the store's read (sessionCache.ts). */
  readonly #sessions = new SessionCache();
  readonly #previews: FirstTurnPreviews;

  constructor(private readonly deps: ConversationDeps) {
    this.catalog = deps.catalog ?? new FlowCatalog(deps.store, { clock: deps.clock });
    this.#previews = new FirstTurnPreviews(deps.config);
  }

  /** Starts a session on the latest version of a flow and returns its id, resume token and first turn. */
  start(input: StartInput): Promise<Started> {
    const resumeToken = input.clientKey ? startToken(input.clientKey, input) : this.deps.ids.newToken();
    const resumeTokenHash = hashResumeToken(resumeToken);
    // Two starts of one client at once (two connections): one inserts the session, the other's
    // insert conflicts on the token hash and its next attempt finds that session.
    return retryOnConflict(async () => {
      const earlier = input.clientKey ? await this.#started(resumeTokenHash, resumeToken, input.clientMessageId) : undefined;
      return earlier ?? this.#start(input, resumeToken, resumeTokenHash);
    });
  }

  /**
   * What a new session of `flow` would say first in `locale`, from its latest published version
   * (nothing is stored), with that version's title: the chat page renders it on the server, so the
   * patient reads the first question before the page's script and the session are there (issue 24,
   * 4b). Kept until a publication or a settings change (FirstTurnPreviews); undefined when the flow
   * is not published.
   */
  async firstTurn(flow: string, locale: Locale): Promise<FirstTurnPreview | undefined> {
    const resolver = await this.catalog.resolverFor([{ slug: flow }]);
    return guarded(() => this.#previews.get(resolver, flow, locale, this.deps.clock.now()));
  }

  /** The session this client's start opened already, with the start's stored reply, if any. */
  async #started(resumeTokenHash: string, resumeToken: string, clientMessageId: string): Promise<Started | undefined> {
    const { store } = this.deps;
    const session = await store.findSessionByResumeTokenHash(resumeTokenHash);
    if (!session) return undefined;
    // The start's token is the session's resume token: it opens nothing a resume would refuse.
    if (resumeTokenExpired(session, this.deps.clock.now(), this.deps.resumeTokenTtlMs ?? DEFAULT_RESUME_TOKEN_TTL_MS)) {
      throw new TriageError("TRIAGE_RESUME_EXPIRED", "resume token expired", { sessionId: session.id });
    }
    const earlier = (await store.readTurn(session.id, clientMessageId))?.earlier;
    if (!earlier) throw new TriageError("TRIAGE_INTERNAL", "a session with this start's token but not its turn", { sessionId: session.id });
    return { sessionId: session.id, resumeToken, turn: earlier };
  }

  async #start(input: StartInput, resumeToken: string, resumeTokenHash: string): Promise<Started> {
    const { ids, clock, config } = this.deps;
    const resolver = await this.catalog.resolverFor([{ slug: input.flow }]);
    if (!resolver.latest(input.flow)) throw new TriageError("TRIAGE_FLOW_NOT_FOUND", `no published flow ${input.flow}`, { flow: input.flow });
    const sessionId = ids.newId();
    const outcome = guarded(() =>
      startSessionTurn(
        { resolver, now: clock.now(), config, clientMessageId: input.clientMessageId },
        { id: sessionId, flow: input.flow, locale: input.locale, channel: input.channel },
      ),
    );
    const turn = await this.#commit(outcome, input.clientMessageId, { isNew: true, resumeTokenHash }, undefined);
    return { sessionId, resumeToken, turn };
  }

  /**
   * Takes one patient turn. A client message id already committed (a retry, a duplicate delivery,
   * on this instance or another) gets the stored reply and commits nothing.
   */
  send(sessionId: string, clientMessageId: string, event: InboundEvent): Promise<CommittedTurn> {
    return this.#queue.run(sessionId, () => retryOnConflict(() => this.#send(sessionId, clientMessageId, event)));
  }

  async #send(sessionId: string, clientMessageId: string, event: InboundEvent): Promise<CommittedTurn> {
    const { clock, config } = this.deps;
    // The session as this process committed it last, if kept; a stale one is refused at the commit and read again.
    const cached = this.#sessions.get(sessionId, clientMessageId, clock.now().getTime());
    // A trace shows where each turn's session came from: the store's read (triage.read) or this cache.
    if (cached) instantSpan("triage.read", { "triage.read.source": "cache" });
    const read = cached ? { session: cached } : await this.#read(sessionId, clientMessageId);
    if ("earlier" in read) return read.earlier;
    const { session } = read;
    if (session.status === "closed") throw new TriageError("TRIAGE_SESSION_CLOSED", "the session is closed", { sessionId });
    if ((event.type === "text" || event.type === "answer") && (await this.#clinicianIn(session))) {
      return this.#commit(relayTurn({ now: clock.now(), clientMessageId }, session, event), clientMessageId, { isNew: false, base: session.version }, session);
    }
    const resolver = await this.catalog.resolverForState(session.state);
    const outcome = guarded(() => takeTurn({ resolver, now: clock.now(), config, clientMessageId }, session, event));
    return this.#commit(outcome, clientMessageId, { isNew: false, base: session.version }, session);
  }

  /** Reads the session with its version and any stored reply of this client message id (Store.readTurn). */
  async #read(sessionId: string, clientMessageId: string): Promise<{ earlier: CommittedTurn } | { session: StoredSession }> {
    const read = await this.deps.store.readTurn(sessionId, clientMessageId);
    if (!read) throw new TriageError("TRIAGE_SESSION_NOT_FOUND", "no such session", { sessionId });
    return read.earlier ? { earlier: read.earlier } : { session: read.session };
  }

  #clinicianIn(session: SessionRecord): Promise<boolean> {
    const { presence } = this.deps;
    return session.status === "handoff" && presence ? presence.clinicianJoined(session.id) : Promise.resolve(false);
  }

  /**
   * Commits a turn written by staff (a clinician's message, the SLA monitor's notice) on a session:
   * serialised with the patient's turns, de-duplicated by client message id, committed through the
   * same path (one transcript, one audit chain) and published. `make` gets the current session.
   */
  commitStaffTurn(sessionId: string, clientMessageId: string, make: (session: SessionRecord, now: Date) => StaffTurn): Promise<CommittedTurn> {
    return this.#queue.run(sessionId, () =>
      retryOnConflict(async () => {
        const read = await this.#read(sessionId, clientMessageId);
        if ("earlier" in read) return read.earlier;
        const { session } = read;
        const now = this.deps.clock.now();
        const turn = make({ ...session, updatedAt: now.toISOString() }, now);
        return this.#commit({ ...turn, effects: [] }, clientMessageId, { isNew: false, base: session.version }, session);
      }),
    );
  }

  /**
   * Commits a turn computed from `from` (undefined for a new session), then publishes what it
   * changed; the reply exists only once the commit resolved. The session cache follows the commit:
   * kept as committed, or dropped when the commit was refused or failed (the next attempt reads).
   */
  async #commit(
    outcome: TurnOutcome,
    clientMessageId: string,
    how: { isNew: boolean; resumeTokenHash?: string; base?: SessionVersion },
    from: StoredSession | undefined,
  ): Promise<CommittedTurn> {
    const sessionId = outcome.session.id;
    let stored: CommittedTurn;
    try {
      stored = await this.deps.store.commitTurn({
        session: outcome.session,
        clientMessageId,
        messages: outcome.messages,
        audit: outcome.audit,
        ...how,
        ...(outcome.handoff ? { handoff: { ...outcome.handoff, ...(outcome.firstReasonText ? { firstReasonText: outcome.firstReasonText } : {}) } } : {}),
      });
    } catch (error) {
      this.#sessions.drop(sessionId);
      throw error;
    }
    // The reply as a repeated delivery will get it (the stored one): without the version, which is the store's business.
    const { version, ...committed } = stored;
    if (version) this.#sessions.set(from, outcome.session, version, clientMessageId, this.deps.clock.now().getTime());
    else this.#sessions.drop(sessionId);
    this.#publish(committed, outcome);
    return committed;
  }

  /** After the commit: the stored messages are published, then the turn's effects are performed (turnEffects.ts). */
  #publish(committed: CommittedTurn, outcome: TurnOutcome): void {
    const { bus, logger, afterHandoff } = this.deps;
    const { sessionId } = committed;
    // The turn is committed whatever happens here: a failed publication is logged, never thrown.
    const report = (error: unknown) => logger?.warn({ sessionId, code: asTriageError(error).code }, "bus publication failed");
    const publish = (event: BusEvent) => void bus.publish(event).catch(report);
    if (committed.messages.length > 0) publish({ type: "session.messages", sessionId, messages: committed.messages });
    performEffects(outcome.effects, sessionId, { publish, ...(afterHandoff ? { handoffOpened: afterHandoff } : {}) });
  }

  /** Given a resume token and the last seq the client has, returns the session, what it missed and the pending question. */
  async resume(resumeToken: string, afterSeq: number): Promise<Resumed> {
    const { store } = this.deps;
    const session = await store.findSessionByResumeTokenHash(hashResumeToken(resumeToken));
    if (!session) throw new TriageError("TRIAGE_RESUME_FAILED", "resume token unknown");
    // A bearer token must not open a transcript forever (issue 19): not once the case is closed, nor long after the last activity.
    if (resumeTokenExpired(session, this.deps.clock.now(), this.deps.resumeTokenTtlMs ?? DEFAULT_RESUME_TOKEN_TTL_MS)) {
      throw new TriageError("TRIAGE_RESUME_EXPIRED", "resume token expired", { sessionId: session.id });
    }
    const messages = await store.messagesAfter(session.id, Math.max(0, Math.floor(afterSeq)));
    const resolver = await this.catalog.resolverForState(session.state);
    const { question } = guarded(() => sessionQuestion(resolver, session.state));
    return question ? { session, messages, question: renderCurrentQuestion(resolver, session.state, question, session.locale) } : { session, messages };
  }
}

/** Runs the pure part, turning a flow that cannot be found into its coded error. */
function guarded<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof FlowNotFoundError) {
      throw new TriageError("TRIAGE_FLOW_NOT_FOUND", error.message, { flow: error.slug, ...(error.version ? { version: error.version } : {}) });
    }
    throw error;
  }
}
