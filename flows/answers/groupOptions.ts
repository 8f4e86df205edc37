import type { LocalizedText, Question } from "../schema/flowSchema.js";

export type SingleChoiceQuestion = Extract<Question, { type: "single_choice" }>;

/** The group that takes every option no declared group lists (a declared group with this id takes them too). */
export const OTHER_GROUP_ID = "other";

/** One heading and the option values under it, in display order; `label` is absent for the automatic "other" group. */
export interface ResolvedGroup {
  id: string;
  label?: LocalizedText;
  options: string[];
}

/**
 * Given a single-choice question, returns its options under their headings: declared groups in
 * order (unknown and repeated values skipped), then the options no group lists in an "other"
 * group (merged into a declared group of that id). Empty when the question declares no groups.
 */
export function groupOptions(question: SingleChoiceQuestion): ResolvedGroup[] {
  if (!question.groups || question.groups.length === 0) return [];
  const known = new Set(question.options.map((o) => o.value));
  const placed = new Set<string>();
  const groups: ResolvedGroup[] = question.groups.map((g) => {
    const options: string[] = [];
    for (const v of g.options) {
      if (!known.has(v) || placed.has(v)) continue;
      options.push(v);
      placed.add(v);
    }
    return { id: g.id, label: g.label, options };
  });
  const rest = question.options.map((o) => o.value).filter((v) => !placed.has(v));
  const other = groups.find((g) => g.id === OTHER_GROUP_ID);
  if (other) other.options.push(...rest);
  else if (rest.length > 0) groups.push({ id: OTHER_GROUP_ID, options: rest });
  return groups.filter((g) => g.options.length > 0);
}
