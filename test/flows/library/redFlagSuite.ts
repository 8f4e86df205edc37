import { describe, expect, it } from "vitest";
import { evaluateCondition, parseAnswer, variablesOf, type AnswerValue, type Flow, type OutcomeNode, type Question } from "../../../flows/index.js";
import type { ScenarioAnswers, ScenarioRun } from "../libraryFlows.js";

/*
 * Red-flag cases generated from a flow's own data, shared by the library tests: for every red flag
 * and every question its condition reads, every answer that fires it must end the flow at once at
 * that question, and a completeness test fails when a flag has no case. Never loosen these.
 */

export interface RedFlagCase {
  flag: string;
  question: string;
  raw: unknown;
  answers: ScenarioAnswers;
}

export interface RedFlagSuiteSpec {
  slug: string;
  flow: Flow;
  /** Answers to every question such that no rule fires. */
  base: ScenarioAnswers;
  /** What to change in `base` so that a question behind a branch is asked at all. */
  reach: Record<string, ScenarioAnswers>;
  run: (answers: ScenarioAnswers) => ScenarioRun;
}

function pairs<T>(items: T[]): T[][] {
  return items.flatMap((a, i) => items.slice(i + 1).map((b) => [a, b]));
}

/** Raw answers worth trying for a question: every option (and pair of options), yes and no, every scale step... */
function candidates(question: Question): unknown[] {
  switch (question.type) {
    case "yes_no":
      return ["yes", "no"];
    case "single_choice":
      return question.options.map((o) => o.value);
    case "multiple_choice": {
      const values = question.options.map((o) => o.value).filter((v) => v !== question.noneOption);
      const none = question.noneOption ? [[question.noneOption]] : [];
      return [...none, ...values.map((v) => [v]), ...pairs(values)];
    }
    case "scale":
      return Array.from({ length: 11 }, (_, i) => i);
    case "number": {
      const steps = Array.from({ length: 41 }, (_, i) => question.min + ((question.max - question.min) * i) / 40);
      return [...new Set(steps.map((n) => (question.integer ? Math.round(n) : n)))];
    }
    case "duration":
      return ["10 min", "1 hour", "6 hours", "1 day", "3 days", "1 week", "4 weeks"];
    case "free_text":
      return [];
  }
}

/**
 * For every red flag and every question its condition reads: each raw answer at that question for
 * which that flag is the one that fires (red flags are checked in order, the first that holds wins).
 * Answers at those questions for which no red flag holds go to `quiet`.
 */
function redFlagCases(
  { flow, base: BASE, reach: REACH, run }: RedFlagSuiteSpec,
  questions: Map<string, Question>,
): { cases: RedFlagCase[]; quiet: RedFlagCase[] } {
  const cases: RedFlagCase[] = [];
  const quiet: RedFlagCase[] = [];
  for (const rf of flow.redFlags) {
    for (const questionId of variablesOf(rf.when)) {
      const question = questions.get(questionId);
      if (!question) continue;
      const reach = { ...BASE, ...REACH[questionId] };
      const before = run(reach);
      const at = before.asked.indexOf(questionId);
      if (at < 0) continue; // reported by the completeness test below
      const context = before.state.frames[0]!.snapshot.context.answers;
      const earlier = Object.fromEntries(before.asked.slice(0, at).map((id) => [id, context[id]!]));
      for (const raw of candidates(question)) {
        const parsed = parseAnswer(question, raw);
        if (!parsed.ok) continue;
        const data: Record<string, AnswerValue> = { ...earlier, [questionId]: parsed.value };
        const first = flow.redFlags.find((f) => evaluateCondition(f.when, data));
        const c = { flag: rf.id, question: questionId, raw, answers: { ...reach, [questionId]: raw } };
        if (first?.id === rf.id) cases.push(c);
        else if (!first && !quiet.some((q) => q.question === questionId && JSON.stringify(q.raw) === JSON.stringify(raw))) quiet.push(c);
      }
    }
  }
  return { cases, quiet };
}

/**
 * Asserts that a run ended at once on red flag `flag`, at the question that revealed it: the flag's
 * outcome, EMERGENCY, emergency services, and a red-flag reason in French and in English.
 */
export function expectRedFlagEnd(flow: Flow, { result, asked }: Pick<ScenarioRun, "result" | "asked">, flag: string, question: string): void {
  const rf = flow.redFlags.find((f) => f.id === flag)!;
  const outcome = flow.nodes.find((n): n is OutcomeNode => n.kind === "outcome" && n.id === rf.outcome)!;
  expect(result?.redFlag).toBe(flag);
  expect(result?.outcome).toBe(rf.outcome);
  expect(result?.urgency).toBe(outcome.urgency);
  expect(result?.urgency).toBe("EMERGENCY");
  expect(result?.routing).toBe("emergency_services");
  expect(asked.at(-1)).toBe(question);
  const reason = result!.reasons.find((r) => r.rule === flag)!;
  expect(reason.kind).toBe("red_flag");
  expect(reason.text.fr).toBeTruthy();
  expect(reason.text.en).toBeTruthy();
}

/** Declares the red-flag tests of a flow and returns its red-flag cases (for coverage checks). */
export function describeRedFlagCases(spec: RedFlagSuiteSpec): { cases: RedFlagCase[] } {
  const { slug: SLUG, flow, run } = spec;
  const questions = new Map(flow.nodes.filter((n): n is Question => n.kind === "question").map((q) => [q.id, q]));
  const { cases: RED_FLAG_CASES, quiet: QUIET_CASES } = redFlagCases(spec, questions);

  describe(`${SLUG}: every red flag ends the flow at once at every question it reads`, () => {
    it("has at least one case for every red flag at every question its condition reads", () => {
      const missing: string[] = [];
      for (const rf of flow.redFlags) {
        const read = variablesOf(rf.when);
        expect(read.length, `${rf.id} reads no answer`).toBeGreaterThan(0);
        for (const questionId of read) {
          if (!RED_FLAG_CASES.some((c) => c.flag === rf.id && c.question === questionId)) missing.push(`${rf.id} @ ${questionId}`);
        }
      }
      expect(missing).toEqual([]);
    });

    it("keeps the shared danger-sign red flags, one per danger sign", () => {
      const dangerSigns = questions.get("danger_signs");
      expect(dangerSigns?.type).toBe("multiple_choice");
      if (dangerSigns?.type !== "multiple_choice") return;
      for (const option of dangerSigns.options.filter((o) => o.value !== dangerSigns.noneOption)) {
        expect(RED_FLAG_CASES.some((c) => c.question === "danger_signs" && c.flag === `rf_${option.value}` && String(c.raw) === option.value)).toBe(true);
      }
    });

    it.each(RED_FLAG_CASES.map((c) => [c.flag, c.question, JSON.stringify(c.raw), c] as const))(
      "%s fires at %s when the answer is %s",
      (flagId, questionId, _raw, c) => expectRedFlagEnd(flow, run(c.answers), flagId, questionId),
    );

    it.each(QUIET_CASES.map((c) => [c.question, JSON.stringify(c.raw), c] as const))(
      "goes on past %s when the answer is %s (no red flag holds)",
      (questionId, _raw, c) => {
        const { result, asked } = run(c.answers);
        expect(result?.redFlag).toBeUndefined();
        expect(asked[asked.length - 1]).not.toBe(questionId);
      },
    );
  });
  return { cases: RED_FLAG_CASES };
}
