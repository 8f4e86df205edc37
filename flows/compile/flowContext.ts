/** A typed answer: yes/no -> boolean, choice -> option value(s), number/scale/duration (hours) -> number, text -> string. */
export type AnswerValue = boolean | number | string | string[];

/** Why the flow went where it went: the rule that fired and the answers it read. */
export interface ReasonRecord {
  rule: string;
  kind: "red_flag" | "branch" | "decision" | "handover";
  /** The node whose rule fired (the red flag's outcome for red flags). */
  node: string;
  /** Answer and score ids the rule's condition read. */
  reads: string[];
}

/** The machine's context: plain JSON, so a snapshot can be stored and restored. */
export interface FlowContext {
  /** Answers (and computed scores) by id, including those carried from a previous flow. */
  answers: Record<string, AnswerValue>;
  /** Ids carried in from a previous flow (kept so that "back" can replay from the same start). */
  carried: string[];
  /** Question ids in the order the patient answered them in this flow. */
  answered: string[];
  /** Every node entered that the patient sees (questions, information, outcome), in order. */
  trail: string[];
  reasons: ReasonRecord[];
  /** For each score computed, the indices of its terms that held: a reason reading the score lists them. */
  scored?: Record<string, number[]>;
  redFlag?: string;
  outcome?: string;
  handover?: { flow: string; carry: Record<string, AnswerValue> };
  /** Set by a decision node for the eventless transition that follows it. */
  decided?: string;
  /**
   * Questions not asked because their answer could not change the outcome (question economy,
   * flows/run/questionEconomy.ts), and scores left uncomputed because they read one. Conditions
   * read these as unknown: a rule that depends on them neither fires nor becomes a reason.
   */
  skipped?: SkippedRecord[];
}

/** Why a question was not asked: the outcome was already certain, or no answer to it could change it. */
export type SkipReason = "outcome_certain" | "cannot_change_outcome";

export interface SkippedRecord {
  /** A question id, or a score id whose terms read a skipped question (reason "reads_skipped"). */
  id: string;
  reason: SkipReason | "reads_skipped";
}

export type FlowEvent = { type: "ANSWER"; question: string; value: AnswerValue } | { type: "SKIP"; question: string; reason: SkipReason };

/** A stored snapshot: what XState's persisted snapshot needs to be restored with `resolveState`. */
export interface FlowSnapshot {
  value: string;
  status: "active" | "done";
  context: FlowContext;
}
