import { describe, expect, it } from "vitest";
import { variablesOf, type CompiledFlow, type Flow, type OutcomeNode } from "../../../flows/index.js";
import {
  ROUTING,
  expectLevelAndReasons,
  expectOutcomeTextsInBothLanguages,
  outcomeOf,
  outcomeTexts,
  questionOf,
  readLibraryJson,
  loadLibraryFlow,
  type LoadedFlow,
} from "./flowTestParts.js";

export { outcomeOf, questionOf };
import { redFlagCasesOf, type RedFlagCase } from "./holdingReplies.js";
import { expectRedFlagEnd as expectEndsOnRedFlag } from "./redFlagSuite.js";
import { reasonTexts, runScenario, type ScenarioAnswers, type ScenarioRun } from "../libraryFlows.js";
import { readDecisionTable, type DecisionTable } from "./scenarioTables.js";

/*
 * The tests the breathing and fever flows share, around the red-flag cases of holdingReplies.ts:
 * every red flag ends the flow at once at every question it reads (never loosen these), the shared
 * questions kept exactly, and the decision table as [name, level, changes, rules] rows.
 */

export type Level = "EMERGENCY" | "URGENT" | "SOON" | "ROUTINE" | "SELF_CARE";

export const sorted = (ids: readonly string[]) => [...ids].sort();

export interface HoldingRedFlagSpec {
  slug: string;
  loaded: LoadedFlow;
  /** Answers that reach every question a red flag reads. */
  path: ScenarioAnswers;
  /** Typed durations worth trying. */
  durations: string[];
  /** The flow's own red flags (not the shared ones), written out by hand: [question, answer that fires it]. */
  ownRedFlags: Record<string, [question: string, answer: unknown]>;
  /** A patient handed over from general whose first answer in this flow fires one of its own red flags (at its question and answer in `ownRedFlags`). */
  handover?: Omit<HandoverRedFlagSpec, "question" | "answer">;
}

/**
 * Declares the "red flags" block: a firing case for every red flag at every question it reads, the
 * hand-written table complete, and each case (generated or written) ending the flow at once as an
 * emergency. `more` declares the flow's own tests in the same block.
 */
export function describeHoldingRedFlags(spec: HoldingRedFlagSpec, more: () => void): { cases: RedFlagCase[]; expectRedFlagEnd: (c: RedFlagCase) => void } {
  const {
    slug,
    loaded: { flow, run },
    path,
    ownRedFlags,
  } = spec;
  const cases = redFlagCasesOf(flow, path, spec.durations);

  function expectRedFlagEnd(c: RedFlagCase) {
    const result = run({ ...path, [c.question]: c.answer });
    // The flow ended at once: the question that revealed the red flag is the last one asked, and asked once.
    expectEndsOnRedFlag(flow, result, c.flag, c.question);
    expect(result.asked.filter((id) => id === c.question)).toHaveLength(1);
  }

  describe(`${slug}: red flags`, () => {
    it("has a firing case for every red flag and every question each red flag reads", () => {
      const covered = new Set(cases.map((c) => `${c.flag}@${c.question}`));
      const expected = flow.redFlags.flatMap((rf) => variablesOf(rf.when).map((q) => `${rf.id}@${q}`));
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.filter((key) => !covered.has(key))).toEqual([]);
      expect(new Set(cases.map((c) => c.flag))).toEqual(new Set(flow.redFlags.map((rf) => rf.id)));
    });

    it("lists every red flag of its own (not shared) in the hand-written table", () => {
      const globalIds = new Set(readLibraryJson("shared/dangerSigns.json").redFlags.map((rf: { id: string }) => rf.id));
      expect(Object.keys(ownRedFlags).sort()).toEqual(
        flow.redFlags
          .map((rf) => rf.id)
          .filter((id) => !globalIds.has(id))
          .sort(),
      );
    });

    it.each(cases.map((c) => [`${c.flag} fires at ${c.question} on ${JSON.stringify(c.answer)} and ends the flow there`, c] as const))("%s", (_name, c) =>
      expectRedFlagEnd(c),
    );

    it.each(Object.entries(ownRedFlags))("%s fires at the question written in the table", (flag, [q, answer]) => {
      expectRedFlagEnd({ flag, question: q, answer });
    });

    more();
    if (spec.handover) {
      const [question, answer] = ownRedFlags[spec.handover.redFlag] ?? [];
      if (!question) throw new Error(`${spec.handover.redFlag} is not among ${slug}'s own red flags`);
      itFiresOwnRedFlagAfterHandover(slug, { ...spec.handover, question, answer });
    }
  });

  return { cases, expectRedFlagEnd };
}

export interface HandoverRedFlagSpec {
  /** What a man types and picks in the general flow. */
  complaintText: string;
  age: number;
  mainComplaint: string;
  /** The flow's first question that reveals a red flag, the answer that fires it, and the red flag. */
  question: string;
  answer: unknown;
  redFlag: string;
}

/** Declares that the flow's own red flag fires for a patient handed over from general, who is not asked the carried questions again. */
export function itFiresOwnRedFlagAfterHandover(slug: string, { complaintText, age, mainComplaint, question, answer, redFlag }: HandoverRedFlagSpec): void {
  it("fires its own red flags after a handover from general, without asking the carried questions again", () => {
    // Default resolver: the whole library, as a patient coming through the general flow meets it.
    const result = runScenario("general", {
      danger_signs: ["none"],
      complaint_text: complaintText,
      age_years: age,
      sex: "male",
      main_complaint: mainComplaint,
      [question]: answer,
    });
    expect(result.flows).toEqual(["general", slug]);
    expect(result.asked).toEqual(["danger_signs", "complaint_text", "age_years", "sex", "main_complaint", question]);
    expect(result.result?.redFlag).toBe(redFlag);
    expect(result.result?.urgency).toBe("EMERGENCY");
  });
}

/** Declares that the shared danger-sign question, the given demographic questions and the global red flags are kept exactly. */
export function itKeepsSharedQuestions(compiled: CompiledFlow, flow: Flow, spec: { demographics?: (id: string) => boolean; emergencies: string[] }): void {
  it("includes the shared danger_signs question, demographics and global red flags exactly as given", () => {
    const shared = readLibraryJson("shared/dangerSigns.json");
    const demographics: { id: string }[] = readLibraryJson("shared/demographics.json").questions;
    const { next: _shared, ...sharedQuestion } = shared.question;
    const { next, ...own } = questionOf(compiled, "danger_signs");
    expect(own).toEqual(sharedQuestion);
    expect(next.default).toBe("age_years");
    expect(flow.start).toBe("danger_signs");
    for (const rf of shared.redFlags) expect(flow.redFlags.find((f) => f.id === rf.id)).toEqual(rf);
    for (const q of demographics.filter((d) => spec.demographics?.(d.id) ?? true)) {
      const { next: _s, ...sharedDemo } = q as { id: string; next?: unknown };
      const { next: _o, ...ownDemo } = questionOf(compiled, q.id);
      expect(ownDemo).toEqual(sharedDemo);
    }
    for (const id of spec.emergencies) {
      expect(outcomeOf(compiled, id)).toMatchObject({ urgency: "EMERGENCY", routing: "emergency_services" });
    }
  });
}

export interface DecisionTableSpec {
  slug: string;
  loaded: LoadedFlow;
  withAnswers: (overrides: ScenarioAnswers) => ScenarioAnswers;
  /** The flow's decision table (scenarios/<slug>.json): a change to the base answers, its level and exact rules. */
  rows: DecisionTable["scenarios"];
  /** The red-flag cases and the path they are answered on (they reach the emergency outcomes). */
  redFlags: { cases: RedFlagCase[]; path: ScenarioAnswers };
  /** Whether the flow's outcomes must span all five levels. */
  everyLevel?: boolean;
}

/**
 * Declares, in the describe block it is called in: each row ends in this flow at its level, routing
 * and exact rules (explained in both languages); every outcome reached; every rule fired; every
 * outcome routed by its urgency.
 */
export function itRunsDecisionTable({ slug, loaded: { flow, run }, withAnswers, rows, redFlags, everyLevel }: DecisionTableSpec): void {
  it.each(rows.map((row) => [row.name, row.urgency as Level, row.change, row.rules] as const))("ends %s at %s", (_name, urgency, overrides, rules) => {
    const result = run(withAnswers(overrides));
    expect(result.flows).toEqual([slug]);
    expect(result.result?.redFlag).toBeUndefined();
    expectLevelAndReasons(result.result, urgency, rules, { anyOrder: true });
  });

  it("reaches every outcome of the flow in the scenarios or red-flag cases", () => {
    const reached = new Set<string>();
    for (const { change } of rows) reached.add(run(withAnswers(change)).result!.outcome);
    for (const c of redFlags.cases) reached.add(run({ ...redFlags.path, [c.question]: c.answer }).result!.outcome);
    const outcomes = flow.nodes.filter((n): n is OutcomeNode => n.kind === "outcome");
    expect(outcomes.map((o) => o.id).filter((id) => !reached.has(id))).toEqual([]);
    if (everyLevel) expect(new Set(outcomes.map((o) => o.urgency))).toEqual(new Set(["EMERGENCY", "URGENT", "SOON", "ROUTINE", "SELF_CARE"]));
  });

  it("fires every rule of the decision table in at least one scenario", () => {
    const fired = new Set(rows.flatMap(({ rules }) => rules));
    const decision = flow.nodes.find((n) => n.kind === "decision");
    if (decision?.kind !== "decision") throw new Error(`${slug} has no decision node`);
    const all = [...decision.rules.map((r) => r.id), decision.otherwise.id];
    expect(all.filter((id) => !fired.has(id))).toEqual([]);
  });

  it("routes every outcome by its urgency", () => {
    for (const node of flow.nodes) if (node.kind === "outcome") expect(node.routing, node.id).toBe(ROUTING[node.urgency as Level]);
  });
}

/** Declares the outcome-text tests: title, advice and safety-net in both languages with no phone number; the emergency number in every safety-net below EMERGENCY. */
export function itChecksOutcomeTexts(flow: Flow, who: "patient" | "parent" = "patient"): void {
  it("has outcomes with a title, advice and safety-net in both languages, with no phone number", () => {
    expectOutcomeTextsInBothLanguages(flow);
    for (const { id, text } of outcomeTexts(flow)) {
      const both = `${text?.fr} ${text?.en}`;
      expect(both, id).not.toMatch(/\b(15|17|18|19|112|114|141|150|177|911|999|3114)\b(?!\s*(min|heure|hour|%|°))/);
      expect(both, id).not.toMatch(/(appel\w*|call|compos\w*|dial)\s+(le\s+)?\d/i);
    }
  });

  it(`tells every ${who} not sent to emergency services when to call the emergency number`, () => {
    for (const node of flow.nodes) {
      if (node.kind !== "outcome" || node.urgency === "EMERGENCY") continue;
      expect(node.safetyNet?.fr, node.id).toMatch(/numéro d'urgence/);
      expect(node.safetyNet?.en, node.id).toMatch(/emergency number/);
    }
  });
}

export interface SameStorySpec {
  run: (answers: ScenarioAnswers) => ScenarioRun;
  /** One patient's story, answered in the words of each language. */
  story: (locale: "fr" | "en") => ScenarioAnswers;
  urgency: Level;
  /** The rules the story gives, in any order. */
  rules: readonly string[];
  /** A reason the patient is told, in each language. */
  reasonFr: string;
  reasonEn: string;
  /** Further checks on the two runs, in the same test. */
  more?: (fr: ScenarioRun, en: ScenarioRun) => void;
}

/** Declares that the same story told in French and in English gets the same urgency, routing and rules, each reason worded in both languages. */
export function itGivesTheSameResultInBothLanguages({ run, story, urgency, rules, reasonFr, reasonEn, more }: SameStorySpec): void {
  it("gives the same urgency, routing and reasons to the same story told in French and in English", () => {
    const fr = run(story("fr"));
    const en = run(story("en"));
    expect(fr.result).toMatchObject({ urgency, routing: ROUTING[urgency] });
    expect({ urgency: en.result?.urgency, routing: en.result?.routing }).toEqual({ urgency: fr.result?.urgency, routing: fr.result?.routing });
    expect(sorted(fr.result!.reasons.map((r) => r.rule))).toEqual(sorted(rules));
    expect(en.result!.reasons.map((r) => r.rule)).toEqual(fr.result!.reasons.map((r) => r.rule));
    const frTexts = reasonTexts(fr.result, "fr");
    const enTexts = reasonTexts(en.result, "en");
    expect(frTexts).toContain(reasonFr);
    expect(enTexts).toContain(reasonEn);
    frTexts.forEach((text, i) => {
      expect(text).toBeTruthy();
      expect(enTexts[i]).toBeTruthy();
      expect(text).not.toBe(enTexts[i]);
    });
    more?.(fr, en);
  });
}

export interface HoldingFlow extends LoadedFlow {
  slug: string;
  /** The decision table's base patient, and that patient with some answers changed. */
  base: ScenarioAnswers;
  withAnswers: (overrides: ScenarioAnswers) => ScenarioAnswers;
  /** Declares the "red flags" block of this flow (describeHoldingRedFlags). */
  describeRedFlags: (spec: Omit<HoldingRedFlagSpec, "slug" | "loaded">, more: () => void) => ReturnType<typeof describeHoldingRedFlags>;
  /** Declares the flow's decision table (scenarios/<slug>.json) and its coverage checks (itRunsDecisionTable). */
  itRunsDecisionTable: (spec: Pick<DecisionTableSpec, "redFlags" | "everyLevel">) => void;
}

/** Loads a breathing or fever flow (with the flows it hands over to, and no other) and its decision table. */
export function holdingFlowTest(slug: string, handsOverTo: string[] = []): HoldingFlow {
  const loaded = loadLibraryFlow(slug, handsOverTo);
  const { base, scenarios } = readDecisionTable(slug);
  const withAnswers = (overrides: ScenarioAnswers): ScenarioAnswers => ({ ...base, ...overrides });
  return {
    ...loaded,
    slug,
    base,
    withAnswers,
    describeRedFlags: (spec, more) => describeHoldingRedFlags({ slug, loaded, ...spec }, more),
    itRunsDecisionTable: (spec) => itRunsDecisionTable({ slug, loaded, withAnswers, rows: scenarios, ...spec }),
  };
}
