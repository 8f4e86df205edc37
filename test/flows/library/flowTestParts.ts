import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  compileFlow,
  currentQuestion,
  flowSchema,
  resolverOf,
  startFlow,
  type AnswerValue,
  type CompiledFlow,
  type Flow,
  type FlowResolver,
  type OutcomeNode,
  type Question,
  type TriageResult,
} from "../../../flows/index.js";
import { ROUTING_OF_URGENCY } from "../../fixtures/buildFlow.js";
import { LIBRARY_DIR, reasonTexts, runScenario, type ScenarioAnswers, type ScenarioRun } from "../libraryFlows.js";

/*
 * The parts of a library flow's test that every flow shares, one piece each: loading the flow with
 * a resolver of its own, the scenario table, the same patient in French and in English, the shared
 * content checks and the vignette drafts. A flow's test composes the parts it needs and adds what is
 * particular to it; complaintFlowSuite.ts composes them all for the complaint flows of issue 20.
 */

export const ROUTING: Record<string, string> = ROUTING_OF_URGENCY;

/**
 * A woman of 30, not pregnant, with no danger sign: the demographic answers most flows' base
 * patients start from, and what the general flow carries over to a complaint flow for her.
 */
export const WOMAN_OF_30: Record<string, AnswerValue> = { danger_signs: ["none"], age_years: 30, sex: "female", pregnant: "no" };

/**
 * Asserts a result's level, the routing of that level, and its reasons: exactly these rules, in this
 * order (or in any order with `anyOrder`), each explained in French and in English.
 */
export function expectLevelAndReasons(result: TriageResult | undefined, urgency: string, rules: readonly string[], { anyOrder = false } = {}): void {
  expect(result?.urgency).toBe(urgency);
  expect(result?.routing).toBe(ROUTING[urgency]);
  const fired = (result?.reasons ?? []).map((r) => r.rule);
  if (anyOrder) expect([...fired].sort()).toEqual([...rules].sort());
  else expect(fired).toEqual(rules);
  for (const reason of result?.reasons ?? []) {
    expect(reason.text.fr, reason.rule).toBeTruthy();
    expect(reason.text.en, reason.rule).toBeTruthy();
  }
}

/** The first question a flow asks of a patient who arrives with these answers already given (carried over from the general flow). */
export const firstQuestionAfter = (compiled: CompiledFlow, carried: Record<string, AnswerValue>): string | undefined =>
  currentQuestion(compiled, startFlow(compiled, carried))?.id;

/** Declares that a patient coming from the general flow with these answers is asked this question first, and none of the carried ones again. */
export function itSkipsQuestionsAnsweredInGeneral(compiled: CompiledFlow, firstAfter: [carried: Record<string, AnswerValue>, first: string][]): void {
  it("skips the questions already answered in the general flow", () => {
    for (const [carried, first] of firstAfter) expect(firstQuestionAfter(compiled, carried)).toBe(first);
  });
}

/** Declares that the flow asks the danger signs first, then the demographic questions up to pregnancy. */
export function itStartsWithDangerSignsThenDemographics(run: (answers: ScenarioAnswers) => ScenarioRun, base: ScenarioAnswers): void {
  it("starts with the danger signs, then the demographic questions", () => {
    expect(run(base).asked.slice(0, 4)).toEqual(["danger_signs", "age_years", "sex", "pregnant"]);
  });
}

export const readLibraryJson = (file: string) => JSON.parse(readFileSync(join(LIBRARY_DIR, file), "utf8"));

/** The shared danger-sign question with the global red flags, and the shared demographic questions, as written. */
export const readSharedScreens = () => ({ shared: readLibraryJson("shared/dangerSigns.json"), demographics: readLibraryJson("shared/demographics.json") });

export interface LoadedFlow {
  /** The flow file as written (before the schema fills defaults). */
  raw: { start: string; nodes: Record<string, unknown>[]; redFlags: unknown[] };
  flow: Flow;
  compiled: CompiledFlow;
  /** The flow and the ones it hands over to, and nothing else. */
  resolver: FlowResolver;
  run: (answers: ScenarioAnswers) => ScenarioRun;
  /** The flow's question or outcome by id; throws when it has none. */
  question: (id: string) => Question;
  outcome: (id: string) => OutcomeNode;
}

/** A flow's question by id; throws when it has none. */
export function questionOf(compiled: CompiledFlow, id: string): Question {
  const node = compiled.nodes.get(id);
  if (node?.kind !== "question") throw new Error(`${compiled.flow.slug} has no question ${id}`);
  return node;
}

/** A flow's outcome by id; throws when it has none. */
export function outcomeOf(compiled: CompiledFlow, id: string): OutcomeNode {
  const node = compiled.nodes.get(id);
  if (node?.kind !== "outcome") throw new Error(`${compiled.flow.slug} has no outcome ${id}`);
  return node;
}

type LocalisedText = { fr?: string; en?: string } | undefined;

/** Each outcome's title, advice and safety-net, with the outcome's id. */
export function outcomeTexts(flow: Flow): { id: string; text: LocalisedText }[] {
  return flow.nodes.flatMap((node) => (node.kind === "outcome" ? [node.title, node.advice, node.safetyNet].map((text) => ({ id: node.id, text })) : []));
}

/** Asserts that every outcome has a title, advice and safety-net in French and in English. */
export function expectOutcomeTextsInBothLanguages(flow: Flow): void {
  for (const { id, text } of outcomeTexts(flow)) {
    expect(text?.fr, id).toBeTruthy();
    expect(text?.en, id).toBeTruthy();
  }
}

/**
 * Reads and compiles a library flow with a resolver of its own (plus the flows it hands over to):
 * a flow being written by someone else cannot break the tests of this one.
 */
export function loadLibraryFlow(slug: string, handsOverTo: string[] = []): LoadedFlow {
  const raw = readLibraryJson(`${slug}.json`);
  const flow: Flow = flowSchema.parse(raw);
  const compiled = compileFlow(flow);
  const others = handsOverTo.map((other) => compileFlow(flowSchema.parse(readLibraryJson(`${other}.json`))));
  const resolver = resolverOf([compiled, ...others]);
  return {
    raw,
    flow,
    compiled,
    resolver,
    run: (answers) => runScenario(slug, answers, resolver),
    question: (id) => questionOf(compiled, id),
    outcome: (id) => outcomeOf(compiled, id),
  };
}

export interface TableScenario {
  name: string;
  /** Every answer the patient gives. */
  answers: ScenarioAnswers;
  urgency: string;
  /** Decision rules expected among the reasons, exactly. */
  rules: string[];
  /** The outcome node, when the level has more than one. */
  outcome?: string;
}

export interface ScenarioTableSpec {
  flow: Flow;
  run: (answers: ScenarioAnswers) => ScenarioRun;
  scenarios: TableScenario[];
  /** Other paths that reach outcomes: the red-flag cases (emergency outcomes), branches that end before the decision. */
  otherPaths: ScenarioAnswers[];
}

function decisionOf(flow: Flow) {
  const decision = flow.nodes.find((n) => n.kind === "decision");
  if (decision?.kind !== "decision") throw new Error("no decision node");
  return decision;
}

/**
 * Declares, in the describe block it is called in: each scenario's level, routing and exact reasons;
 * every outcome reached; every decision rule fired by at least one scenario.
 */
export function itRunsScenarioTable({ flow, run, scenarios, otherPaths }: ScenarioTableSpec): void {
  it.each(scenarios.map((sc) => [sc.name, sc] as const))("%s", (_name, sc) => {
    const { result } = run(sc.answers);
    expect(result?.redFlag).toBeUndefined();
    expectLevelAndReasons(result, sc.urgency, sc.rules, { anyOrder: true });
    if (sc.outcome) expect(result?.outcome).toBe(sc.outcome);
  });

  it("reaches every outcome of the flow", () => {
    const reached = new Set([...scenarios.map((sc) => sc.answers), ...otherPaths].map((answers) => run(answers).result?.outcome));
    const outcomes = flow.nodes.filter((n) => n.kind === "outcome").map((n) => n.id);
    expect(outcomes.filter((o) => !reached.has(o))).toEqual([]);
  });

  it("fires every decision rule in at least one scenario", () => {
    const fired = new Set(scenarios.flatMap((sc) => run(sc.answers).result?.reasons.map((r) => r.rule) ?? []));
    const decision = decisionOf(flow);
    expect([...decision.rules.map((r) => r.id), decision.otherwise.id].filter((id) => !fired.has(id))).toEqual([]);
  });
}

/** Declares that the base patient gets only the decision's otherwise rule. */
export function itGivesOnlyTheOtherwiseRule(flow: Flow, run: (answers: ScenarioAnswers) => ScenarioRun, base: ScenarioAnswers): void {
  it("gives no reason but the otherwise rule to the base patient", () => {
    expect(run(base).result?.reasons.map((r) => r.rule)).toEqual([decisionOf(flow).otherwise.id]);
  });
}

export interface BilingualSpec {
  /** The same patient answering in French words, then in English words. */
  fr: ScenarioAnswers;
  en: ScenarioAnswers;
  urgency: string;
  /** Rules the French answers must give (among others, unless `exactRules`). */
  rules: string[];
  exactRules?: boolean;
  reasonFr: RegExp;
  reasonEn: RegExp;
}

/**
 * The same patient typing every answer in words, in French then in English: the base answers with the
 * danger signs typed as "none", the French words, and the English words that replace them.
 */
export function typedInBothLanguages(base: ScenarioAnswers, fr: ScenarioAnswers, enWords: ScenarioAnswers = {}): Pick<BilingualSpec, "fr" | "en"> {
  const typedFr = { ...base, danger_signs: "none", ...fr };
  return { fr: typedFr, en: { ...typedFr, ...enWords } };
}

/** Declares the "both locales" tests: same level, routing and reasons whatever the language, explained in both. */
export function describeBothLocales(slug: string, run: (answers: ScenarioAnswers) => ScenarioRun, spec: BilingualSpec): void {
  describe(`${slug}: both locales`, () => {
    it("gives the same urgency, routing and reasons whatever the language of the answers", () => {
      const a = run(spec.fr).result!;
      const b = run(spec.en).result!;
      expect(a.urgency).toBe(spec.urgency);
      expect(b.urgency).toBe(a.urgency);
      expect(b.routing).toBe(a.routing);
      expect(b.reasons.map((r) => r.rule)).toEqual(a.reasons.map((r) => r.rule));
      expect(a.reasons.map((r) => r.rule)).toEqual(spec.exactRules ? spec.rules : expect.arrayContaining(spec.rules));
    });

    it("explains its reasons in French and in English", () => {
      const result = run(spec.fr).result;
      const textsFr = reasonTexts(result, "fr");
      const textsEn = reasonTexts(result, "en");
      expect(textsFr.length).toBeGreaterThan(0);
      expect(textsFr.every((t) => t.length > 0)).toBe(true);
      expect(textsEn.every((t) => t.length > 0)).toBe(true);
      textsFr.forEach((t, i) => expect(t).not.toBe(textsEn[i]));
      expect(textsFr.join(" ")).toMatch(spec.reasonFr);
      expect(textsEn.join(" ")).toMatch(spec.reasonEn);
    });
  });
}

export interface SharedContentSpec {
  slug: string;
  loaded: Pick<LoadedFlow, "raw" | "flow">;
  /**
   * Which shared demographic questions the flow asks: "all" (each exactly as shared), "present"
   * (the age, and any other it asks exactly as shared), or the list of those it asks (the others
   * must be absent).
   */
  demographics: "all" | "present" | string[];
  /** The first test's title, when it does not say "demographic questions". */
  title?: string;
  /** Further content tests of the flow, declared in the same block. */
  more?: () => void;
}

/** Declares the content tests: shared danger signs, red flags and demographics unchanged, no phone number, complete outcomes. */
export function describeSharedContent({ slug, loaded: { raw, flow }, demographics, title, more }: SharedContentSpec): void {
  describe(`${slug}: content`, () => {
    it(title ?? "includes the shared danger signs, global red flags and demographic questions unchanged", () => {
      const shared = readLibraryJson("shared/dangerSigns.json");
      const demographicQuestions: Record<string, unknown>[] = readLibraryJson("shared/demographics.json").questions;
      const withoutNext = (node: Record<string, unknown>) => Object.fromEntries(Object.entries(node).filter(([k]) => k !== "next"));
      const rawNode = (id: string) => raw.nodes.find((n) => n.id === id);
      expect(raw.start).toBe("danger_signs");
      expect(withoutNext(rawNode("danger_signs")!)).toEqual(withoutNext(shared.question));
      for (const question of demographicQuestions) {
        const own = rawNode(question.id as string);
        if (demographics === "all" || (Array.isArray(demographics) && demographics.includes(question.id as string)))
          expect(withoutNext(own!)).toEqual(withoutNext(question));
        else if (demographics === "present") {
          if (own) expect(withoutNext(own)).toEqual(withoutNext(question));
        } else expect(own).toBeUndefined();
      }
      if (demographics === "present") expect(rawNode("age_years")).toBeDefined();
      expect(raw.redFlags.slice(0, shared.redFlags.length)).toEqual(shared.redFlags);
      for (const id of ["emergency", "emergency_mental_health"]) {
        expect(rawNode(id)).toMatchObject({ kind: "outcome", urgency: "EMERGENCY", routing: "emergency_services" });
      }
    });

    it("never writes an emergency phone number in a text", () => {
      const texts = JSON.stringify({ nodes: flow.nodes, redFlags: flow.redFlags });
      expect(texts).not.toMatch(/\b(15|112|114|141|999|911|3114)\b/);
    });

    it("gives every outcome a title, advice and safety-net in both languages, with the routing of its urgency", () => {
      expectOutcomeTextsInBothLanguages(flow);
      for (const node of flow.nodes) if (node.kind === "outcome") expect(node.routing, node.id).toBe(ROUTING[node.urgency]);
    });

    more?.();
  });
}

interface GoldVignette {
  id: string;
  locale: string;
  answers: ScenarioAnswers;
  gold: string;
}

/** Declares the vignette-draft tests: every reachable level covered, as many in French as in English, each reaching its gold level. */
export function describeGoldVignettes(slug: string, flow: Flow, run: (answers: ScenarioAnswers) => ScenarioRun): void {
  describe(`${slug}: vignette drafts`, () => {
    const vignettes = JSON.parse(readFileSync(join(import.meta.dirname, `../../vignettes-drafts/${slug}.json`), "utf8")) as GoldVignette[];

    it("covers every level the flow can reach, in both languages", () => {
      const levels = new Set(flow.nodes.flatMap((n) => (n.kind === "outcome" ? [n.urgency] : [])));
      expect(new Set(vignettes.map((vg) => vg.gold))).toEqual(levels);
      expect(vignettes.filter((vg) => vg.locale === "fr").length).toBe(vignettes.filter((vg) => vg.locale === "en").length);
    });

    it.each(vignettes.map((vg) => [vg.id, vg] as const))("%s reaches its gold level", (_id, vg) => {
      expect(run(vg.answers).result?.urgency).toBe(vg.gold);
    });
  });
}
