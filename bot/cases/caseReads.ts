/**
 * What each clinician has read of each case's conversation (issue 24: the queue's unread marks,
 * kept on the server so a clinician finds the same marks on any browser and each clinician has
 * their own): the seq of the last patient message they saw. Not audited: a read mark is a view.
 */
export interface CaseReadStore {
  /** The clinician's marks on the cases not closed, by case id. */
  marksOf(userId: string): Promise<Record<string, number>>;
  /**
   * Raises the clinician's mark on the case to `seq` (a lower seq changes nothing: an older tab
   * never marks a case unread again). False when there is no such case.
   */
  markRead(userId: string, caseId: string, seq: number, at: Date): Promise<boolean>;
}

/** The largest seq a read mark accepts (a 32-bit column on both databases). */
export const MAX_READ_SEQ = 2_147_483_647;
