import type { Locale } from "../../../flows/index.js";
import type { CaseRecord } from "../../cases/caseStore.js";
import { advanceGlance, type QueueGlance } from "../../cases/queueGlance.js";
import type { ChatMessage } from "../../engine/chatMessage.js";

interface OpenCase {
  found: CaseRecord;
  /** The queue glance already computed, per reader language. */
  glances: Map<Locale, QueueGlance>;
  /** The last message seq the bus has told of: a glance read from the store before it is not kept. */
  seenSeq: number;
}

/**
 * The open cases the connected consoles list, by session, with their queue glances: kept from the
 * bus's case events so that a patient's message costs the console channel no store read (issue 23:
 * it used to look the session's case up and read its whole transcript for every message).
 * Valid while consoles are connected: `reset` when the first one connects, then `merge` its queue.
 */
export class OpenCaseViews {
  readonly #bySession = new Map<string, OpenCase>();
  /** Cases closed since the last reset: a queue read that started before the close must not bring them back. */
  readonly #closed = new Set<string>();

  reset(): void {
    this.#bySession.clear();
    this.#closed.clear();
  }

  /** Adds the cases of a queue read, leaving alone those the bus has told of since (fresher). */
  merge(cases: readonly CaseRecord[]): void {
    for (const found of cases) {
      if (found.state !== "closed" && !this.#closed.has(found.id) && !this.#bySession.has(found.sessionId))
        this.#bySession.set(found.sessionId, { found, glances: new Map(), seenSeq: 0 });
    }
  }

  /** A case as the store just gave it: an open or claimed case replaces its session's entry; a closed one leaves. */
  note(found: CaseRecord): void {
    const known = this.#bySession.get(found.sessionId);
    if (found.state === "closed") {
      this.#closed.add(found.id);
      if (known?.found.id === found.id) this.#bySession.delete(found.sessionId);
      return;
    }
    const same = known?.found.id === found.id;
    this.#bySession.set(found.sessionId, { found, glances: same ? known.glances : new Map(), seenSeq: same ? known.seenSeq : 0 });
  }

  /** The session's open case, if any. */
  forSession(sessionId: string): CaseRecord | undefined {
    return this.#bySession.get(sessionId)?.found;
  }

  /** The case's glance in `locale`, computed once by `compute` while the case is open. */
  async glance(found: CaseRecord, locale: Locale, compute: () => Promise<QueueGlance>): Promise<QueueGlance> {
    const entry = this.#bySession.get(found.sessionId);
    const cached = entry?.found.id === found.id ? entry.glances.get(locale) : undefined;
    if (cached) return cached;
    const glance = await compute();
    const now = this.#bySession.get(found.sessionId);
    const current = now?.found.id === found.id && (glance.lastMessage?.seq ?? 0) >= now.seenSeq;
    if (current && !now.glances.has(locale)) now.glances.set(locale, glance);
    return now?.glances.get(locale) ?? glance;
  }

  /** The messages a turn committed on a session move its case's glances on. */
  advance(sessionId: string, messages: readonly ChatMessage[]): void {
    const entry = this.#bySession.get(sessionId);
    if (!entry) return;
    entry.seenSeq = Math.max(entry.seenSeq, messages.at(-1)?.seq ?? 0);
    for (const [locale, glance] of entry.glances) entry.glances.set(locale, advanceGlance(glance, messages));
  }
}
