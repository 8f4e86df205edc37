import { URGENCY_LEVELS, urgencyRank, type Urgency } from "../../flows/index.js";
import type { CaseStatRow } from "./caseStore.js";

export { PERIODS, type Period } from "./caseVocabulary.js";
import type { Period } from "./caseVocabulary.js";

export interface LevelStats {
  urgency: Urgency;
  cases: number;
  /** Cases a clinician took. */
  taken: number;
  /** Median minutes from opening to the first claim, over taken cases (null when none). */
  medianWaitMinutes: number | null;
  /** Of the cases whose SLA is decided (taken, or past the deadline), the share taken in time, 0-100 (null when none). */
  withinSlaPercent: number | null;
  breached: number;
}

/** Cases whose level a clinician changed from the questionnaire's (issue 24, item 16). */
export interface ClinicianChanges {
  changed: number;
  /** Changed to a more urgent level. */
  raised: number;
  /** Changed to a less urgent level. */
  lowered: number;
}

export interface DashboardStats {
  period: Period;
  from: string;
  to: string;
  total: number;
  /** Per level the questionnaire decided: a clinician's later change does not move a case between levels. */
  levels: LevelStats[];
  clinicianChanges: ClinicianChanges;
}

/** Given a period and the time, returns its range: today from local midnight, else the last 7 or 30 days. */
export function periodRange(period: Period, now: Date): { from: Date; to: Date } {
  if (period === "today") {
    const from = new Date(now);
    from.setHours(0, 0, 0, 0);
    return { from, to: now };
  }
  const days = period === "7d" ? 7 : 30;
  return { from: new Date(now.getTime() - days * 86_400_000), to: now };
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Given the cases opened in a period and the time, returns the dashboard's figures per level the questionnaire decided, and the clinicians' changes apart. Pure. */
export function dashboardStats(period: Period, range: { from: Date; to: Date }, rows: readonly CaseStatRow[], now: Date): DashboardStats {
  const levels = URGENCY_LEVELS.map((urgency): LevelStats => {
    const cases = rows.filter((r) => r.flowUrgency === urgency);
    const taken = cases.filter((r) => r.claimedAt !== undefined);
    const waits = taken.map((r) => (Date.parse(r.claimedAt!) - Date.parse(r.openedAt)) / 60_000);
    const inTime = (r: CaseStatRow) => r.claimedAt !== undefined && r.breachedAt === undefined && Date.parse(r.claimedAt) <= Date.parse(r.slaDeadline);
    const decided = cases.filter((r) => r.claimedAt !== undefined || r.breachedAt !== undefined || Date.parse(r.slaDeadline) <= now.getTime());
    const onTime = decided.filter(inTime).length;
    const wait = median(waits);
    return {
      urgency,
      cases: cases.length,
      taken: taken.length,
      medianWaitMinutes: wait === null ? null : Math.round(wait * 10) / 10,
      withinSlaPercent: decided.length === 0 ? null : Math.round((onTime / decided.length) * 1000) / 10,
      breached: cases.filter((r) => r.breachedAt !== undefined).length,
    };
  });
  const changed = rows.filter((r) => r.urgency !== r.flowUrgency);
  const raised = changed.filter((r) => urgencyRank(r.urgency) < urgencyRank(r.flowUrgency)).length;
  const clinicianChanges = { changed: changed.length, raised, lowered: changed.length - raised };
  return { period, from: range.from.toISOString(), to: range.to.toISOString(), total: rows.length, levels, clinicianChanges };
}
