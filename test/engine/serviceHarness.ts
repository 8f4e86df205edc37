import { MemoryBus } from "../../bot/bus/memoryBus.js";
import { ConversationService } from "../../bot/engine/conversationService.js";
import { MemoryStore } from "../../bot/engine/memoryStore.js";
import type { BusEvent, Ids, Store } from "../../bot/engine/ports.js";
import { FixedClock } from "../../bot/engine/systemClock.js";
import { tinyFlow } from "../fixtures/tinyFlow.js";
import { TEST_CONFIG } from "./engineHarness.js";
import { entryFlow, everyKindFlow } from "./fixtures/everyKindFlow.js";

/** Ids that say what they are and in which order they were made. */
export function countingIds(): Ids {
  let n = 0;
  return { newId: () => `id-${++n}`, newToken: () => `token-${++n}` };
}

/** A MemoryStore with the fixture flows published. */
export function fixtureStore(): MemoryStore {
  const store = new MemoryStore();
  store.publishFlow(tinyFlow());
  store.publishFlow(everyKindFlow());
  store.publishFlow(entryFlow());
  return store;
}

/** Closes a session as a clinician closing its case would: one committed turn, with no message and the clinician.closed event. */
export async function closeAsClinician(store: MemoryStore, sessionId: string, clientMessageId: string): Promise<void> {
  const { session } = (await store.readTurn(sessionId, clientMessageId))!;
  await store.commitTurn({
    session: { ...session, status: "closed" },
    isNew: false,
    base: session.version,
    clientMessageId,
    messages: [],
    audit: [{ type: "clinician.closed", payload: {} }],
  });
}

/** A service on in-memory adapters, a fixed clock and counting ids; `published` collects bus events. */
export function createService(options: { store?: Store; memory?: MemoryStore } = {}) {
  const memory = options.memory ?? fixtureStore();
  const store = options.store ?? memory;
  const bus = new MemoryBus();
  const published: BusEvent[] = [];
  bus.subscribe((event) => published.push(event));
  const clock = new FixedClock("2026-03-02T10:00:00.000Z");
  const warnings: unknown[] = [];
  const logger = { warn: (...args: unknown[]) => void warnings.push(args), error: (...args: unknown[]) => void warnings.push(args) };
  const service = new ConversationService({ store, bus, clock, ids: countingIds(), config: TEST_CONFIG, logger: logger as never });
  return { service, store: memory, bus, clock, published, warnings };
}

/** A store whose commits wait until the test opens the gate (to observe what happens before a commit). */
export class GatedStore implements Store {
  #open!: () => void;
  #gate: Promise<void> = this.#closedGate();
  commitsWaiting = 0;
  /** Which commits wait for the gate (all by default). */
  holds: (sessionId: string) => boolean = () => true;

  constructor(readonly inner: MemoryStore) {}

  #closedGate(): Promise<void> {
    return new Promise<void>((resolve) => (this.#open = resolve));
  }

  open(): void {
    this.#open();
  }

  close(): void {
    this.#gate = this.#closedGate();
  }

  getSession = (id: string) => this.inner.getSession(id);
  findSessionByResumeTokenHash = (hash: string) => this.inner.findSessionByResumeTokenHash(hash);
  readTurn = (sessionId: string, clientMessageId: string) => this.inner.readTurn(sessionId, clientMessageId);
  messagesAfter = (sessionId: string, afterSeq: number) => this.inner.messagesAfter(sessionId, afterSeq);
  latestFlowVersion = (slug: string) => this.inner.latestFlowVersion(slug);
  flowVersion = (slug: string, version: number) => this.inner.flowVersion(slug, version);
  commitTurn: Store["commitTurn"] = async (turn) => {
    if (this.holds(turn.session.id)) {
      this.commitsWaiting += 1;
      await this.#gate;
      this.commitsWaiting -= 1;
    }
    return this.inner.commitTurn(turn);
  };
}

/** Lets pending promise callbacks and setImmediate round-trips run. */
export async function settle(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}
