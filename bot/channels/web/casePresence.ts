/** A case one console connection has open (watches). */
export interface WatchedCase {
  sessionId: string;
  /** Who the case is claimed by; undefined while it is open or once it is closed. */
  assigneeId: string | undefined;
}

/** A console connection as presence sees it: who is signed in and which cases they have open. */
export interface PresenceWatcher {
  readonly userId: string;
  readonly watched: ReadonlyMap<string, WatchedCase>;
}

/**
 * Whether a patient's clinician is "with them" on this instance: the case is claimed by a user who
 * has it open on one of their console connections (issue 5, presence). Publishes a change only
 * (watch, unwatch, socket closed, claim, release, close), so the patient's instance can tell the patient.
 */
export class CasePresence {
  /** Sessions this instance last announced as present. */
  readonly #announced = new Set<string>();

  constructor(
    private readonly watchers: () => Iterable<PresenceWatcher>,
    private readonly publish: (sessionId: string, clinician: boolean) => void,
  ) {}

  /** Given a session, returns whether its assigned clinician has its case open here. */
  isPresent(sessionId: string): boolean {
    for (const watcher of this.watchers()) {
      for (const watched of watcher.watched.values()) if (watched.sessionId === sessionId && watched.assigneeId === watcher.userId) return true;
    }
    return false;
  }

  /** Re-checks a session after something changed; publishes only when the answer changed. */
  refresh(sessionId: string): void {
    const present = this.isPresent(sessionId);
    if (present === this.#announced.has(sessionId)) return;
    if (present) this.#announced.add(sessionId);
    else this.#announced.delete(sessionId);
    this.publish(sessionId, present);
  }

  /**
   * Says "present" again when it is true here: a patient asked (resume), or another instance said
   * "absent" (the clinician closed a second tab there) while this one still has the case open.
   */
  reassert(sessionId: string): void {
    if (this.isPresent(sessionId)) this.publish(sessionId, true);
  }

  /** On shutdown: every session announced present here is absent now. */
  withdrawAll(): void {
    for (const sessionId of this.#announced) this.publish(sessionId, false);
    this.#announced.clear();
  }
}
