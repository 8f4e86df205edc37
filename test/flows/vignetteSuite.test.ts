import { describe, expect, it } from "vitest";
import { flowSchema, variablesOf, type Flow } from "../../flows/index.js";
import { runVignetteSuite } from "../../flows/vignettes/runSuite.js";
import { missedTargets, VIGNETTE_TARGETS } from "../../flows/vignettes/vignetteReport.js";
import { readVignetteSuite } from "../../bot/vignettes/readVignetteSuite.js";
import { readLibraryFiles } from "./libraryFlows.js";

/*
 * The clinical vignette suite gates every flow change: each vignette is played from the entry
 * flow as a patient meets the bot. An EMERGENCY vignette under-triaged fails the build.
 */

const vignettes = readVignetteSuite();

/** Answers the entry flow gives every complaint flow: a red flag reading only these fires in the entry flow already. */
const CARRIED = new Set(["danger_signs", "age_years", "child_age_months", "sex", "pregnant", "complaint_text"]);

/** The levels a complaint flow can end at once a patient arrives from the entry flow (its own branches, decisions and red flags). */
function levelsReachableAfterEntry(flow: Flow): Set<string> {
  const targets = new Set<string>();
  for (const node of flow.nodes) {
    if ("next" in node) {
      node.next.branches.forEach((b) => targets.add(b.to));
      if (node.next.default) targets.add(node.next.default);
    }
    if (node.kind === "decision") [...node.rules.map((r) => r.outcome), node.otherwise.outcome].forEach((o) => targets.add(o));
  }
  for (const rf of flow.redFlags) if (variablesOf(rf.when).some((v) => !CARRIED.has(v))) targets.add(rf.outcome);
  return new Set(flow.nodes.flatMap((n) => (n.kind === "outcome" && targets.has(n.id) ? [n.urgency] : [])));
}
const library = readLibraryFiles().map(({ json }) => flowSchema.parse(json));
const { report } = runVignetteSuite(vignettes, library);

describe("the clinical vignette suite, played from the entry flow", () => {
  it("is large and balanced enough to mean something: ≥150 vignettes, half in each language, each category about a third", () => {
    expect(vignettes.length).toBeGreaterThanOrEqual(150);
    const french = vignettes.filter((v) => v.locale === "fr").length;
    expect(Math.abs(french / vignettes.length - 0.5)).toBeLessThanOrEqual(0.1);
    for (const { total } of Object.values(report.byCategory)) expect(total / vignettes.length).toBeGreaterThanOrEqual(0.25);
  });

  it("plays every vignette to an outcome (no unanswered question, no answer that does not parse)", () => {
    expect(report.problems).toEqual([]);
  });

  it("under-triages no EMERGENCY vignette", () => {
    expect(report.emergencyUnderTriaged).toEqual([]);
  });

  it("meets the suite's targets (URGENT under-triage, appropriateness per category, self-care over-triage, question count)", () => {
    expect(VIGNETTE_TARGETS.emergencyUnderTriaged).toBe(0);
    expect(missedTargets(report)).toEqual([]);
  });

  it("covers every shipped flow with a vignette at each level the flow can reach", () => {
    const reached = new Map<string, Set<string>>();
    for (const row of report.rows) {
      const end = row.flows?.at(-1);
      if (end && row.level) reached.set(end, (reached.get(end) ?? new Set()).add(row.level));
    }
    const missing: string[] = [];
    for (const flow of library.filter((f) => f.slug !== "general")) {
      const levels = levelsReachableAfterEntry(flow);
      for (const level of levels) if (!reached.get(flow.slug)?.has(level)) missing.push(`${flow.slug}: ${level}`);
    }
    expect(missing).toEqual([]);
  });
});
