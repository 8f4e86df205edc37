/**
 * The problem codes the validator reports: stable strings that tools and tests branch on (never
 * on the message text, STYLE.md practice 4).
 *
 * | code                       | what is wrong                                                            |
 * |----------------------------|--------------------------------------------------------------------------|
 * | `schema-invalid`           | the JSON does not match the flow schema (one problem per zod issue)      |
 * | `duplicate-node-id`        | two nodes share an id                                                    |
 * | `unknown-start`            | `start` names no node                                                    |
 * | `unknown-node-reference`   | a branch `to`, `next.default`, decision or red-flag `outcome` names no node |
 * | `not-an-outcome`           | a decision or red-flag `outcome` names a node that is not an outcome     |
 * | `unknown-answer-reference` | a condition `var` (or a handover `carry`) names no question or score     |
 * | `unknown-option-reference` | a condition compares a choice question with a value that is not an option |
 * | `unknown-operator`         | a condition uses an operator other than JSON Logic's standard ones or `mentions` |
 * | `unreachable-node`         | no path from `start` reaches the node                                    |
 * | `dead-end`                 | a question, information or score node has no `next.default`             |
 * | `no-outcome-reachable`     | from this node no path reaches an outcome or a handover                  |
 * | `non-terminating-cycle`    | nodes form a cycle that no path leaves                                   |
 * | `missing-translation`      | a patient- or clinician-facing text lacks one of the flow's locales     |
 * | `missing-safety-net`       | an outcome has no safety-netting text                                    |
 * | `invalid-urgency`          | an outcome's urgency is not a level of the platform's scale              |
 * | `invalid-number-range`     | a number question has `min` greater than `max`                           |
 * | `unknown-none-option`      | a multiple-choice `noneOption` is not among its options                  |
 * | `duplicate-option-value`   | two options of one question share a value                                |
 * | `duplicate-group-id`       | two option groups of one question share an id                            |
 * | `unknown-group-option`     | an option group lists a value that is not one of the question's options  |
 * | `option-in-two-groups`     | an option is listed in more than one group (or twice in one)             |
 * | `invalid-suggest-from`     | a single choice's `suggestFrom` is not a free-text question of the flow  |
 * | `self-handover`            | a handover node hands over to its own flow                               |
 * | `unknown-flow`             | (library) a handover names a flow slug the library does not hold        |
 * | `red-flag-not-asked`       | (library) a path reaches an outcome below a red flag of the flow's complaint groups without asking it |
 * | `unclassified-flow`        | (library) the flow has no complaint groups in redFlagScreens.json        |
 * | `catch-all-capped`         | (library) a catch-all cannot reach EMERGENCY or SELF_CARE                |
 */
export const PROBLEM_CODES = [
  "schema-invalid",
  "duplicate-node-id",
  "unknown-start",
  "unknown-node-reference",
  "not-an-outcome",
  "unknown-answer-reference",
  "unknown-option-reference",
  "unknown-operator",
  "unreachable-node",
  "dead-end",
  "no-outcome-reachable",
  "non-terminating-cycle",
  "missing-translation",
  "missing-safety-net",
  "invalid-urgency",
  "invalid-number-range",
  "unknown-none-option",
  "duplicate-option-value",
  "duplicate-group-id",
  "unknown-group-option",
  "option-in-two-groups",
  "invalid-suggest-from",
  "self-handover",
  "unknown-flow",
  "red-flag-not-asked",
  "unclassified-flow",
  "catch-all-capped",
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** One thing wrong with a flow: a stable code, one clear sentence, and where (node, rule, JSON path). */
export interface Problem {
  code: ProblemCode;
  message: string;
  /** The node the problem is in (or about). */
  node?: string;
  /** The rule (branch, decision rule, red flag) the problem is in. */
  rule?: string;
  /** Where in the flow JSON, e.g. `nodes[3].next.branches[0].to`. */
  path?: string;
}

/** Builds a problem, leaving out the location fields that are not known. */
export function problem(code: ProblemCode, message: string, where: { node?: string; rule?: string; path?: string } = {}): Problem {
  const found: Problem = { code, message };
  if (where.node !== undefined) found.node = where.node;
  if (where.rule !== undefined) found.rule = where.rule;
  if (where.path !== undefined) found.path = where.path;
  return found;
}

/** Formats a JSON path (zod's issue path or ours) as `nodes[3].next.default`. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((key, i) => (typeof key === "number" ? `[${key}]` : `${i === 0 ? "" : "."}${String(key)}`)).join("");
}
