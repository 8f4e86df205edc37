import { postJson } from "./api";

/**
 * What a clinician has read of each case's conversation (issue 24: the queue's unread mark): the
 * seq of the patient's last message seen, per case. Kept on the server per clinician
 * (bot/cases/caseReads.ts), so another browser of the same clinician shows the same marks and each
 * clinician has their own; the page starts from the marks its load returned.
 */
export class ReadMarks {
  seen = $state<Record<string, number>>({});

  constructor(initial: Record<string, number>) {
    this.seen = { ...initial };
  }

  /** True when the patient wrote after what this clinician last saw of the case. */
  unread(caseId: string, lastPatientSeq: number | undefined): boolean {
    return (lastPatientSeq ?? 0) > (this.seen[caseId] ?? 0);
  }

  /** Marks the case read up to `seq` on this page only: another page of the same clinician saved it (the live socket said so). */
  heard(caseId: string, seq: number): void {
    if ((this.seen[caseId] ?? 0) < seq) this.seen = { ...this.seen, [caseId]: seq };
  }

  /**
   * Marks the case read up to `seq`, here at once and on the server (a failed save lasts for this
   * page only). Kept alive: a clinician who opens a case and goes straight back to the queue (a
   * full page load) would otherwise cancel the save, and the queue would still say "new message".
   */
  markRead(caseId: string, seq: number): void {
    if ((this.seen[caseId] ?? 0) >= seq) return;
    this.seen = { ...this.seen, [caseId]: seq };
    void postJson(`/api/console/cases/${encodeURIComponent(caseId)}/read`, { seq }, { keepalive: true });
  }
}
