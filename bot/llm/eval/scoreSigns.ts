import type { AssistFailure } from "../askModel.js";
import type { SignsEvalItem } from "./signsEvalSet.js";
import { fallbackLine, fallbacksOf, pct, ratio, type FallbackCounts } from "./evalReport.js";

/** What the model said for one item: the signs it named, or why it fell back. */
export type SignsResult = { id: string; named: string[] } | { id: string; failure: AssistFailure };

export interface SignsEvalReport extends FallbackCounts {
  items: number;
  /** Items labelled with at least one sign. */
  withSigns: number;
  /**
   * Of the items with a sign, the share where the model named none of the expected signs (a fallback
   * counts as a miss): the patient would not have been asked about that sign because of the model.
   */
  missRate: number | null;
  misses: number;
  /** Of the items without a sign, the share where the model named one (one more question for the patient, never an urgency). */
  falseAlarmRate: number | null;
  bySign: { sign: string; support: number; missed: number; missRate: number | null }[];
  byLanguage: Record<string, { withSigns: number; missRate: number | null }>;
}

/** Given the labelled items and the model's results (by id), returns the red-flag miss rate overall, per sign and per language, the false-alarm and fallback rates. */
export function scoreSigns(items: readonly SignsEvalItem[], results: readonly SignsResult[]): SignsEvalReport {
  const byId = new Map(results.map((r) => [r.id, r]));
  const signs = new Map<string, { support: number; missed: number }>();
  const languages: Record<string, { withSigns: number; missed: number }> = {};
  let withSigns = 0;
  let misses = 0;
  let negatives = 0;
  let falseAlarms = 0;
  for (const item of items) {
    const result = byId.get(item.id);
    const named = result && "named" in result ? result.named : [];
    if (item.signs.length === 0) {
      negatives += 1;
      if (named.length > 0) falseAlarms += 1;
      continue;
    }
    withSigns += 1;
    const language = (languages[item.language] ??= { withSigns: 0, missed: 0 });
    language.withSigns += 1;
    // Naming any expected sign is enough: the whole confirmation question is asked.
    const missed = !item.signs.some((s) => named.includes(s));
    if (missed) {
      misses += 1;
      language.missed += 1;
    }
    for (const sign of item.signs) {
      const count = signs.get(sign) ?? { support: 0, missed: 0 };
      count.support += 1;
      if (missed) count.missed += 1;
      signs.set(sign, count);
    }
  }
  return {
    items: items.length,
    withSigns,
    missRate: ratio(misses, withSigns),
    misses,
    falseAlarmRate: ratio(falseAlarms, negatives),
    ...fallbacksOf(items, byId),
    bySign: [...signs].map(([sign, c]) => ({ sign, support: c.support, missed: c.missed, missRate: ratio(c.missed, c.support) })),
    byLanguage: Object.fromEntries(Object.entries(languages).map(([k, v]) => [k, { withSigns: v.withSigns, missRate: ratio(v.missed, v.withSigns) }])),
  };
}

/** The red-flag part of the report as the terminal shows it. */
export function formatSignsReport(report: SignsEvalReport, model: string): string {
  return [
    `Warning signs in the opening message, model ${model}: ${report.items} items, ${report.withSigns} with a sign`,
    "",
    "sign                    support  missed",
    ...report.bySign.map((s) => `${s.sign.padEnd(24)}${String(s.support).padStart(7)}  ${pct(s.missRate)}`),
    "",
    `red-flag miss rate             ${pct(report.missRate)}  (${report.misses} of ${report.withSigns}; the keyword lists still apply)`,
    ...Object.entries(report.byLanguage).map(([language, s]) => `  ${language.padEnd(8)} ${String(s.withSigns).padStart(4)} items: missed ${pct(s.missRate)}`),
    `false-alarm rate               ${pct(report.falseAlarmRate)}  (one more question, never an urgency)`,
    fallbackLine(report),
    "",
  ].join("\n");
}
