/** What survives a reload: the resume token and the last seq seen (never the transcript itself). */
export interface SavedSession {
  sessionId: string;
  resumeToken: string;
  lastSeq: number;
}

/**
 * This browser's session of one flow, in localStorage. Private browsing may refuse storage: the
 * session still works, it just cannot survive a reload.
 */
export class ResumeStorage {
  private readonly key: string;

  constructor(flow: string) {
    this.key = `triage.chat.${flow}`;
  }

  load(): SavedSession | undefined {
    try {
      const raw = localStorage.getItem(this.key);
      return raw ? (JSON.parse(raw) as SavedSession) : undefined;
    } catch {
      return undefined;
    }
  }

  save(saved: SavedSession): void {
    try {
      localStorage.setItem(this.key, JSON.stringify(saved));
    } catch {
      // Refused (private browsing, full): see above.
    }
  }

  /** Moves the last seq seen forward (never back). */
  seen(seq: number): void {
    const saved = this.load();
    if (saved && seq > saved.lastSeq) this.save({ ...saved, lastSeq: seq });
  }

  forget(): void {
    try {
      localStorage.removeItem(this.key);
    } catch {
      // Nothing stored, nothing to forget.
    }
  }
}
