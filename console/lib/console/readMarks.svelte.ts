/**
 * What a clinician has read of each case's conversation (issue 24: the queue's unread mark): the
 * seq of the patient's last message seen, per case, kept in this browser's localStorage under the
 * clinician's id. Opening a case marks what it shows as read.
 */
export class ReadMarks {
  seen = $state<Record<string, number>>({});
  private readonly key: string;

  constructor(userId: string) {
    this.key = `triage.console.read.${userId}`;
    try {
      const stored = JSON.parse(localStorage.getItem(this.key) ?? "{}") as unknown;
      if (stored && typeof stored === "object") this.seen = Object.fromEntries(Object.entries(stored).filter(([, seq]) => typeof seq === "number")) as Record<string, number>;
    } catch {
      this.seen = {};
    }
  }

  /** True when the patient wrote after what this clinician last saw of the case. */
  unread(caseId: string, lastPatientSeq: number | undefined): boolean {
    return (lastPatientSeq ?? 0) > (this.seen[caseId] ?? 0);
  }

  /** Marks the case read up to `seq`, keeping only the cases still listed (`keep`) so the record stays small. */
  markRead(caseId: string, seq: number, keep: readonly string[] = []): void {
    if ((this.seen[caseId] ?? 0) >= seq) return;
    const kept = Object.fromEntries(Object.entries(this.seen).filter(([id]) => id === caseId || keep.includes(id)));
    this.seen = { ...kept, [caseId]: seq };
    try {
      localStorage.setItem(this.key, JSON.stringify(this.seen));
    } catch {
      // Private mode or a full storage: the mark lasts for this page only.
    }
  }
}
