import type { AssistFailure } from "../askModel.js";
import type { ComplaintEvalItem } from "./complaintEvalSet.js";
import { fallbackLine, fallbacksOf, pct, ratio, type FallbackCounts } from "./evalReport.js";

/** What the model said for one item: the options it suggested, most likely first, or why it fell back. */
export type ItemResult = { id: string; suggested: string[] } | { id: string; failure: AssistFailure };

export interface LabelScore {
  label: string;
  /** Items labelled with it. */
  support: number;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** Of the items the model suggested this label for, the share labelled with it (null: never suggested). */
  precision: number | null;
  /** Of the items labelled with it, the share the model suggested it for (fallbacks count as misses). */
  recall: number | null;
}

/** Fallbacks: items where the model gave nothing usable (late, error, invalid...): the patient saw the plain question. */
export interface ComplaintEvalReport extends FallbackCounts {
  items: number;
  /** The first suggestion is one of the expected options. */
  top1Accuracy: number;
  /** Micro-averaged over every label. */
  precision: number | null;
  recall: number | null;
  byLabel: LabelScore[];
  byLanguage: Record<string, { items: number; top1Accuracy: number; fallbackRate: number }>;
}

/** Given the labelled items and the model's results (by id), returns precision and recall per label, top-1 accuracy and the fallback rate. */
export function scoreComplaints(items: readonly ComplaintEvalItem[], results: readonly ItemResult[], labels: readonly string[]): ComplaintEvalReport {
  const byId = new Map(results.map((r) => [r.id, r]));
  const counts = new Map(labels.map((l) => [l, { support: 0, tp: 0, fp: 0, fn: 0 }]));
  const languages: Record<string, { items: number; top1: number; fallbacks: number }> = {};
  let top1 = 0;
  for (const item of items) {
    const result = byId.get(item.id);
    const language = (languages[item.language] ??= { items: 0, top1: 0, fallbacks: 0 });
    language.items += 1;
    const suggested = result && "suggested" in result ? result.suggested : [];
    if (!result || "failure" in result) language.fallbacks += 1;
    if (suggested[0] !== undefined && item.complaints.includes(suggested[0])) {
      top1 += 1;
      language.top1 += 1;
    }
    for (const label of item.complaints) {
      const count = counts.get(label);
      if (!count) continue;
      count.support += 1;
      if (suggested.includes(label)) count.tp += 1;
      else count.fn += 1;
    }
    for (const label of suggested) if (!item.complaints.includes(label)) counts.get(label) && (counts.get(label)!.fp += 1);
  }
  const byLabel = [...counts].map(([label, c]) => ({
    label,
    support: c.support,
    truePositives: c.tp,
    falsePositives: c.fp,
    falseNegatives: c.fn,
    precision: ratio(c.tp, c.tp + c.fp),
    recall: ratio(c.tp, c.tp + c.fn),
  }));
  const sum = (key: "truePositives" | "falsePositives" | "falseNegatives") => byLabel.reduce((n, l) => n + l[key], 0);
  return {
    items: items.length,
    ...fallbacksOf(items, byId),
    top1Accuracy: items.length === 0 ? 0 : top1 / items.length,
    precision: ratio(sum("truePositives"), sum("truePositives") + sum("falsePositives")),
    recall: ratio(sum("truePositives"), sum("truePositives") + sum("falseNegatives")),
    byLabel,
    byLanguage: Object.fromEntries(
      Object.entries(languages).map(([k, v]) => [k, { items: v.items, top1Accuracy: v.top1 / v.items, fallbackRate: v.fallbacks / v.items }]),
    ),
  };
}

/** The report as the terminal shows it. */
export function formatComplaintReport(report: ComplaintEvalReport, model: string): string {
  const lines = [
    `Complaint suggestions, model ${model}: ${report.items} items`,
    "",
    "label                 support  precision  recall",
    ...report.byLabel.map((l) => `${l.label.padEnd(22)}${String(l.support).padStart(7)}    ${pct(l.precision)}  ${pct(l.recall)}`),
    "",
    `all labels (micro)             ${pct(report.precision)}  ${pct(report.recall)}`,
    `top-1 accuracy                 ${pct(report.top1Accuracy)}`,
    ...Object.entries(report.byLanguage).map(
      ([language, s]) => `  ${language.padEnd(8)} ${String(s.items).padStart(4)} items: top-1 ${pct(s.top1Accuracy)}, fallback ${pct(s.fallbackRate)}`,
    ),
    fallbackLine(report),
    "",
  ];
  return lines.join("\n");
}
