import { urgencyRank, type Urgency } from "../urgency.js";
import { categoryOf, VIGNETTE_CATEGORIES, type Vignette, type VignetteCategory } from "./vignetteSchema.js";
import type { VignetteRun } from "./runVignette.js";

/** The suite's results in the terms of Semigran et al. (BMJ 2015), plus what gates a flow change. */
export interface VignetteReport {
  total: number;
  /** Share of vignettes whose level is one a clinician accepts, overall and per category (0-1). */
  appropriate: number;
  byCategory: Record<VignetteCategory, { total: number; appropriate: number }>;
  /** EMERGENCY vignettes that ended below EMERGENCY: a single one fails the gate. */
  emergencyUnderTriaged: string[];
  /** URGENT vignettes that ended below URGENT. */
  urgentUnderTriaged: string[];
  /** SELF_CARE vignettes sent to URGENT or EMERGENCY. */
  selfCareOverTriaged: string[];
  medianQuestions: number;
  maxQuestions: number;
  /** Vignettes that could not be played (no answer for a question, an answer that does not parse). */
  problems: { id: string; problem: string; unanswered?: string }[];
  rows: { id: string; locale: string; category: VignetteCategory; gold: Urgency; level?: Urgency; appropriate: boolean; questions?: number; flows?: string[] }[];
}

/** The targets of the safety-net issue: what `npm test` and the publish gate hold the library to. */
export const VIGNETTE_TARGETS = {
  emergencyUnderTriaged: 0,
  urgentUnderTriagedShare: 0.02,
  appropriate: 0.9,
  appropriatePerCategory: 0.85,
  selfCareOverTriagedShare: 0.1,
  medianQuestions: 12,
} as const;

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Given the vignettes and their runs (same order), returns the report. A vignette that could not be played counts as inappropriate. */
export function reportVignettes(vignettes: Vignette[], runs: VignetteRun[]): VignetteReport {
  const byCategory = Object.fromEntries(VIGNETTE_CATEGORIES.map((c) => [c, { total: 0, appropriate: 0 }])) as VignetteReport["byCategory"];
  const report: VignetteReport = { total: vignettes.length, appropriate: 0, byCategory, emergencyUnderTriaged: [], urgentUnderTriaged: [], selfCareOverTriaged: [], medianQuestions: 0, maxQuestions: 0, problems: [], rows: [] };
  const questions: number[] = [];
  let appropriateCount = 0;
  vignettes.forEach((vignette, i) => {
    const run = runs[i]!;
    const category = categoryOf(vignette.gold);
    byCategory[category].total++;
    if (!run.ok) {
      report.problems.push(run.unanswered === undefined ? { id: vignette.id, problem: run.problem } : { id: vignette.id, problem: run.problem, unanswered: run.unanswered });
      // Unplayable counts against the suite: an emergency that cannot be played is not caught.
      if (vignette.gold === "EMERGENCY") report.emergencyUnderTriaged.push(vignette.id);
      if (vignette.gold === "URGENT") report.urgentUnderTriaged.push(vignette.id);
      report.rows.push({ id: vignette.id, locale: vignette.locale, category, gold: vignette.gold, appropriate: false });
      return;
    }
    const ok = vignette.appropriate.includes(run.level);
    if (ok) {
      appropriateCount++;
      byCategory[category].appropriate++;
    }
    questions.push(run.questions);
    const below = urgencyRank(run.level) > urgencyRank(vignette.gold);
    if (vignette.gold === "EMERGENCY" && below) report.emergencyUnderTriaged.push(vignette.id);
    if (vignette.gold === "URGENT" && below) report.urgentUnderTriaged.push(vignette.id);
    if (vignette.gold === "SELF_CARE" && urgencyRank(run.level) <= urgencyRank("URGENT")) report.selfCareOverTriaged.push(vignette.id);
    report.rows.push({ id: vignette.id, locale: vignette.locale, category, gold: vignette.gold, level: run.level, appropriate: ok, questions: run.questions, flows: run.flows });
  });
  report.appropriate = vignettes.length ? appropriateCount / vignettes.length : 0;
  report.medianQuestions = median(questions);
  report.maxQuestions = questions.length ? Math.max(...questions) : 0;
  return report;
}

/** Each target the report misses, in words; empty when the suite passes. */
export function missedTargets(report: VignetteReport): string[] {
  const t = VIGNETTE_TARGETS;
  const missed: string[] = [];
  const count = (level: Urgency) => report.rows.filter((r) => r.gold === level).length;
  if (report.emergencyUnderTriaged.length > t.emergencyUnderTriaged) missed.push(`EMERGENCY under-triaged: ${report.emergencyUnderTriaged.join(", ")}`);
  if (report.urgentUnderTriaged.length > t.urgentUnderTriagedShare * count("URGENT")) missed.push(`URGENT under-triaged above ${t.urgentUnderTriagedShare * 100}%: ${report.urgentUnderTriaged.join(", ")}`);
  if (report.appropriate < t.appropriate) missed.push(`appropriate ${pct(report.appropriate)} < ${pct(t.appropriate)}`);
  for (const [category, { total, appropriate }] of Object.entries(report.byCategory)) {
    if (total > 0 && appropriate / total < t.appropriatePerCategory) missed.push(`${category} appropriate ${pct(appropriate / total)} < ${pct(t.appropriatePerCategory)}`);
  }
  if (report.selfCareOverTriaged.length > t.selfCareOverTriagedShare * count("SELF_CARE")) missed.push(`self-care sent to URGENT or EMERGENCY above ${t.selfCareOverTriagedShare * 100}%: ${report.selfCareOverTriaged.join(", ")}`);
  if (report.medianQuestions > t.medianQuestions) missed.push(`median questions ${report.medianQuestions} > ${t.medianQuestions}`);
  if (report.problems.length > 0) missed.push(`${report.problems.length} vignette(s) could not be played`);
  return missed;
}

export function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

/** The report as the Semigran-style table printed by `triage vignettes run`. */
export function formatVignetteReport(report: VignetteReport): string {
  const line = (label: string, value: string) => `${label.padEnd(44)}${value}\n`;
  const cat = (c: VignetteCategory) => {
    const { total, appropriate } = report.byCategory[c];
    return `${total ? pct(appropriate / total) : "—"} (${appropriate}/${total})`;
  };
  let out = `Vignette suite: ${report.total} vignettes, played from the entry flow\n\n`;
  out += line("appropriate overall", `${pct(report.appropriate)} (${report.rows.filter((r) => r.appropriate).length}/${report.total})`);
  out += line("  emergent (EMERGENCY, URGENT)", cat("emergent"));
  out += line("  non-emergent (SOON, ROUTINE)", cat("non_emergent"));
  out += line("  self-care", cat("self_care"));
  out += line("EMERGENCY under-triaged", `${report.emergencyUnderTriaged.length}${report.emergencyUnderTriaged.length ? `: ${report.emergencyUnderTriaged.join(", ")}` : ""}`);
  out += line("URGENT under-triaged", `${report.urgentUnderTriaged.length}${report.urgentUnderTriaged.length ? `: ${report.urgentUnderTriaged.join(", ")}` : ""}`);
  out += line("self-care sent to URGENT or EMERGENCY", `${report.selfCareOverTriaged.length}${report.selfCareOverTriaged.length ? `: ${report.selfCareOverTriaged.join(", ")}` : ""}`);
  out += line("questions per conversation", `median ${report.medianQuestions}, max ${report.maxQuestions}`);
  for (const p of report.problems) out += `problem: ${p.id}: ${p.problem}\n`;
  const inappropriate = report.rows.filter((r) => !r.appropriate && r.level);
  if (inappropriate.length > 0) {
    out += `\ninappropriate levels:\n`;
    for (const r of inappropriate) out += `  ${r.id.padEnd(32)} gold ${r.gold.padEnd(9)} got ${r.level} (${(r.flows ?? []).join(" → ")})\n`;
  }
  const missed = missedTargets(report);
  out += missed.length === 0 ? `\nall targets met\n` : `\ntargets missed:\n${missed.map((m) => `  - ${m}\n`).join("")}`;
  return out;
}
