import { describe, expect, it } from "vitest";
import type { CaseStatRow } from "../../bot/cases/caseStore.js";
import { dashboardStats, median, periodRange } from "../../bot/cases/dashboardStats.js";

const at = (minutes: number) => new Date(Date.parse("2026-03-02T08:00:00.000Z") + minutes * 60_000).toISOString();
const row = (urgency: CaseStatRow["urgency"], opened: number, sla: number, claimed?: number, breached?: number): CaseStatRow => ({
  urgency,
  flowUrgency: urgency,
  openedAt: at(opened),
  slaDeadline: at(opened + sla),
  state: claimed === undefined ? "open" : "claimed",
  ...(claimed === undefined ? {} : { claimedAt: at(claimed) }),
  ...(breached === undefined ? {} : { breachedAt: at(breached) }),
});

describe("dashboard figures", () => {
  const now = new Date(at(120));
  const rows = [
    row("URGENT", 0, 15, 5), // 5 min, in time
    row("URGENT", 10, 15, 30, 26), // 20 min, breached then taken
    row("URGENT", 20, 15, 27), // 7 min, in time
    row("URGENT", 110, 15), // still waiting, deadline ahead: not decided yet
    row("EMERGENCY", 0, 5, undefined, 6), // never taken, breached
    row("SOON", 0, 240, 60), // 60 min, in time
  ];
  const stats = dashboardStats("today", { from: new Date(at(-60)), to: now }, rows, now);
  const level = (u: string) => stats.levels.find((l) => l.urgency === u)!;

  it("counts the cases of each level, in the scale's order", () => {
    expect(stats.levels.map((l) => [l.urgency, l.cases])).toEqual([
      ["EMERGENCY", 1],
      ["URGENT", 4],
      ["SOON", 1],
      ["ROUTINE", 0],
      ["SELF_CARE", 0],
    ]);
    expect(stats.total).toBe(6);
  });

  it("gives the median wait before a clinician took the case, over the cases taken", () => {
    expect(level("URGENT").medianWaitMinutes).toBe(7);
    expect(level("SOON").medianWaitMinutes).toBe(60);
    expect(level("EMERGENCY").medianWaitMinutes).toBeNull();
  });

  it("gives the share taken within the SLA over the cases whose SLA is decided", () => {
    expect(level("URGENT").withinSlaPercent).toBe(66.7);
    expect(level("EMERGENCY").withinSlaPercent).toBe(0);
    expect(level("ROUTINE").withinSlaPercent).toBeNull();
    expect(level("URGENT").breached).toBe(1);
  });

  it("counts each case at the questionnaire's level and the clinicians' changes apart", () => {
    const changed = [
      { ...row("URGENT", 0, 15, 5), flowUrgency: "SOON" as const }, // raised by a clinician
      { ...row("ROUTINE", 0, 240, 10), flowUrgency: "URGENT" as const }, // lowered
      { ...row("EMERGENCY", 0, 5, 1), flowUrgency: "ROUTINE" as const }, // raised
      row("SOON", 0, 240),
    ];
    const figures = dashboardStats("today", { from: new Date(at(-60)), to: now }, changed, now);
    expect(figures.levels.map((l) => [l.urgency, l.cases])).toEqual([
      ["EMERGENCY", 0],
      ["URGENT", 1],
      ["SOON", 2],
      ["ROUTINE", 1],
      ["SELF_CARE", 0],
    ]);
    expect(figures.clinicianChanges).toEqual({ changed: 3, raised: 2, lowered: 1 });
    expect(stats.clinicianChanges).toEqual({ changed: 0, raised: 0, lowered: 0 });
  });

  it("takes the middle of an even list as the mean of the two middle values", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });

  it("starts today at local midnight and the other periods 7 or 30 days back", () => {
    const noon = new Date(2026, 2, 2, 12, 30);
    expect(periodRange("today", noon).from).toEqual(new Date(2026, 2, 2, 0, 0));
    expect(noon.getTime() - periodRange("7d", noon).from.getTime()).toBe(7 * 86_400_000);
    expect(noon.getTime() - periodRange("30d", noon).from.getTime()).toBe(30 * 86_400_000);
  });
});
